"""Record forms (keyboard first, errors shown at the field)."""

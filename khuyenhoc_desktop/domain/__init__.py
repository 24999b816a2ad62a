"""Domain records, drafts, validation and errors (pure Python)."""

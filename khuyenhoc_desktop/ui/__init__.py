"""The Qt user interface (the only package importing PySide6)."""

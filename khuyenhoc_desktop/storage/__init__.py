"""The local SQLite data file."""

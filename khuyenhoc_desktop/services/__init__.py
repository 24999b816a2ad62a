"""Use cases over the data file."""

"""Khuyến học Desktop: records, printing and province sync for commune study-promotion committees."""

__version__ = "0.1.0"
APP_NAME = "Khuyến học Desktop"

"""Launcher: `python main.py` opens the same program as `khuyenhoc` and `python -m khuyenhoc_desktop`."""

import sys

from khuyenhoc_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""The program's log: a rotating file in the data folder, so problems can be traced after the fact."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from .config import log_dir

LOG_NAME = "khuyenhoc.log"
_configured = False


def setup_logging(level: int = logging.INFO) -> logging.Logger:
    """Log to `<data folder>/nhat-ky/khuyenhoc.log` (1 MB × 5 files). Never fails the program."""
    global _configured
    logger = logging.getLogger("khuyenhoc")
    if _configured:
        return logger
    logger.setLevel(level)
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(folder / LOG_NAME, maxBytes=1_000_000, backupCount=5,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    except OSError as exc:  # a read-only data folder must not stop the program
        print(f"Không ghi được nhật ký: {exc}", file=sys.stderr)
    _configured = True
    return logger


def log_path():
    return log_dir() / LOG_NAME

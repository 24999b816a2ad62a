import sys
from pathlib import Path

# sync_helpers.py sits beside the tests; make it importable whatever pytest's import mode is.
sys.path.insert(0, str(Path(__file__).parent))

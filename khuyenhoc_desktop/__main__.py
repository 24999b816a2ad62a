import sys

from khuyenhoc_desktop.cli import main

sys.exit(main())

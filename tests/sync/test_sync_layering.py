import subprocess
import sys


def test_sync_imports_no_qt_no_database():
    code = (
        "import sys, khuyenhoc_desktop.sync\n"
        "bad = [m for m in ('PySide6', 'peewee', 'khuyenhoc_desktop.services', 'khuyenhoc_desktop.ui')"
        " if m in sys.modules]\n"
        "storage = sorted(m for m in sys.modules if m.startswith('khuyenhoc_desktop.storage.'))\n"
        "assert not bad, bad\n"
        "assert storage == ['khuyenhoc_desktop.storage.files'], storage\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

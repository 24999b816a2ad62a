"""Shipped files are found through `resources.py`; a missing one is a broken installation, said so in Vietnamese."""

from __future__ import annotations

import errno
import shutil
from datetime import date

import pytest

from khuyenhoc_desktop import resources
from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.pdf import certificate
from khuyenhoc_desktop.resources import MissingResourceError
from khuyenhoc_desktop.storage.database import explain_storage_error


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """A copy of `resources/` the program is pointed at, so a test can take a file away."""
    copy = tmp_path / "resources"
    shutil.copytree(resources.resources_dir(), copy)
    monkeypatch.setattr(resources, "resources_dir", lambda: copy)
    return copy


def test_default_certificate_profiles_come_from_the_resources_folder(shipped_copy):
    assert certificate.default_profiles_path() == shipped_copy / "defaults" / "certificate_profiles.json"
    assert certificate.load_profiles()


def test_a_missing_shipped_file_names_itself_and_asks_to_reinstall(shipped_copy):
    (shipped_copy / "defaults" / "certificate_profiles.json").unlink()
    with pytest.raises(MissingResourceError) as caught:
        certificate.load_profiles()
    assert "defaults/certificate_profiles.json" in caught.value.message
    assert "cài lại" in caught.value.message and "USB" not in caught.value.message


def test_blank_form_printing_without_the_profiles_file_says_reinstall_not_usb(ws, shipped_copy, tmp_path, capsys):
    ws.awards.save(AwardDraft(school_year="2025-2026", full_name="Nguyễn Văn An", birth_date=date(2013, 2, 5),
                              category="Học sinh giỏi", amount=200_000, status="approved"), confirm=True)
    db = ws.datafile.path
    ws.close()
    (shipped_copy / "defaults" / "certificate_profiles.json").unlink()
    out = tmp_path / "phoi.pdf"
    code = main(["print", "certificates", "--db", str(db), "--out", str(out), "--mode", "blank-form"])
    err = capsys.readouterr().err
    assert code == 1 and "Thiếu tệp của chương trình" in err and "USB" not in err
    assert not out.exists()


def test_only_the_data_file_going_missing_is_blamed_on_the_usb_drive(tmp_path):
    data = tmp_path / "xa.db"
    other = FileNotFoundError(errno.ENOENT, "No such file or directory", str(tmp_path / "khac.json"))
    assert explain_storage_error(other, data) is None
    assert explain_storage_error(other) is None
    for name in (data, f"{data}-wal", f"{data}-shm"):
        gone = FileNotFoundError(errno.ENOENT, "No such file or directory", str(name))
        assert "ổ USB đã bị rút ra" in explain_storage_error(gone, data)
    assert explain_storage_error(FileNotFoundError(errno.ENOENT, "x", f"{data}.bak"), data) is None
    assert "ổ USB" in explain_storage_error(OSError(errno.EIO, "Input/output error"), data)

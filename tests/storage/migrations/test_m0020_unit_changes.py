"""m0020: the province's table of unit changes and their old communes, on a file of schema 18; an old code
belongs to one change, dates are ISO, and an old profile (without `unit_check`) is still read as before."""

from __future__ import annotations

import json
import sqlite3

import pytest

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0020_unit_changes import VERSION
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_T = "'2026-01-01T00:00:00+00:00'"


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "tinh.db"
    file_at_version(path, 18)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO setting(key, value) VALUES ('organisation', ?)",
                 (json.dumps({"province": "Bắc Ninh", "commune": "Tân Dĩnh", "commune_code": "07462"}),))
    conn.commit()
    conn.close()
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 18 and df.schema_version == migrations.latest_version() >= VERSION
    return path


def _change(conn, new_code="07432", effective="2025-07-01", decided=""):
    return conn.execute("INSERT INTO prov_unit_change(new_code, effective_date, decision_date, created_at, updated_at)"
                        f" VALUES (?, ?, ?, {_T}, {_T})", (new_code, effective, decided)).lastrowid


def test_an_old_code_belongs_to_one_change(upgraded):
    conn = sqlite3.connect(upgraded)
    a, b = _change(conn), _change(conn, "07210")
    conn.execute("INSERT INTO prov_unit_change_old(change_id, old_code, old_name) VALUES (?, '07435', 'Xã Đại Lâm')",
                 (a,))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute("INSERT INTO prov_unit_change_old(change_id, old_code) VALUES (?, '07435')", (b,))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        _change(conn, "07432")


@pytest.mark.parametrize("kwargs", [{"effective": "01/07/2025"}, {"decided": "16-6-2025"}, {"new_code": "TD1"}])
def test_dates_are_iso_and_codes_digits(upgraded, kwargs):
    conn = sqlite3.connect(upgraded)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        _change(conn, **kwargs)


def test_an_old_profile_is_read_as_never_checked(upgraded):
    from khuyenhoc_desktop.services.workspace import Workspace

    with Workspace.open(upgraded) as ws:
        org = ws.organisation
        assert (org.commune, org.commune_code, org.unit_check) == ("Tân Dĩnh", "07462", "")
        match = ws.profile.unit_to_confirm()
        assert match.commune.code == "07432" and "Mã xã 07462 là mã của Xã Bảo Đài" in match.problem

"""`khuyenhoc print dues-list` on a demo file: the signing list and the unpaid list, JSON valid against the
schema; an unknown chi hội refused in Vietnamese."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from khuyenhoc_desktop.cli import main
from tests.test_cli_json import made, run_json, validate  # noqa: F401 - `made` is the module's demo file


def test_print_dues_list(made, capsys, tmp_path):  # noqa: F811
    db, output = made
    assert output["made"]["dues_payments"] > 0
    year = date.today().year
    with sqlite3.connect(db) as conn:
        unit = conn.execute("SELECT name FROM org_unit WHERE kind = 'chi_hoi' ORDER BY name LIMIT 1").fetchone()[0]
        paid = conn.execute("SELECT COUNT(*) FROM dues_payment p JOIN member m ON m.uuid = p.member_uuid"
                            " JOIN org_unit u ON u.uuid = m.unit_uuid WHERE p.status = 'paid' AND p.year = ?"
                            " AND u.name = ?", (year, unit)).fetchone()[0]
    out = tmp_path / "ds.pdf"
    data = run_json(capsys, "print", "dues-list", "--db", db, "--out", out, "--year", year, "--unit", unit)
    validate(data, "print")
    assert data["document"] == "dues-list" and Path(data["path"]) == out and out.read_bytes().startswith(b"%PDF")
    assert data["paid"] == paid and 0 < paid <= data["count"]
    unpaid = run_json(capsys, "print", "dues-list", "--db", db, "--out", out, "--year", year, "--unpaid")
    validate(unpaid, "print")
    assert unpaid["paid"] == 0 and unpaid["count"] > 0
    assert main(["print", "dues-list", "--db", str(db), "--out", str(out), "--year", str(year),
                 "--unit", "Chi hội không có"]) == 1
    assert "Không tìm thấy chi hội/ban “Chi hội không có”" in capsys.readouterr().err

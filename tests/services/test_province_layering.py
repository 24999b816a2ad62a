"""The province's rules and screens never speak SQL: every statement on the prov_* tables is in
storage/province, and transactions go through `db.atomic()`."""

from __future__ import annotations

import re
from pathlib import Path

import khuyenhoc_desktop

ROOT = Path(khuyenhoc_desktop.__file__).parent
SQL = re.compile(r"execute_sql|executemany|\.connection\(\)|SAVEPOINT|\b(SELECT|INSERT|UPDATE|DELETE|CREATE)\s+"
                 r"(\*|DISTINCT|INTO|OR|FROM|TABLE|INDEX|[a-z_]+\s*(,|FROM|SET))|sqlite_master")


def _sources():
    yield from sorted((ROOT / "services" / "province").glob("*.py"))
    yield ROOT / "ui" / "pages" / "province_page.py"
    yield ROOT / "commands" / "sync_province.py"


def test_no_sql_outside_storage_on_the_province_side():
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in _sources()
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if SQL.search(line)]
    assert found == []


def test_the_pattern_finds_what_it_should():
    for line in ('db.execute_sql("SELECT 1")', 'conn.execute("SAVEPOINT x")', '"SELECT code, name FROM prov_commune"',
                 '"INSERT INTO prov_award VALUES (?)"', '"UPDATE prov_record SET x = 1"', "self.db.connection()"):
        assert SQL.search(line), line
    assert not SQL.search("Chọn các tệp .khsync của xã: chương trình thử nhập trước")

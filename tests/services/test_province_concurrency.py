"""Several staff on one PostgreSQL province store at once: two importer processes take the same packages
(and two packages claiming one seq number) at the same moment while a reader counts totals.

Every package is applied exactly once, the ledger never forks, no row is lost, and every total the
reader sees belongs to one state of the store: each commune's awards are those of the packages its
ledger lists, read in the same snapshot."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid as uuid_mod
from pathlib import Path

from khuyenhoc_desktop.services.workspace import Workspace
from tests.services.test_province_import import Commune, award
from tests.sql_helpers import run_sql

PACKAGES = 6  # per commune
NEW, UPDATED = 300, 60  # awards created by each package; awards of the package before it that it updates

IMPORTER = r"""
import json, sys, time
from pathlib import Path
from khuyenhoc_desktop.services.workspace import Workspace
url, go, files = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
ws = Workspace.open(url)
while not go.exists():
    time.sleep(0.005)
reports = ws.province.import_files(files, workers=0)
ws.close()
print(json.dumps([[r.file, r.commune_code, r.seq, r.status, r.message] for r in reports]))
"""


def _uuid(code: str, k: int, i: int) -> str:
    return str(uuid_mod.uuid5(uuid_mod.NAMESPACE_OID, f"{code}-{k}-{i}"))


def _award(uuid: str, amount: int, version: int = 1) -> dict:
    row = award(0, version=version, amount=amount)
    return {**row, "uuid": uuid, "data": {**row["data"], "uuid": uuid}}


def _rows(code: str, k: int) -> list[dict]:
    rows = [_award(_uuid(code, k, i), 1000 * k + i) for i in range(NEW)]
    if k > 1:
        rows += [_award(_uuid(code, k - 1, i), 7, version=2) for i in range(UPDATED)]
    return rows


def _expected_by_prefix(code: str) -> dict[int, tuple[int, int]]:
    """Packages 1 … k applied → (awards, amount) of the commune, worked out record by record."""
    amounts: dict[str, int] = {}
    out = {0: (0, 0)}
    for k in range(1, PACKAGES + 1):
        for r in _rows(code, k):
            amounts[r["uuid"]] = r["data"]["amount"]
        out[k] = (len(amounts), sum(amounts.values()))
    return out


def test_two_importers_and_a_reader_at_once(tmp_path, pg_url):
    communes = {code: Commune(tmp_path / code, code=code, name=name)
                for code, name in (("07462", "Tân Dĩnh"), ("07465", "Song Khê"), ("07468", "Nội Hoàng"))}
    with Workspace.open(pg_url) as ws:
        for c in communes.values():
            ws.province.register_commune(c.code, c.name, c.card_path)
    chains = {code: [c.package(_rows(code, k)) for k in range(1, PACKAGES + 1)]
              for code, c in communes.items() if code != "07468"}
    # Two packages of 07468 claiming seq 1, same figures, other records: one is applied, one is a fork.
    fork = communes["07468"]
    one = fork.package([_award(_uuid("a", 1, i), 5000) for i in range(NEW)], seq=1, prev=None)
    other = fork.package([_award(_uuid("b", 1, i), 5000) for i in range(NEW)], seq=1, prev=None)
    a, b = chains["07462"], chains["07465"]
    lists = [[*a, one, *b], [*b, other, *a]]  # each importer takes both chains, in the other order

    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", IMPORTER, pg_url, str(go), *map(str, files)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
             for files in lists]
    expected = {code: _expected_by_prefix(code) for code in chains}
    seen: list[tuple] = []
    problems: list[str] = []

    def read() -> None:
        with Workspace.open(pg_url, read_only=True) as reader:
            while any(p.poll() is None for p in procs) or not seen:
                agg = reader.province.aggregates()
                for code in chains:
                    last = agg.ledger[code]["last_seq"] or 0
                    got = (agg.by_commune[code]["awards"]["count"], agg.by_commune[code]["awards"]["amount"])
                    if got != expected[code][last]:
                        problems.append(f"{code}: ledger at {last}, awards {got}, expected {expected[code][last]}")
                    seen.append((code, last))
                forked = (agg.by_commune["07468"]["awards"]["count"], agg.ledger["07468"]["last_seq"])
                if forked not in ((0, None), (NEW, 1)):
                    problems.append(f"07468: {forked}")

    reader = threading.Thread(target=read)
    time.sleep(1.0)  # both importers connected and waiting
    go.touch()
    reader.start()
    outputs = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        outputs.append(json.loads(out))
    reader.join(timeout=120)

    assert problems == []
    assert len({last for code, last in seen}) > 1, "the reader saw the imports under way"
    # every package applied by exactly one importer, "đã nhập" for the other
    by_file: dict[str, list[str]] = {}
    for reports in outputs:
        for file, _code, _seq, status, _message in reports:
            by_file.setdefault(Path(file).name, []).append(status)
    for path in [*a, *b]:
        assert sorted(by_file[path.name]) == ["already", "applied"], (path.name, by_file[path.name])
    fork_statuses = sorted(by_file[one.name] + by_file[other.name])
    assert fork_statuses == ["applied", "refused"]
    refused = next(r for reports in outputs for r in reports if r[3] == "refused")
    assert "rẽ nhánh" in refused[4]

    with Workspace.open(pg_url) as ws:
        db = ws.province.db
        ledger = run_sql(db, "SELECT commune_code, seq FROM prov_package ORDER BY commune_code, seq").fetchall()
        assert ledger == [("07462", k) for k in range(1, PACKAGES + 1)] + [("07465", k) for k in range(1, PACKAGES + 1)] \
            + [("07468", 1)]
        agg = ws.province.aggregates()
        for code in chains:
            count, amount = expected[code][PACKAGES]
            assert (agg.by_commune[code]["awards"]["count"], agg.by_commune[code]["awards"]["amount"]) == (count, amount)
        assert agg.by_commune["07468"]["awards"]["count"] == NEW
        records = run_sql(db, "SELECT commune_code, COUNT(*) FROM prov_record GROUP BY commune_code"
                              " ORDER BY commune_code").fetchall()
        assert records == [("07462", PACKAGES * NEW), ("07465", PACKAGES * NEW), ("07468", NEW)]
        versions = run_sql(db, "SELECT version, COUNT(*) FROM prov_record GROUP BY version ORDER BY version").fetchall()
        assert versions == [(1, 2 * PACKAGES * NEW + NEW - 2 * (PACKAGES - 1) * UPDATED),
                            (2, 2 * (PACKAGES - 1) * UPDATED)]


def test_the_same_package_twice_at_once_on_a_file_is_applied_once(tmp_path):
    """The same race on a province file: SQLite's write lock is taken before the ledger is read."""
    c = Commune(tmp_path / "xa")
    target = str(tmp_path / "tinh.db")
    with Workspace.open(target, role="province") as ws:
        ws.province.register_commune(c.code, c.name, c.card_path)
    files = [c.package(_rows(c.code, k)) for k in range(1, 4)]
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", IMPORTER, target, str(go), *map(str, files)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
             for _ in range(2)]
    time.sleep(1.0)
    go.touch()
    statuses: dict[str, list[str]] = {}
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        for file, _code, _seq, status, _message in json.loads(out):
            statuses.setdefault(file, []).append(status)
    assert all(sorted(s) == ["already", "applied"] for s in statuses.values()), statuses
    with Workspace.open(target) as ws:
        assert run_sql(ws.db, "SELECT COUNT(*) FROM prov_package").fetchone()[0] == 3


KILLED = r"""
import sys, time
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage.province import ledger

real = ledger.add_package


def held(db, **row):  # the package's rows are written, its ledger row is next: killed here
    if row["seq"] == 2:
        print("STARTED", flush=True)
        time.sleep(600)
    return real(db, **row)


ledger.add_package = held
ws = Workspace.open(sys.argv[1])
ws.province.import_files(sys.argv[2:], workers=0)
"""


def test_an_importer_killed_in_the_middle_of_a_package_leaves_none_of_it_and_no_lock(tmp_path, pg_url):
    import signal

    c = Commune(tmp_path / "xa")
    with Workspace.open(pg_url) as ws:
        ws.province.register_commune(c.code, c.name, c.card_path)
    files = [c.package(_rows(c.code, k)) for k in (1, 2)]
    child = subprocess.Popen([sys.executable, "-c", KILLED, pg_url, *map(str, files)], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    assert child.stdout.readline().strip() == "STARTED"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    with Workspace.open(pg_url) as ws:
        assert run_sql(ws.db, "SELECT seq FROM prov_package").fetchall() == [(1,)]
        count, amount = _expected_by_prefix(c.code)[1]
        agg = ws.province.aggregates()
        assert (agg.awards["count"], agg.awards["amount"]) == (count, amount)  # nothing of package 2
        # the server ended the killed session: its commune lock is gone, package 2 imports now
        reports = ws.province.import_files([str(files[1])], workers=0)
        assert [r.status for r in reports] == ["applied"]
        agg = ws.province.aggregates()
        assert (agg.awards["count"], agg.awards["amount"]) == _expected_by_prefix(c.code)[2]

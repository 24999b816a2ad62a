"""Every command that reports, run with `--json` on a real demo file: one JSON object on stdout, valid against
docs/schemas/cli.schema.json, with the summary's figures reconciling (balance = opening + receipts − payments)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.services import demo
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.sync import KeyCard, generate_encryption_key, generate_signing_key, write_ack
from tests.services.test_excel_import import award_book

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "schemas" / "cli.schema.json")
                    .read_text(encoding="utf-8"))


def validate(data, name: str) -> None:
    Draft202012Validator.check_schema(SCHEMA)
    schema = {"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}
    errors = sorted(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def run_json(capsys, *args, code: int = 0):
    assert main([*map(str, args), "--json"]) == code
    out = capsys.readouterr().out
    return json.loads(out)  # one object, nothing else on stdout


def reconciles(fund: dict) -> None:
    for figures in (fund, *fund["books"]):
        assert figures["balance"] == figures["opening"] + figures["receipts"] - figures["payments"]
    if fund["books"]:
        for key in ("opening", "receipts", "payments", "balance", "vouchers"):
            assert fund[key] == sum(b[key] for b in fund["books"])


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A demo commune file made by `demo --json` (its output kept for the test of demo)."""
    folder = tmp_path_factory.mktemp("json")
    db = folder / "xa.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KHUYENHOC_DATA_DIR", str(folder / "data"))
        mp.setenv("KHUYENHOC_CONFIG_DIR", str(folder / "config"))
        mp.setenv("KHUYENHOC_KEY_STORE", "file")
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["demo", "--db", str(db), "--awards", "150", "--seed", "5", "--json"]) == 0
    return db, json.loads(out.getvalue())


def test_demo(made):
    db, data = made
    validate(data, "demo")
    assert data["made"]["awards"] == 150 and data["made"]["classes"] > 0
    with sqlite3.connect(db) as conn:
        declared = conn.execute("SELECT SUM(learners) FROM learning_class WHERE deleted = 0").fetchone()[0]
        named = conn.execute("SELECT COUNT(*) FROM class_learner WHERE deleted = 0").fetchone()[0]
    # "learners" is what the classes declare, as in the summary; the named ones are counted apart
    assert data["summary"]["classes"]["learners"] == declared and data["made"]["named_learners"] == named
    assert declared != named


def test_summary_of_a_commune_file(made, capsys):
    db, _ = made
    data = run_json(capsys, "summary", "--db", db)
    validate(data, "summary")
    assert "by_commune" not in data
    reconciles(data["fund"])
    awards = data["awards"]
    for by in ("by_category", "by_level", "by_school_year", "by_funding_source"):
        assert sum(v["count"] for v in awards[by].values()) == awards["count"]
        assert sum(v["amount"] for v in awards[by].values()) == awards["amount"]
    assert sum(v["count"] for v in awards["by_status"].values()) == awards["count"] + awards["pending"]["count"]
    classes = data["classes"]
    for key in ("count", "learners", "women", "minority"):
        assert sum(v[key] for v in classes["by_field"].values()) == classes[key]
    year = next(iter(awards["by_school_year"]))
    one = run_json(capsys, "summary", "--db", db, "--school-year", year)
    validate(one, "summary")
    reconciles(one["fund"])
    assert one["awards"]["count"] == awards["by_school_year"][year]["count"]
    learning = data["learning_models"]
    assert learning["year"] == date.today().year
    for model in ("family", "clan", "community", "unit"):
        assert learning[model]["total"] >= learning[model]["registered"] >= learning[model]["recognised"]


def test_report_uses_the_summary_names(made, capsys, tmp_path):
    db, _ = made
    data = run_json(capsys, "report", "--db", db, "--period", date.today().year)
    validate(data, "report")
    fund = data["fund"]
    assert {"opening", "receipts", "payments", "balance"} <= set(fund)
    assert fund["balance_by_month"][-1]["value"] == fund["balance"]["value"]
    # --json with --out: the file is written too, stdout is the same report
    out = tmp_path / "bc.xlsx"
    again = run_json(capsys, "report", "--db", db, "--period", date.today().year, "--format", "xlsx", "--out", out)
    assert again == data and out.stat().st_size > 0


def test_check(made, capsys):
    db, _ = made
    data = run_json(capsys, "check", "--db", db)
    validate(data, "check")
    assert data["integrity"] == "ok" and data["counts"]["award"]["total"] == 150


def test_backup_and_restore(made, capsys, tmp_path):
    db, _ = made
    copy = tmp_path / "ban-sao.db"
    copy.write_bytes(db.read_bytes())
    data = run_json(capsys, "backup", "--db", copy)
    validate(data, "backup")
    assert Path(data["path"]).is_file() and data["encrypted"] is False
    restored = run_json(capsys, "restore", "--db", copy, data["path"])
    validate(restored, "restore")
    assert restored["backup"]["counts"]["award"] == 150 and Path(restored["saved_copy"]).is_file()


def test_import_excel(tmp_path, capsys):
    db = tmp_path / "xa.db"
    book = award_book(tmp_path)
    dry = run_json(capsys, "import-excel", "--db", db, book, "--school-year", "2024-2025", "--dry-run")
    validate(dry, "import_excel")
    assert (dry["valid"], dry["rejected"], dry["imported"]) == (2, 1, 0)
    assert dry["rejected_rows"][0]["row"] == 6 and dry["rejected_rows"][0]["errors"]
    done = run_json(capsys, "import-excel", "--db", db, book, "--school-year", "2024-2025")
    validate(done, "import_excel")
    assert done["imported"] == 2 and "Đã nhập 2 dòng" in done["message"]


def test_print(made, capsys, tmp_path):
    db, _ = made
    with sqlite3.connect(db) as conn:
        meeting = conn.execute("SELECT number FROM meeting WHERE deleted = 0 LIMIT 1").fetchone()[0]
        voucher = conn.execute("SELECT number FROM voucher WHERE status = 'posted' LIMIT 1").fetchone()[0]
    year = date.today().year
    period = ("--from", f"01/01/{year}", "--to", f"31/12/{year}")
    runs = [("award-list",), ("certificates",), ("cash-book", *period), ("bank-book", *period),
            ("class-summary", "--year", year), ("minutes", "--meeting", meeting), ("voucher", "--number", voucher),
            ("member-list",), ("member-list", "--status", "active", "--show-personal"), ("member-cards",),
            ("member-cards", "--mode", "blank-form"), ("member-cards", "--calibration")]
    for document, *options in runs:
        out = tmp_path / f"{document}-{len(options)}.pdf"
        data = run_json(capsys, "print", document, "--db", db, "--out", out, *options)
        validate(data, "print")
        assert data["document"] == document and Path(data["path"]) == out and out.read_bytes().startswith(b"%PDF")
        if document == "certificates":
            assert data["count"] == data["numbered"] > 0 and data["draft"] is False


def test_merge_and_the_summary_by_origin_and_the_handover(tmp_path, capsys):
    from khuyenhoc_desktop.domain.organisation import sample_organisation

    olds = []
    for code, name in (("07450", "Đồng Sơn"), ("07453", "Song Khê")):
        olds.append(tmp_path / f"{code}.db")
        run_json(capsys, "demo", "--db", olds[-1], "--awards", "10", "--seed", code[-1], "--commune-code", code,
                 "--commune-name", name)
    new = tmp_path / "moi.db"
    with Workspace.open(new) as ws:
        ws.profile.save(sample_organisation())
    today = date.today().strftime("%d/%m/%Y")
    dry = run_json(capsys, "merge", "--into", new, *olds, "--date", today, "--dry-run")
    validate(dry, "merge")
    assert dry["dry_run"] and not dry["applied"] and len(dry["sources"]) == 2
    done = run_json(capsys, "merge", "--into", new, *olds, "--date", today)
    validate(done, "merge")
    assert done["applied"] and all(b["receipt_number"] for s in done["sources"] for b in s["books"] if b["balance"] > 0)
    summary = run_json(capsys, "summary", "--db", new)
    validate(summary, "summary")
    assert set(summary["by_origin"]) == {"", "07450", "07453"}
    out = tmp_path / "ban-giao.pdf"
    data = run_json(capsys, "print", "handover", "--db", new, "--out", out)
    validate(data, "print")
    assert out.read_bytes().startswith(b"%PDF")


def test_sync_round_trip(made, capsys, tmp_path):
    db = tmp_path / "xa.db"
    db.write_bytes(made[0].read_bytes())
    before = run_json(capsys, "sync", "status", "--db", db)
    validate(before, "sync_status")
    assert (before["packages"], before["last_package"], before["province"]) == (0, None, None)
    assert before["unsent"] > 0
    key = run_json(capsys, "sync", "key", "--db", db, "--out", tmp_path / "xa.khkey")
    validate(key, "sync_key")
    assert key["signing_fingerprint"] == KeyCard.load(tmp_path / "xa.khkey").signing_fingerprint
    p_sign = generate_signing_key()
    KeyCard.for_keys("province", "24", "Bắc Ninh", p_sign, generate_encryption_key()).save(tmp_path / "tinh.khkey")
    province = run_json(capsys, "sync", "province-key", "--db", db, "--key", tmp_path / "tinh.khkey")
    validate(province, "sync_province_key")
    assert province["code"] == "24" and province["encryption_fingerprint"]
    package = run_json(capsys, "sync", "export", "--db", db, "--out", tmp_path / "goi1.khsync", "--full")
    validate(package, "sync_export")
    assert package["seq"] == 1 and package["mode"] == "full" and package["rows"] > 0
    assert before["unsent"] <= package["rows"]
    write_ack(tmp_path / "bn.khack", p_sign, province_code="24", commune_code=key["code"], up_to_seq=1, returned=[])
    ack = run_json(capsys, "sync", "import-ack", "--db", db, tmp_path / "bn.khack")
    validate(ack, "sync_import_ack")
    assert ack["up_to_seq"] == 1 and ack["returned"] == 0 and ack["returned_records"] == []
    after = run_json(capsys, "sync", "status", "--db", db)
    validate(after, "sync_status")
    assert (after["packages"], after["last_package"]["seq"], after["last_package"]["mode"]) == (1, 1, "full")
    assert after["unsent"] == 0 and after["province"] == {"code": "24", "name": "Bắc Ninh"}
    assert after["accepted"] + after["returned"] == ack["accepted"]


def test_summary_of_a_province_file_has_the_communes_shape_and_by_commune(tmp_path, capsys):
    commune = tmp_path / "xa.db"
    with Workspace.open(commune) as ws:
        demo.fill(ws, awards=40, seed=2)
        code = ws.organisation.commune_code
        ws.sync.save_key_card(tmp_path / "xa.khkey")
        package = ws.sync.export_package(tmp_path / "xa.khsync").path
    own = run_json(capsys, "summary", "--db", commune)
    with Workspace.open(tmp_path / "tinh.db", role="province") as prov:
        prov.province.set_profile("24", "Bắc Ninh")
        prov.province.register_commune(code, "Tân Dĩnh", tmp_path / "xa.khkey")
        assert prov.province.import_file(package).ok
    data = run_json(capsys, "summary", "--db", tmp_path / "tinh.db")
    validate(data, "summary")
    assert list(data["by_commune"]) == [code]
    reconciles(data["fund"])
    # one commune: the province's totals are that commune's own
    for section, keys in (("awards", ("count", "amount", "pending", "by_category", "by_level", "by_school_year",
                                      "by_funding_source")),
                          ("classes", ("count", "learners", "women", "minority", "by_field")),
                          ("fund", ("opening", "receipts", "payments", "balance", "vouchers")),
                          ("members", ("count", "new", "left", "units"))):
        for key in keys:
            assert data[section][key] == own[section][key], (section, key)
            if key in data["by_commune"][code][section]:
                assert data["by_commune"][code][section][key] == own[section][key], (section, key)
    # the learning models (schema 21): the same keys, the commune's own figures
    assert data["learning_models"] == data["by_commune"][code]["learning_models"] == own["learning_models"]
    assert own["learning_models"]["family"]["registered"] > 0


def _leaves(parser, path=()):
    """(command words, parser) of every command that runs something."""
    import argparse

    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for sub in subs:
        for name, child in sub.choices.items():
            yield from _leaves(child, (*path, name))


def test_every_command_of_the_commune_and_the_cli_takes_json_and_options_have_one_spelling():
    from khuyenhoc_desktop.cli import build_parser

    leaves = list(_leaves(build_parser()))
    assert len(leaves) >= 20
    for words, parser in leaves:
        options = [o for a in parser._actions for o in a.option_strings]
        assert all("_" not in o for o in options), words
        if "--commune" in options:  # the older spelling stays only as an alias of --commune-code
            assert "--commune-code" in options, words
        if parser.get_default("func").__module__.endswith("sync_province"):
            continue  # the province's commands: their own module
        assert "--json" in options, words


def test_unit_changes_and_the_summary_by_new_commune(tmp_path, capsys):
    """`sync unit-changes --fill`, `sync unit-change add` and `summary --by new` on a province file with two old
    communes merged into Xã Tân Dĩnh (07432)."""
    prov_db = tmp_path / "tinh.db"
    with Workspace.open(prov_db, role="province") as prov:
        prov.province.set_profile("24", "Bắc Ninh")
        for code, name, seed in (("07435", "Đại Lâm", 2), ("07438", "Thái Đào", 3)):
            with Workspace.open(tmp_path / f"{code}.db") as ws:
                demo.fill(ws, awards=10, seed=seed, commune_code=code, commune_name=name)
                ws.sync.save_key_card(tmp_path / f"{code}.khkey")
                package = ws.sync.export_package(tmp_path / f"{code}.khsync").path
            prov.province.register_commune(code, name, tmp_path / f"{code}.khkey")
            assert prov.province.import_file(package).ok
    filled = run_json(capsys, "sync", "unit-changes", "--db", prov_db, "--fill")
    validate(filled, "sync_unit_changes")
    assert filled["fill"]["added"] == ["07432"] and [c["new_code"] for c in filled["changes"]] == ["07432"]
    assert [o["code"] for o in filled["changes"][0]["old"]] == ["07435", "07438"]
    added = run_json(capsys, "sync", "unit-change", "add", "--db", prov_db, "--old", "07435,07438", "--new", "07432",
                     "--decision", "Nghị quyết số 1658/NQ-UBTVQH15", "--date", "16/06/2025")
    validate(added, "sync_unit_change")
    assert (added["decision_date"], added["effective_date"], added["source"]) == ("2025-06-16", "2025-07-01",
                                                                                   "manual")
    listed = run_json(capsys, "sync", "unit-changes", "--db", prov_db)
    validate(listed, "sync_unit_changes")
    assert listed["fill"] is None and listed["changes"] == [added]
    by_old = run_json(capsys, "summary", "--db", prov_db)
    by_new = run_json(capsys, "summary", "--db", prov_db, "--by", "new")
    validate(by_new, "summary")
    assert list(by_old["by_commune"]) == ["07435", "07438"] and list(by_new["by_commune"]) == ["07432"]
    merged = by_new["by_commune"]["07432"]
    for section, key in (("awards", "count"), ("awards", "amount"), ("classes", "learners"), ("fund", "balance"),
                         ("members", "count")):
        assert merged[section][key] == sum(c[section][key] for c in by_old["by_commune"].values()) \
            == by_old[section][key], (section, key)
    communes = run_json(capsys, "sync", "communes", "--db", prov_db)
    assert {c["code"]: (c["status"], c["merged_into"]) for c in communes["communes"]} == {
        "07435": ("retired", "07432"), "07438": ("retired", "07432")}
def test_import_excel_citizens(tmp_path, capsys):
    from tests.services.test_excel_import_citizens import ROWS, citizen_book

    db = tmp_path / "xa.db"
    year = str(date.today().year)  # the CLI's summary is of the real clock's year
    bad = citizen_book(tmp_path / "bad.xlsx", [*ROWS[:2], ("Vũ Văn Giang", 1970, "Nam", "Thôn 1", "Nông dân", "", "")])
    refused = run_json(capsys, "import-excel", "--db", db, bad, "--kind", "citizens", "--year", year, code=1)
    validate(refused, "import_excel")
    assert (refused["valid"], refused["rejected"], refused["imported"], refused["year"]) == (2, 1, 0, int(year))
    book = citizen_book(tmp_path / "cdht.xlsx", ROWS)
    dry = run_json(capsys, "import-excel", "--db", db, book, "--kind", "citizens", "--year", year, "--dry-run")
    validate(dry, "import_excel")
    assert (dry["valid"], dry["imported"], dry["updated"]) == (4, 0, 0)
    done = run_json(capsys, "import-excel", "--db", db, book, "--kind", "citizens", "--year", year)
    validate(done, "import_excel")
    assert (done["imported"], done["updated"]) == (4, 0)
    again = run_json(capsys, "import-excel", "--db", db, book, "--kind", "citizens", "--year", year)
    assert (again["imported"], again["updated"]) == (4, 4)
    summary = run_json(capsys, "summary", "--db", db)
    assert summary["learning_models"]["citizen"] == {"registered": 4, "recognised": 2}

"""A verified package's rows as the importer needs them: each row's problem (`rules`) or its narrow typed
copy, and the records it points to. Pure functions, so that a worker process can prepare the next
package while the main process writes the current one (`verify_and_prepare`)."""

from __future__ import annotations

import hashlib
import json
from typing import Callable

from ...gc_pause import gc_paused
from ...storage.province.mirror import LINE_TABLES
from ...sync import SyncFormatError, canonical_json, open_package, sha256_of_json
from ...sync.keys import load_private_key_pem
from ...sync.rows import Change
from . import rules


class _RowError(Exception):
    pass


def _text(d: dict, key: str) -> str:
    v = d.get(key)
    if v is None:
        return ""
    if not isinstance(v, str):
        raise _RowError(f"Trường {key} phải là chuỗi văn bản")
    return v


def _int(d: dict, key: str, default: int | None = 0) -> int | None:
    v = d.get(key)
    if v is None:
        return default
    if type(v) is not int or not -(1 << 62) < v < (1 << 62):
        raise _RowError(f"Trường {key} phải là số nguyên")
    return v


def _typed_checked(table: str, code: str, uuid: str, data: dict, deleted: int) -> tuple | None:
    if table == "award":
        return (code, uuid, _text(data, "school_year"), _text(data, "category"), _text(data, "level"),
                _text(data, "funding_source"), _text(data, "award_form"), _int(data, "amount"), deleted,
                _text(data, "status"))
    if table == "learning_class":
        return (code, uuid, _text(data, "school_year"), _int(data, "year", None), _text(data, "field"),
                _int(data, "learners"), _int(data, "women"), _int(data, "minority"), deleted)
    if table == "voucher":
        return (code, uuid, _text(data, "kind"), _int(data, "amount"), _text(data, "status"),
                _text(data, "posting_date"), deleted, _text(data, "handover_from"))
    if table == "member":
        return (code, uuid, _text(data, "status") or "active", _text(data, "joined_on"), _text(data, "status_date"),
                _text(data, "unit_uuid"), _text(data, "id_hash"), deleted)
    if table == "org_unit":
        return (code, uuid, _text(data, "kind"), _int(data, "active", 1), deleted)
    if table == "dues_payment":
        return (code, uuid, _int(data, "year"), _int(data, "amount"), _text(data, "status") or "paid", deleted)
    if table == "dues_submission":
        return (code, uuid, _int(data, "year"), _int(data, "amount"), _text(data, "status") or "active", deleted)
    if table == "population":
        return (code, uuid, _int(data, "year"), _text(data, "village"), _int(data, "population"),
                _int(data, "households"), _int(data, "adults"), deleted)
    if table in _LEARNING:
        return _LEARNING[table](code, uuid, data, deleted)
    return None


# The learning models' copies (schema 21), in the column order of `storage.province.learning.TYPED_SQL`.
_LEARNING = {
    "learning_criteria_set": lambda code, uuid, d, deleted: (
        code, uuid, _text(d, "code"), _int(d, "set_version"), _text(d, "title_kind"), _int(d, "year_from", None),
        _int(d, "year_to", None), _text(d, "status"), deleted),
    "learning_subject": lambda code, uuid, d, deleted: (
        code, uuid, _text(d, "kind"), _text(d, "village"), _int(d, "size"), deleted),
    "learning_decision": lambda code, uuid, d, deleted: (
        code, uuid, _int(d, "year"), _text(d, "title_kind"), _text(d, "number"), _text(d, "decided_on"), deleted),
    "learning_registration": lambda code, uuid, d, deleted: (
        code, uuid, _text(d, "subject_uuid"), _int(d, "year"), _text(d, "status") or "registered",
        _text(d, "decision_uuid"), deleted),
    "learning_assessment": lambda code, uuid, d, deleted: (
        code, uuid, _text(d, "registration_uuid"), _text(d, "set_code"), _int(d, "set_version"), _int(d, "total"),
        _int(d, "max_total"), _text(d, "result"), _int(d, "passed"), deleted),
    "learning_citizen_count": lambda code, uuid, d, deleted: (
        code, uuid, _int(d, "year"), _text(d, "target_group"), _int(d, "registered"), _int(d, "recognised"), deleted),
}


# Tables whose typed copy is built by the checked path alone (no fast path: fewer rows, or nullable values).
_CHECKED_ONLY = frozenset(("learning_class", "member", "org_unit", "dues_payment", "dues_submission", "population",
                           *_LEARNING))
_LIMIT = 1 << 62
# One object per distinct text of the typed copies (school year, category, status, …): the prepared rows of a
# package repeat a few values thousands of times, and a worker's rows pickle and load once per object.
_SHARED: dict[str, str] = {}


def _share():
    """`_SHARED.setdefault`, the table kept bounded."""
    if len(_SHARED) > 65536:
        _SHARED.clear()
    return _SHARED.setdefault


def typed_row(table: str, code: str, uuid: str, data: dict, deleted: int) -> tuple | None:
    """The narrow row for prov_award / prov_class / prov_voucher / prov_member / prov_org_unit, the dues
    and population copies and the learning models' (None for other tables), in the column order of
    `storage.province.mirror.TYPED_SQL`. Raises _RowError for a value of the wrong type. Fast path for
    well-typed awards and vouchers."""
    g = data.get
    # Straight-line checks and one shared object per text (`_SHARED`): once per row of every package, so
    # written out rather than looped over (about 0.45 µs a row less than a tuple of the values and map()).
    if table == "award":
        a, b, c = g("school_year", ""), g("category", ""), g("level", "")
        d, e = g("funding_source", ""), g("award_form", "")
        amount, status = g("amount", 0), g("status", "")
        if (type(a) is str and type(b) is str and type(c) is str and type(d) is str and type(e) is str
                and type(status) is str and type(amount) is int and -_LIMIT < amount < _LIMIT):
            share = _share()
            return (code, uuid, share(a, a), share(b, b), share(c, c), share(d, d), share(e, e), amount, deleted,
                    share(status, status))
    elif table == "voucher":
        a, b, c, d = g("kind", ""), g("status", ""), g("posting_date", ""), g("handover_from", "")
        amount = g("amount", 0)
        if (type(a) is str and type(b) is str and type(c) is str and type(d) is str and type(amount) is int
                and -_LIMIT < amount < _LIMIT):
            share = _share()
            return (code, uuid, share(a, a), amount, share(b, b), share(c, c), deleted, share(d, d))
    elif table not in _CHECKED_ONLY:
        return None
    return _typed_checked(table, code, uuid, data, deleted)


def prepare_rows(pkg) -> list[tuple]:
    """The rows of a verified package as the importer needs them: (line, op, table, uuid, version,
    updated_at, raw line — the verified line as received, only for the tables whose line the province keeps
    (`mirror.LINE_TABLES`), else None —, deleted, typed row | None | reason it was refused, references
    (field, table, uuid) it makes, origin commune (`data.origin_code`, '' for the commune's own rows),
    content hash: the 32 bytes of `Change.content_sha256()`). Pure: also runs in a worker, whose rows then
    travel to the writer without the lines it would drop (0.8 MB pickled for 6,530 rows instead of 6.7 MB)."""
    out: list[tuple] = []
    prepare = row_preparer(pkg.sender.commune_code, out)
    with gc_paused():  # thousands of new tuples: cyclic GC passes over them would only slow this down
        for change in pkg.iter_changes():
            prepare(change)
    return out


def row_preparer(code: str, out: list) -> Callable[[Change], None]:
    """A function that appends the prepared row of one change (as `prepare_rows` gives them) to `out`: for
    `Package.verify(each_change=…)`, which hands each row over while it is being read."""
    row_problem, references = rules.row_problem, rules.references
    keeps_line = LINE_TABLES.__contains__
    append = out.append

    def prepare(change: Change) -> None:
        line, op, table, uuid, version, updated_at, data, _row, text, digest = change
        deleted = 1 if op == "delete" or data.get("deleted") in (1, True) else 0
        t = row_problem(table, data)
        if t is None:
            try:
                t = typed_row(table, code, uuid, data, deleted)
            except _RowError as exc:
                t = str(exc)
        origin = data.get("origin_code") or ""
        append((line, op, table, uuid, version, updated_at, text if keeps_line(table) else None, deleted, t,
                references(table, data), origin if type(origin) is str else "",
                digest or content_hash(data, nfc_checked=True)))  # the line was checked NFC when read

    return prepare


def content_hash(data: dict, nfc_checked: bool = False) -> bytes:
    """The content hash the province keeps per record (`prov_record.content_sha256`, 32 bytes): SHA-256 of
    the canonical JSON of the row's data, as `Change.content_sha256()` (hex) and `sha256_of_json`. Encoded
    again where the reader could not cut it out of a canonical line (`Change.data_sha256`): readers accept
    lines that are not canonical (docs/sync-format.md §5).
    `nfc_checked`: the data comes from a line `sync.rows` accepted, so its text is NFC already."""
    return hashlib.sha256(canonical_json(data, nfc_known=nfc_checked)).digest()


def row_hash(raw: str) -> str:
    """`Change.content_sha256()` of a stored / received change line: SHA-256 of canonical JSON of its data."""
    return sha256_of_json(json.loads(raw).get("data"))


def verify_and_prepare(path: str, key_b64: str, code: str, decrypt_pem: bytes | None) -> tuple:
    """Worker-process job of `import_files`: open and verify one package and prepare its rows.
    Returns ("ok", package sha256, rows) or ("refused", code, message, problems)."""
    try:
        key = load_private_key_pem(decrypt_pem) if decrypt_pem else None
        pkg = open_package(path, decrypt_with=key)
        rows: list[tuple] = []  # `verify` pauses the cyclic collector while it reads and hands rows over
        pkg.verify(key_b64, expected_commune_code=code, each_change=row_preparer(code, rows))
    except SyncFormatError as exc:
        return ("refused", exc.code, exc.message,
                [(p.line, p.table or "", p.uuid or "", p.reason_vi) for p in list(exc.problems)[:1000]])
    return ("ok", pkg.sha256, rows)

"""The province's side of sync: enrolled communes, importing `.khsync` packages into a
mirror of the communes' records, aggregates over every commune, and signed acknowledgements.

Import rules (docs/sync-format.md §12):

* verify first: registered, not revoked key for `sender.commune_code` (+ `sender.key_id`), signature,
  hashes, rows (`Package.verify`), `schema_version` ≤ this program's; any refusal writes nothing
  (`revoke_commune` blocks a commune's future packages, `register_commune` lifts it);
* package ledger `prov_package` (commune_code, seq, package_id, sha256, …) is checked only after that
  verification (a damaged copy of an imported package is refused as damaged): same package → "đã
  nhập", nothing done; same seq or package_id with another hash → refused as a fork; a seq more than
  `max_seq_jump()` past the last one → refused; missing earlier seq numbers are reported as gaps,
  as (first, last) ranges (still safe to apply);
* every row's data is checked as strictly as the commune's own schema (`province_rules`: types,
  limits, enumerations, ISO dates, sign of phiếu, references to records the province has) before
  anything is written; a row that fails is returned, never written to the mirror;
* after the rows, the manifest's `reconciliation` (the commune's (uuid, version) set per table) is
  compared with the mirror; differing tables are reported as warnings (`mismatched_tables`);
* per row, keyed by (commune_code, uuid): higher version → applied (created / updated / deleted);
  same version and same content hash → unchanged; same version, other content → conflict (rejected);
  lower version → stale (ignored, counted as "stale");
* `prov_record.data` keeps each change row exactly as the commune sent it (the verified JSON line:
  `{"data": {…}, "op", "table", "uuid", "version", …}`), so nothing is re-encoded during an import;
  `content_sha256` is left empty on import and computed (then kept) only when an incoming version
  equals the stored one, the only time it is needed;
* one SQLite transaction per package; a dry run runs the same code inside a SAVEPOINT that is rolled
  back.

**Conflicting rows: the package is applied minus those rows.** Each record has one writer (its
commune) and carries its full state, so a conflict concerns only that record; holding back a
commune's other records would leave the province's totals wrong for no gain. Rejected rows (conflicts,
tables the province does not know, values of the wrong type) are written to `prov_rejected`, shown in
the report (line, table, uuid, reason), make `khuyenhoc sync import` exit with 1, and are returned to
the commune in the biên nhận (.khack) with their reason, so the commune edits them (new version) and
sends them again. A package that is refused as a whole (signature, hashes, malformed rows, fork,
unknown commune, newer schema) writes nothing at all.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from ..domain.awards import GIVEN_STATUSES, PENDING_STATUS
from ..domain.errors import AppError
from ..storage import audit, migrations
from ..storage import settings as settings_store
from ..sync import KeyCard, SyncFormatError, open_package, sha256_of_json, write_ack
from ..sync.keys import (
    generate_encryption_key,
    generate_signing_key,
    load_private_key_pem,
    private_key_to_pem,
    public_key_b64,
)
from ..vietnamese import format_vnd, normalize
from . import province_rules
from .catalogs import CATALOG_VERSION
from .operations import Progress
from .operations import report as report_progress
from .summary import section

# Commune tables the province mirrors (the export contract). Others are rejected row by row.
KNOWN_TABLES = frozenset({
    "award", "catalog_item", "award_rate", "voucher", "voucher_link", "fund_opening", "fund_lock",
    "cash_count", "learning_class", "class_learner", "meeting", "bank_account",
})
NO_VALUE = "(không ghi)"
_KEY_SETTING = "province_keys"
_PROFILE_SETTING = "province_profile"
_SYNC_SETTING = "province_sync"
# A commune exporting every day for three years; a larger jump is not a real sequence number.
DEFAULT_MAX_SEQ_JUMP = 1000
COMMUNE_TABLE = "prov_commune"  # audit log: registrations and revocations, record = the commune code
REVOKE_ACTION = "revoke"
REVOKE_REASON_MISSING = "Hãy ghi lý do thu hồi khóa (ví dụ: máy tính của xã bị mất, khóa bị lộ)."
_EFFECT = "(CASE WHEN status = 'void' THEN 0 WHEN kind = 'thu' THEN amount ELSE -amount END)"



def gap_ranges(seqs: Iterable[int], upto: int | None = None) -> list[tuple[int, int]]:
    """The missing numbers of 1 … `upto` − 1 (default: up to the largest seq) as (first, last) ranges,
    computed from the seq numbers present: never one item per missing number."""
    present = sorted(set(seqs))
    end = (present[-1] if present else 0) if upto is None else upto - 1
    out, expected = [], 1
    for s in present:
        if s > end:
            break
        if s > expected:
            out.append((expected, s - 1))
        expected = s + 1
    if expected <= end:
        out.append((expected, end))
    return out


def format_gaps(gaps: Iterable[tuple[int, int]], limit: int = 20) -> str:
    """"2, 5–9, 12" (at most `limit` ranges, then "…")."""
    gaps = list(gaps)
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in gaps[:limit]]
    return ", ".join(parts) + (" …" if len(gaps) > limit else "")


class ProvinceError(AppError):
    """A refusal of the province side, with a Vietnamese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class RejectedRow:
    line: int
    table: str
    uuid: str
    version: int
    reason: str


@dataclass
class ImportReport:
    """What importing (or dry-running) one file did. status: applied | dry_run | already | refused."""

    file: str
    status: str = "refused"
    message: str = ""
    commune_code: str = ""
    commune_name: str = ""
    seq: int | None = None
    package_sha256: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    stale: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    gaps: list[tuple[int, int]] = field(default_factory=list)  # missing seq numbers as (first, last) ranges
    warnings: list[str] = field(default_factory=list)
    mismatched_tables: list[str] = field(default_factory=list)
    error_code: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "refused" and not self.rejected

    @property
    def counts(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "deleted": self.deleted, "stale": self.stale, "rejected": len(self.rejected)}

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["counts"] = self.counts
        d["rejected"] = [asdict(r) for r in self.rejected]
        return d


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
                _text(data, "posting_date"), deleted)
    return None


_STR = frozenset((str,))
_LIMIT = 1 << 62


def _typed(table: str, code: str, uuid: str, data: dict, deleted: int) -> tuple | None:
    """The narrow row for prov_award / prov_class / prov_voucher (None for other tables).
    Raises _RowError for a value of the wrong type. Fast path for well-typed rows."""
    g = data.get
    if table == "award":
        s = (g("school_year", ""), g("category", ""), g("level", ""), g("funding_source", ""), g("award_form", ""))
        amount, status = g("amount", 0), g("status", "")
        if _STR.issuperset(map(type, s)) and type(status) is str and type(amount) is int and -_LIMIT < amount < _LIMIT:
            return (code, uuid, *s, amount, deleted, status)
    elif table == "voucher":
        s = (g("kind", ""), g("status", ""), g("posting_date", ""))
        amount = g("amount", 0)
        if _STR.issuperset(map(type, s)) and type(amount) is int and -_LIMIT < amount < _LIMIT:
            return (code, uuid, s[0], amount, s[1], s[2], deleted)
    elif table != "learning_class":
        return None
    return _typed_checked(table, code, uuid, data, deleted)


_TYPED_SQL = {
    "award": "INSERT OR REPLACE INTO prov_award(commune_code, uuid, school_year, category, level, funding_source,"
             " award_form, amount, deleted, status) VALUES (?,?,?,?,?,?,?,?,?,?)",
    "learning_class": "INSERT OR REPLACE INTO prov_class(commune_code, uuid, school_year, year, field, learners,"
                      " women, minority, deleted) VALUES (?,?,?,?,?,?,?,?,?)",
    "voucher": "INSERT OR REPLACE INTO prov_voucher(commune_code, uuid, kind, amount, status, doc_date, deleted)"
               " VALUES (?,?,?,?,?,?,?)",
}
_RECORD_SQL = ("INSERT OR REPLACE INTO prov_record(commune_code, uuid, table_name, version, content_sha256, deleted,"
               " updated_at, seq, data) VALUES (?,?,?,?,?,?,?,?,?)")


def prepare_rows(pkg) -> list[tuple]:
    """The rows of a verified package as the importer needs them: (line, op, table, uuid, version,
    updated_at, raw line, deleted, typed row | None | reason it was refused, references (field, table,
    uuid) it makes). Pure: also runs in a worker."""
    lines = pkg.read_file("changes.jsonl").decode("utf-8").split("\n")
    out = []
    for ch in pkg.iter_changes():
        data = ch.data
        deleted = 1 if ch.op == "delete" or data.get("deleted") in (1, True) else 0
        t = province_rules.row_problem(ch.table, data)
        if t is None:
            try:
                t = _typed(ch.table, pkg.sender.commune_code, ch.uuid, data, deleted)
            except _RowError as exc:
                t = str(exc)
        out.append((ch.line, ch.op, ch.table, ch.uuid, ch.version, ch.updated_at, lines[ch.line - 1], deleted, t,
                    province_rules.references(ch.table, data)))
    return out


def _row_hash(raw: str) -> str:
    """`Change.content_sha256()` of a stored / received change line: SHA-256 of canonical JSON of its data."""
    return sha256_of_json(json.loads(raw).get("data"))


def verify_and_prepare(path: str, key_b64: str, code: str, decrypt_pem: bytes | None) -> tuple:
    """Worker-process job of `import_files`: open and verify one package and prepare its rows.
    Returns ("ok", package sha256, rows) or ("refused", code, message, problems)."""
    try:
        key = load_private_key_pem(decrypt_pem) if decrypt_pem else None
        pkg = open_package(path, decrypt_with=key)
        pkg.verify(key_b64, expected_commune_code=code)
    except SyncFormatError as exc:
        return ("refused", exc.code, exc.message,
                [(p.line, p.table or "", p.uuid or "", p.reason_vi) for p in list(exc.problems)[:1000]])
    return ("ok", pkg.sha256, prepare_rows(pkg))


def _stored_hash(conn, code: str, uuid: str) -> str:
    """Content hash of the province's copy of a record (its stored row's `data`), computed on demand."""
    row = conn.execute("SELECT data FROM prov_record WHERE commune_code = ? AND uuid = ?", (code, uuid)).fetchone()
    return _row_hash(row[0]) if row else ""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class ProvinceService:
    """`ws.province`: only meaningful for a data file with role "province"."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.db = ws.db

    # == communes ==================================================================================
    def _require_province(self) -> None:
        if self.ws.datafile.role != "province":
            raise ProvinceError("Tệp dữ liệu này là tệp của xã, không phải tệp tổng hợp của tỉnh.")

    def register_commune(self, code: str, name: str, card: KeyCard | str | Path) -> dict:
        """Enrol (or re-enrol with a new key) a commune from its public key card (.khkey).

        Re-enrolling a commune whose key was revoked (`revoke_commune`) lifts the revocation: packages
        signed with the registered key are accepted again. The change is kept in the audit log."""
        self._require_province()
        if not isinstance(card, KeyCard):
            card = KeyCard.load(card)
        code = (code or "").strip()
        if not code:
            raise ProvinceError("Thiếu mã xã.")
        if card.role != "commune":
            raise ProvinceError("Tệp khóa này là khóa của tỉnh, không phải khóa của một xã.")
        if card.code and card.code != code:
            raise ProvinceError(f"Tệp khóa là của xã mã {card.code}, không phải xã mã {code}.")
        name = (name or card.name or "").strip()
        with self.db.atomic():
            old = self.db.execute_sql("SELECT name, fingerprint, revoked FROM prov_commune WHERE code = ?",
                                      (code,)).fetchone()
            self.db.execute_sql(
                "INSERT INTO prov_commune(code, name, signing_key, fingerprint, registered_at, revoked)"
                " VALUES (?,?,?,?,?,0) ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
                " signing_key = excluded.signing_key, fingerprint = excluded.fingerprint,"
                " registered_at = excluded.registered_at, revoked = 0",
                (code, name, public_key_b64(card.signing_key), card.signing_fingerprint, _now()))
            audit.record(self.db, operator=self.ws.operator, action="register", table=COMMUNE_TABLE, uuid=code,
                         version=0, before=None if old is None else
                         {"name": old[0], "fingerprint": old[1], "revoked": bool(old[2])},
                         after={"name": name, "fingerprint": card.signing_fingerprint, "revoked": False})
        return self.commune(code)

    def revoke_commune(self, code: str, reason: str) -> bool:
        """Thu hồi khóa ký của một xã (máy tính của xã bị mất, khóa bị lộ …).

        From then on every package claiming to come from that commune is refused, whatever key signed
        it, until the commune is registered again with a key card (`register_commune`, normally with a
        new key). Revocation only stops future imports: packages already imported, their rows in the
        mirror and the totals stay as they are.

        `reason` is required; when and why (and by whom) is kept in the append-only audit log
        (action "revoke", table "prov_commune", record = the commune code) and shown by `communes()`.
        Returns True when the key was revoked now, False when it already was (nothing written, the
        first revocation's time and reason are kept). Raises ProvinceError for an unknown commune or a
        missing reason."""
        self._require_province()
        code = normalize(code)
        if not code:
            raise ProvinceError("Thiếu mã xã.")
        reason = normalize(reason)
        if not reason:
            raise ProvinceError(REVOKE_REASON_MISSING)
        with self.db.atomic():
            row = self.db.execute_sql("SELECT name, fingerprint, revoked FROM prov_commune WHERE code = ?",
                                      (code,)).fetchone()
            if row is None:
                raise ProvinceError(f"Xã mã {code} chưa được đăng ký với tỉnh, nên không có khóa nào để thu hồi.")
            if row[2]:
                return False
            self.db.execute_sql("UPDATE prov_commune SET revoked = 1 WHERE code = ?", (code,))
            # One audit row per revocation, carrying the key that was revoked (it is replaced when the
            # commune registers again).
            audit.record(self.db, operator=self.ws.operator, action=REVOKE_ACTION, table=COMMUNE_TABLE, uuid=code,
                         version=0, before=None, after={"name": row[0], "fingerprint": row[1], "revoked": True},
                         reason=reason)
        return True

    def commune(self, code: str) -> dict:
        for c in self.communes():
            if c["code"] == code:
                return c
        raise ProvinceError(f"Xã mã {code} chưa được đăng ký với tỉnh.")

    def communes(self) -> list[dict]:
        """Communes with their last package, its date, the missing seq numbers and, for a revoked key,
        when, why and by whom it was revoked (`revoked_at` UTC ISO time, `revoked_reason`, `revoked_by`)."""
        rows = self.db.execute_sql(
            "SELECT code, name, fingerprint, registered_at, revoked FROM prov_commune ORDER BY code").fetchall()
        ledger: dict[str, list[tuple]] = {}
        for code, seq, created_at, imported_at, result in self.db.execute_sql(
                "SELECT commune_code, seq, created_at, imported_at, result FROM prov_package ORDER BY commune_code, seq"):
            ledger.setdefault(code, []).append((seq, created_at, imported_at, result))
        revocations = self._revocations([r[0] for r in rows if r[4]])
        out = []
        for code, name, fp, registered_at, revoked in rows:
            pk = ledger.get(code, [])
            seqs = {p[0] for p in pk}
            last = pk[-1] if pk else None
            ts, by, why = revocations.get(code, (None, "", "")) if revoked else (None, "", "")
            out.append({
                "code": code, "name": name, "fingerprint": fp, "registered_at": registered_at,
                "revoked": bool(revoked), "revoked_at": ts, "revoked_reason": why, "revoked_by": by,
                "packages": len(pk),
                "last_seq": last[0] if last else None,
                "last_created_at": last[1] if last else None,
                "last_imported_at": last[2] if last else None,
                "gaps": gap_ranges(seqs),
            })
        return out

    def _revocations(self, codes: list[str]) -> dict[str, tuple[str, str, str]]:
        """code → (time, operator, reason) of the latest revocation in the audit log."""
        out: dict[str, tuple[str, str, str]] = {}
        for i in range(0, len(codes), 500):
            part = codes[i:i + 500]
            for code, ts, by, why in self.db.execute_sql(
                    "SELECT record_uuid, ts, operator, reason FROM audit_log WHERE record_uuid IN"
                    f" ({','.join('?' * len(part))}) AND table_name = ? AND action = ? ORDER BY id",
                    (*part, COMMUNE_TABLE, REVOKE_ACTION)):
                out[code] = (ts, by, why)
        return out

    # == the province's own keys ===================================================================
    def _keys(self):
        stored = settings_store.get(self.db, _KEY_SETTING)
        if stored:
            return (load_private_key_pem(base64.b64decode(stored["signing"])),
                    load_private_key_pem(base64.b64decode(stored["encryption"])))
        if self.ws.datafile.read_only:
            raise ProvinceError("Tỉnh chưa có khóa ký; hãy mở tệp để ghi.")
        sign, enc = generate_signing_key(), generate_encryption_key()
        with self.db.atomic():
            settings_store.put(self.db, _KEY_SETTING, {
                "signing": base64.b64encode(private_key_to_pem(sign)).decode("ascii"),
                "encryption": base64.b64encode(private_key_to_pem(enc)).decode("ascii"),
                "created_at": _now()})
        return sign, enc

    def max_seq_jump(self) -> int:
        """How far past the last imported seq number a package may be (setting "province_sync")."""
        value = (settings_store.get(self.db, _SYNC_SETTING, {}) or {}).get("max_seq_jump")
        return value if type(value) is int and value > 0 else DEFAULT_MAX_SEQ_JUMP

    def profile(self) -> dict:
        # Only what the province set itself (`sync card --province-code`): never a code read from an incoming
        # package, which any registered commune could have written.
        p = settings_store.get(self.db, _PROFILE_SETTING, {}) or {}
        return {"code": p.get("code") or "", "name": p.get("name", "")}

    def set_profile(self, code: str, name: str = "") -> None:
        with self.db.atomic():
            settings_store.put(self.db, _PROFILE_SETTING, {"code": code.strip(), "name": name.strip()})

    def key_card(self) -> KeyCard:
        sign, enc = self._keys()
        p = self.profile()
        return KeyCard.for_keys("province", p["code"] or "00", p["name"] or "Hội Khuyến học tỉnh", sign, enc)

    def export_key_card(self, path: str | Path) -> Path:
        return self.key_card().save(path)

    # == import ====================================================================================
    def import_files(self, paths: Iterable[str | Path], dry_run: bool = False,
                     workers: int | None = None, progress: Progress | None = None) -> list[ImportReport]:
        """Import several files in order, one transaction each.

        A dry run imports them all, in order, inside one outer SAVEPOINT that is then rolled back: the
        report shows what applying the whole batch would do (package 2 is checked against package 1).

        With several files on a multi-core machine, one worker process verifies and prepares the next
        package while this process writes the current one (`workers`: None = automatic, 0 = never).
        The worker only reads files; the ledger, the per-row rules and every write stay here.

        `progress(done, total)` is called before each file. With it the whole batch is one transaction:
        when it raises (the user pressed "Dừng") no package of the batch is imported."""
        self._require_province()
        paths = [Path(p) for p in paths]
        if not dry_run:
            if progress is None:
                return self._import_batch(paths, workers)
            with self.db.atomic():
                return self._import_batch(paths, workers, progress)
        conn = self.db.connection()
        conn.execute("SAVEPOINT prov_dry_run")
        try:
            reports = self._import_batch(paths, workers, progress)
        finally:
            conn.execute("ROLLBACK TO prov_dry_run")
            conn.execute("RELEASE prov_dry_run")
        for r in reports:
            if r.status == "applied":
                r.status = "dry_run"
                r.message = r.message.replace("Đã nhập", "Thử nhập", 1)
        return reports

    def _import_batch(self, paths: list[Path], workers: int | None,
                      progress: Progress | None = None) -> list[ImportReport]:
        if workers is None:
            # A frozen (PyInstaller) program would need multiprocessing.freeze_support() in its entry point.
            workers = 1 if len(paths) >= 4 and (os.cpu_count() or 1) >= 2 and not getattr(sys, "frozen", False) else 0
        if not workers:
            reports = []
            for i, p in enumerate(paths):
                report_progress(progress, i, len(paths))
                reports.append(self.import_file(p))
            return reports
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        stored = settings_store.get(self.db, _KEY_SETTING)
        decrypt_pem = base64.b64decode(stored["encryption"]) if stored else None
        reports: list[ImportReport] = []
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            queue: list[tuple] = []
            it = iter(paths)

            def submit_next() -> None:
                for path in it:
                    report = ImportReport(file=str(path))
                    try:
                        pkg = open_package(path, decrypt_with=self._decrypt_key())
                        key_b64, label = self._sender_key(pkg, report)
                    except (SyncFormatError, ProvinceError) as exc:
                        queue.append((self._refused(report, exc), None, None, None))
                        continue
                    # Verified (in the worker) even when the ledger has it: a damaged copy is refused as such.
                    future = pool.submit(verify_and_prepare, str(path), key_b64, pkg.sender.commune_code,
                                         decrypt_pem)
                    queue.append((report, pkg, label, future))
                    return

            submit_next()
            submit_next()
            while queue:
                report_progress(progress, len(reports), len(paths))
                report, pkg, label, future = queue.pop(0)
                submit_next()
                if pkg is None:
                    reports.append(report)
                    continue
                try:
                    result = future.result()
                except Exception:  # a broken worker: do this one here
                    reports.append(self.import_file(report.file))
                    continue
                if result[0] == "refused":
                    _, code, message, problems = result
                    report.status, report.message, report.error_code = "refused", message, code
                    report.rejected = [RejectedRow(line, t, u, 0, reason) for line, t, u, reason in problems]
                    reports.append(report)
                    continue
                if result[1] != pkg.sha256:
                    report.status = "refused"
                    report.message = "Tệp đã thay đổi trong khi đang nhập; hãy nhập lại."
                    reports.append(report)
                    continue
                if self._already(pkg, report, label):
                    reports.append(report)
                    continue
                try:
                    self._import_verified(pkg, result[2], report, label, dry_run=False)
                except (SyncFormatError, ProvinceError) as exc:
                    self._refused(report, exc)
                reports.append(report)
        return reports

    def import_file(self, path: str | Path, dry_run: bool = False) -> ImportReport:
        """Verify and import one package (see the module doc). Never raises for a bad file."""
        self._require_province()
        return self._finish(*self._start(Path(path)), dry_run=dry_run)

    def _decrypt_key(self):
        stored = settings_store.get(self.db, _KEY_SETTING)
        return self._keys()[1] if stored else None

    @staticmethod
    def _refused(report: ImportReport, exc: Exception) -> ImportReport:
        report.status, report.message = "refused", getattr(exc, "message", str(exc))
        if isinstance(exc, SyncFormatError):
            report.error_code = exc.code
            if exc.problems:
                report.rejected = [RejectedRow(p.line, p.table or "", p.uuid or "", 0, p.reason_vi)
                                   for p in list(exc.problems)[:1000]]
        return report

    def _start(self, path: Path):
        """Open the file, find the commune's key, verify (signature, hashes, rows), then check the ledger:
        a damaged copy of a package already imported is refused as damaged, not "đã nhập rồi".
        Returns (report, context or None when the file is already decided)."""
        report = ImportReport(file=str(path))
        try:
            pkg = open_package(path, decrypt_with=self._decrypt_key())
            key_b64, label = self._sender_key(pkg, report)
            pkg.verify(key_b64, expected_commune_code=pkg.sender.commune_code)
        except (SyncFormatError, ProvinceError) as exc:
            return self._refused(report, exc), None
        if self._already(pkg, report, label):
            return report, None
        return report, (pkg, label, prepare_rows(pkg))

    def _finish(self, report: ImportReport, ctx, dry_run: bool) -> ImportReport:
        if ctx is None:
            return report
        pkg, label, rows = ctx
        try:
            self._import_verified(pkg, rows, report, label, dry_run)
        except (SyncFormatError, ProvinceError) as exc:
            return self._refused(report, exc)
        return report

    def _sender_key(self, pkg, report: ImportReport) -> tuple[str, str]:
        sender = pkg.sender
        code = sender.commune_code
        report.commune_code, report.commune_name = code, sender.commune_name
        report.seq, report.package_sha256 = pkg.seq, pkg.sha256
        label = f"{sender.commune_name} ({code})" if sender.commune_name else code
        row = self.db.execute_sql("SELECT name, signing_key, fingerprint, revoked FROM prov_commune WHERE code = ?",
                                  (code,)).fetchone()
        if row is None:
            raise ProvinceError(f"Xã {label} chưa được đăng ký với tỉnh: hãy đăng ký xã bằng tệp khóa công khai "
                                "(.khkey) của xã trước khi nhập gói.")
        name, key_b64, fp, revoked = row
        report.commune_name = name or sender.commune_name
        if revoked:
            why = self._revocations([code]).get(code, ("", "", ""))[2]
            raise ProvinceError(f"Khóa của xã {label} đã bị thu hồi" + (f" (lý do: {why})" if why else "")
                                + "; tỉnh không nhận gói mới của xã cho đến khi xã đăng ký lại bằng khóa mới.")
        if sender.key_id != fp:
            raise ProvinceError(f"Gói được ký bằng khóa {sender.key_id}, không phải khóa đã đăng ký của xã {label} "
                                f"({fp}). Tệp không do xã gửi, hoặc xã đã đổi khóa mà chưa đăng ký lại.")
        return key_b64, label

    def _already(self, pkg, report: ImportReport, label: str) -> bool:
        # Ledger before the rows are parsed: importing the same files again costs only the manifest.
        same = self.db.execute_sql(
            "SELECT sha256, imported_at FROM prov_package WHERE commune_code = ? AND seq = ?",
            (pkg.sender.commune_code, pkg.seq)).fetchone()
        if same is not None and same[0] == pkg.sha256:
            report.status = "already"
            report.message = f"Gói số {pkg.seq} của xã {label} đã nhập rồi (lúc {same[1]}); không thay đổi gì."
            return True
        return False

    def _import_verified(self, pkg, rows: list[tuple], report: ImportReport, label: str, dry_run: bool) -> None:
        code = pkg.sender.commune_code
        same = self.db.execute_sql("SELECT sha256 FROM prov_package WHERE commune_code = ? AND seq = ?",
                                   (code, pkg.seq)).fetchone()
        if same is not None:
            raise ProvinceError(
                f"Gói số {pkg.seq} của xã {label} khác với gói số {pkg.seq} đã nhập trước đây: xã đã khôi phục bản sao "
                "lưu cũ và dùng lại số gói. Tỉnh từ chối gói này (rẽ nhánh); hãy liên hệ xã để gửi gói toàn bộ.")
        other = self.db.execute_sql("SELECT seq FROM prov_package WHERE package_id = ?", (pkg.package_id,)).fetchone()
        if other is not None:
            raise ProvinceError(
                f"Mã gói {pkg.package_id} đã được dùng cho gói số {other[0]} của xã {label}: "
                "xã đã khôi phục bản sao lưu cũ và dùng lại số gói. Tỉnh từ chối gói này (rẽ nhánh).")
        if pkg.schema_version > migrations.latest_version():
            raise ProvinceError(
                f"Gói được tạo bởi phiên bản mới hơn của chương trình (lược đồ {pkg.schema_version}, chương trình "
                f"này hiểu đến lược đồ {migrations.latest_version()}). Hãy cập nhật Khuyến học Desktop rồi nhập lại.")
        _check_catalog_version(pkg.catalog_version, label)
        seqs = {r[0] for r in self.db.execute_sql("SELECT seq FROM prov_package WHERE commune_code = ?", (code,))}
        last, jump = max(seqs, default=0), self.max_seq_jump()
        if pkg.seq > last + jump:
            raise ProvinceError(
                f"Gói của xã {label} mang số {pkg.seq}, trong khi gói cuối tỉnh đã nhập là số {last}: cách nhau quá "
                f"{format_vnd(jump)} gói, không phải số gói thật của xã. Tỉnh từ chối gói này; hãy liên hệ xã.")
        report.gaps = gap_ranges(seqs, pkg.seq)
        if report.gaps:
            report.warnings.append(f"Thiếu gói số {format_gaps(report.gaps)} của xã {label}.")
        if pkg.prev_package_sha256 is not None and pkg.seq - 1 in seqs:
            prev = self.db.execute_sql("SELECT sha256 FROM prov_package WHERE commune_code = ? AND seq = ?",
                                       (code, pkg.seq - 1)).fetchone()
            if prev and prev[0] != pkg.prev_package_sha256:
                report.warnings.append(f"Gói số {pkg.seq} không nối tiếp gói số {pkg.seq - 1} đã nhập (mã băm khác).")
        self._apply(pkg, rows, report, dry_run)

    def _apply(self, pkg, rows: list[tuple], report: ImportReport, dry_run: bool) -> None:
        code, seq = pkg.sender.commune_code, pkg.seq
        conn = self.db.connection()
        conn.execute("SAVEPOINT prov_import")
        gc_was_enabled = gc.isenabled()
        gc.disable()  # thousands of new tuples: cyclic GC passes would only slow this down
        try:
            existing = {u: (t, v, h or None) for u, t, v, h in conn.execute(
                "SELECT uuid, table_name, version, content_sha256 FROM prov_record WHERE commune_code = ?", (code,))}
            records: list[tuple] = []
            typed: dict[str, list[tuple]] = {"award": [], "learning_class": [], "voucher": []}
            rejected = report.rejected
            hash_updates: list[tuple[str, str, str]] = []
            # A row may point to a record sent later in the same package (full state, change order).
            in_package = {r[3]: r[2] for r in rows if type(r[8]) is not str}
            for line, op, table, uuid, version, updated_at, raw, deleted, t, refs in rows:
                if table not in KNOWN_TABLES:
                    rejected.append(RejectedRow(line, table, uuid, version, f"Bảng “{table}” chưa được tỉnh hỗ trợ"))
                    continue
                old = existing.get(uuid)
                if old is not None:
                    if old[0] != table:
                        rejected.append(RejectedRow(line, table, uuid, version,
                                                    f"Mã bản ghi đã dùng cho bảng “{old[0]}”"))
                        continue
                    if version < old[1]:
                        report.stale += 1
                        continue
                    if version == old[1]:
                        known = old[2]
                        if isinstance(known, tuple):  # written earlier in this same package
                            known = _row_hash(known[0])
                        elif known is None:  # stored without its hash: compute it once and keep it
                            known = _stored_hash(conn, code, uuid)
                            hash_updates.append((known, code, uuid))
                        if _row_hash(raw) == known:
                            report.unchanged += 1
                        else:
                            rejected.append(RejectedRow(
                                line, table, uuid, version,
                                f"Xung đột: phiên bản {version} đã nhận trước đây có nội dung khác; "
                                "xã cần sửa lại bản ghi (tạo phiên bản mới) rồi gửi lại"))
                        continue
                if type(t) is str:  # a value of the wrong type, out of range, not allowed
                    rejected.append(RejectedRow(line, table, uuid, version, t))
                    continue
                missing = next((r for r in refs if (existing.get(r[2]) or (in_package.get(r[2]),))[0] != r[1]), None)
                if missing is not None:
                    rejected.append(RejectedRow(line, table, uuid, version, province_rules.missing_reference(*missing)))
                    continue
                if t is not None:
                    typed[table].append(t)
                records.append((code, uuid, table, version, "", deleted, updated_at, seq, raw))
                existing[uuid] = (table, version, (raw,))
                if op == "delete":
                    report.deleted += 1
                elif old is None:
                    report.created += 1
                else:
                    report.updated += 1
            if hash_updates:  # before the new rows: a record replaced below gets its new row's (empty) hash
                conn.executemany("UPDATE prov_record SET content_sha256 = ? WHERE commune_code = ? AND uuid = ?",
                                 hash_updates)
            if records:
                conn.executemany(_RECORD_SQL, records)
            for table, rows in typed.items():
                if rows:
                    conn.executemany(_TYPED_SQL[table], rows)
            if rejected:
                conn.executemany(
                    "INSERT INTO prov_rejected(commune_code, seq, line, table_name, uuid, version, reason)"
                    " VALUES (?,?,?,?,?,?,?)",
                    [(code, seq, r.line, r.table, r.uuid, r.version, r.reason) for r in rejected])
            self._reconcile(existing, pkg, report)
            conn.execute(
                "INSERT INTO prov_package(commune_code, seq, package_id, sha256, prev_sha256, province_code,"
                " created_at, imported_at, result, counts) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (code, seq, pkg.package_id, pkg.sha256, pkg.prev_package_sha256, pkg.sender.province_code,
                 pkg.created_at or "", _now(), "applied_with_rejections" if rejected else "applied",
                 json.dumps(report.counts)))
        except BaseException:
            conn.execute("ROLLBACK TO prov_import")
            conn.execute("RELEASE prov_import")
            raise
        finally:
            if gc_was_enabled:
                gc.enable()
        if dry_run:
            conn.execute("ROLLBACK TO prov_import")
            conn.execute("RELEASE prov_import")
            report.status = "dry_run"
        else:
            conn.execute("RELEASE prov_import")
            report.status = "applied"
        c = report.counts
        verb = "Thử nhập" if dry_run else "Đã nhập"
        report.message = (f"{verb} gói số {seq} của xã {report.commune_name or code} ({code}): {c['created']} mới, "
                          f"{c['updated']} sửa, {c['unchanged']} không đổi, {c['deleted']} xóa, "
                          f"{c['stale']} cũ bỏ qua, {c['rejected']} bị từ chối.")

    @staticmethod
    def _reconcile(existing: dict, pkg, report: ImportReport) -> None:
        """Compare the commune's stated state per table (manifest `reconciliation`) with the mirror after
        this package (`existing`: uuid → (table, version, …), kept up to date while applying); a
        difference (missing packages, rejected rows) is reported, not refused. Same hash as
        `sync.reconciliation_entry`: SHA-256 of the sorted lines "uuid:version\n"."""
        if not pkg.reconciliation:
            return
        by_table: dict[str, list[str]] = {}
        for u, (t, v, _h) in existing.items():
            lines = by_table.get(t)
            if lines is None:
                lines = by_table[t] = []
            lines.append(f"{u}:{v}\n")
        for table, want in sorted(pkg.reconciliation.items()):
            if table not in KNOWN_TABLES or not isinstance(want, dict):
                continue
            lines = by_table.get(table, [])
            same = len(lines) == want.get("count")
            if same:
                lines.sort()
                same = hashlib.sha256("".join(lines).encode("ascii")).hexdigest() == want.get("sha256")
            if not same:
                report.mismatched_tables.append(table)
                report.warnings.append(
                    f"Bảng “{table}”: tỉnh có {len(lines)} bản ghi, xã có {want.get('count')} — dữ liệu chưa khớp "
                    "với xã (thiếu gói, hoặc có dòng bị từ chối).")

    # == acknowledgement ===========================================================================
    def ack_data(self, commune_code: str) -> dict:
        """What the biên nhận for a commune says: up_to_seq (contiguous from 1), accepted, returned."""
        pk = dict(self.db.execute_sql("SELECT seq, sha256 FROM prov_package WHERE commune_code = ?",
                                      (commune_code,)).fetchall())
        up_to = 0
        while up_to + 1 in pk:
            up_to += 1
        current = {u: (t, v) for u, t, v in self.db.execute_sql(
            "SELECT uuid, table_name, version FROM prov_record WHERE commune_code = ? AND seq <= ?",
            (commune_code, up_to))}
        returned: dict[str, tuple] = {}
        for table, uuid, version, reason in self.db.execute_sql(
                "SELECT table_name, uuid, version, reason FROM prov_rejected WHERE commune_code = ? AND seq <= ?"
                " ORDER BY id", (commune_code, up_to)):
            cur = current.get(uuid)
            if cur is not None and cur[1] > version:
                continue  # fixed since: a newer version was accepted
            returned[uuid] = (table, uuid, version, reason)
        accepted = [(t, u, v) for u, (t, v) in current.items() if u not in returned]
        return {"up_to_seq": up_to, "last_package_sha256": pk.get(up_to), "accepted": accepted,
                "returned": list(returned.values())}

    def write_ack(self, commune_code: str, out: str | Path):
        self._require_province()
        self.commune(commune_code)
        d = self.ack_data(commune_code)
        sign, _ = self._keys()
        p = self.profile()
        return write_ack(out, sign, province_code=p["code"] or "00", province_name=p["name"],
                         commune_code=commune_code, up_to_seq=d["up_to_seq"],
                         last_package_sha256=d["last_package_sha256"], accepted=d["accepted"],
                         returned=d["returned"])

    # == aggregates ================================================================================
    def aggregates(self, school_year: str | None = None) -> dict:
        """Totals by commune and for the province; awards by school year, category, level and funding
        source; classes and learners by field; fund receipts, payments and balance by commune."""
        db = self.db
        names = {c: n for c, n in db.execute_sql("SELECT code, name FROM prov_commune")}
        where, params = "deleted = 0", []
        if school_year:
            where += " AND school_year = ?"
            params.append(school_year)

        def blank():
            return {"name": "", "awards": {"count": 0, "amount": 0, "pending": {"count": 0, "amount": 0}},
                    "classes": {"count": 0, "learners": 0, "women": 0, "minority": 0},
                    "fund": {"receipts": 0, "payments": 0, "balance": 0, "vouchers": 0}}

        by_commune: dict[str, dict] = {c: blank() for c in names}
        dims = {"by_school_year": {}, "by_category": {}, "by_level": {}, "by_funding_source": {}}
        total_awards = {"count": 0, "amount": 0, "pending": {"count": 0, "amount": 0}}
        # As the commune's summary (docs/numbers.md): awards given are the approved and paid ones; drafts
        # are counted apart as chờ duyệt.
        for code, n, amount in db.execute_sql(
                f"SELECT commune_code, COUNT(*), TOTAL(amount) FROM prov_award WHERE {where} AND status = ?"
                " GROUP BY commune_code", (*params, PENDING_STATUS)):
            amount = int(amount)  # TOTAL(): no integer overflow, even on rows stored before the bounds
            for pending in (by_commune.setdefault(code, blank())["awards"]["pending"], total_awards["pending"]):
                pending["count"] += n
                pending["amount"] += amount
        for code, sy, cat, lvl, src, n, amount in db.execute_sql(
                "SELECT commune_code, school_year, category, level, funding_source, COUNT(*), TOTAL(amount)"
                f" FROM prov_award WHERE {where} AND status IN ({', '.join('?' * len(GIVEN_STATUSES))})"
                " GROUP BY commune_code, school_year, category, level, funding_source", (*params, *GIVEN_STATUSES)):
            amount = int(amount)
            a = by_commune.setdefault(code, blank())["awards"]
            a["count"] += n
            a["amount"] += amount
            total_awards["count"] += n
            total_awards["amount"] += amount
            for dim, key in (("by_school_year", sy), ("by_category", cat), ("by_level", lvl),
                             ("by_funding_source", src)):
                slot = dims[dim].setdefault(key or NO_VALUE, {"count": 0, "amount": 0})
                slot["count"] += n
                slot["amount"] += amount
        by_field: dict[str, dict] = {}
        total_classes = {"count": 0, "learners": 0, "women": 0, "minority": 0}
        for code, fld, n, learners, women, minority in db.execute_sql(
                "SELECT commune_code, field, COUNT(*), SUM(learners), SUM(women), SUM(minority)"
                f" FROM prov_class WHERE {where} GROUP BY commune_code, field", params):
            c = by_commune.setdefault(code, blank())["classes"]
            slot = by_field.setdefault(fld or NO_VALUE, {"count": 0, "learners": 0, "women": 0, "minority": 0})
            for target in (c, slot, total_classes):
                target["count"] += n
                target["learners"] += learners
                target["women"] += women
                target["minority"] += minority
        # Fund: as the commune's own summary — receipts/payments posted (voids excluded, reversals net),
        # balance = opening balance + every effect; with a school year, 1 Sept – 31 Aug.
        if school_year:
            y = int(school_year[:4])
            d_from, d_to = date(y, 9, 1).isoformat(), date(y + 1, 8, 31).isoformat()
        else:
            d_from, d_to = "1900-01-01", "9999-12-31"
        openings: dict[str, tuple[int, int]] = {}
        for code, yr, amount in db.execute_sql(
                "SELECT commune_code, json_extract(data, '$.data.year'), json_extract(data, '$.data.amount') FROM prov_record"
                " WHERE table_name = 'fund_opening' AND deleted = 0 ORDER BY commune_code, json_extract(data, '$.data.year')"):
            if code not in openings and isinstance(yr, int) and isinstance(amount, int):
                openings[code] = (yr, amount)
        # Each bank account's book has its own opening balance; the fund's balance is the sum of the books.
        bank_openings: dict[str, int] = {}
        for code, yr, amount in db.execute_sql(
                "SELECT commune_code, json_extract(data, '$.data.opening_year'),"
                " json_extract(data, '$.data.opening_amount') FROM prov_record"
                " WHERE table_name = 'bank_account' AND deleted = 0"):
            if isinstance(yr, int) and isinstance(amount, int) and (not school_year or d_to >= f"{yr:04d}-01-01"):
                bank_openings[code] = bank_openings.get(code, 0) + amount
        total_fund = {"receipts": 0, "payments": 0, "balance": 0, "vouchers": 0}
        fund_rows = db.execute_sql(
            "SELECT commune_code,"
            " TOTAL(CASE WHEN kind = 'thu' AND status = 'posted' AND doc_date BETWEEN ? AND ? THEN amount END),"
            " TOTAL(CASE WHEN kind = 'chi' AND status = 'posted' AND doc_date BETWEEN ? AND ? THEN amount END),"
            " IFNULL(SUM(CASE WHEN doc_date BETWEEN ? AND ? THEN 1 END), 0),"
            f" TOTAL(CASE WHEN doc_date <= ? THEN {_EFFECT} END)"
            " FROM prov_voucher GROUP BY commune_code", (d_from, d_to, d_from, d_to, d_from, d_to, d_to)).fetchall()
        seen = set()
        for code, receipts, payments, count, effect in fund_rows:
            seen.add(code)
            opening = openings.get(code)
            base = opening[1] if opening and (not school_year or d_to >= f"{opening[0]:04d}-01-01") else 0
            f = by_commune.setdefault(code, blank())["fund"]
            f.update(receipts=int(receipts), payments=int(payments), vouchers=count,
                     balance=base + bank_openings.get(code, 0) + int(effect))
        for code, (yr, amount) in openings.items():
            if code not in seen and (not school_year or d_to >= f"{yr:04d}-01-01"):
                by_commune.setdefault(code, blank())["fund"]["balance"] = amount + bank_openings.get(code, 0)
        for code, amount in bank_openings.items():
            if code not in seen and code not in openings:
                by_commune.setdefault(code, blank())["fund"]["balance"] = amount
        for code, c in by_commune.items():
            c["name"] = names.get(code, "")
            for k in total_fund:
                total_fund[k] += c["fund"][k]
        communes = self.communes()
        return {
            "school_year": school_year,
            "communes": len(names),
            "totals": {"awards": total_awards, "classes": total_classes, "fund": total_fund},
            "by_commune": dict(sorted(by_commune.items())),
            "awards": {k: dict(sorted(v.items())) for k, v in dims.items()},
            "classes_by_field": dict(sorted(by_field.items())),
            "ledger": {c["code"]: {"last_seq": c["last_seq"], "last_imported_at": c["last_imported_at"],
                                   "gaps": c["gaps"]} for c in communes},
        }

    # == exports ===================================================================================
    def _tables(self, agg: dict) -> list[tuple[str, list[tuple[str, str, str]], list[dict]]]:
        """(sheet name, columns (header, key, kind), rows) for the xlsx and PDF exports."""
        ledger = agg["ledger"]
        communes = [{
            "code": code, "name": c["name"], "last_seq": (ledger.get(code) or {}).get("last_seq") or 0,
            "gaps": format_gaps((ledger.get(code) or {}).get("gaps") or []),
            "awards": c["awards"]["count"], "award_amount": c["awards"]["amount"],
            "classes": c["classes"]["count"], "learners": c["classes"]["learners"],
            "receipts": c["fund"]["receipts"], "payments": c["fund"]["payments"], "balance": c["fund"]["balance"],
        } for code, c in agg["by_commune"].items()]
        commune_cols = [("Mã xã", "code", "text"), ("Tên xã", "name", "text"), ("Gói cuối", "last_seq", "int"),
                        ("Thiếu gói", "gaps", "text"), ("Số khen thưởng", "awards", "int"),
                        ("Tiền khen thưởng", "award_amount", "money"), ("Số lớp", "classes", "int"),
                        ("Lượt người học", "learners", "int"), ("Thu", "receipts", "money"),
                        ("Chi", "payments", "money"), ("Tồn quỹ", "balance", "money")]
        out = [("Theo xã", commune_cols, communes)]
        for dim, title in (("by_school_year", "Năm học"), ("by_category", "Loại khen thưởng"),
                           ("by_level", "Cấp"), ("by_funding_source", "Đơn vị phối hợp")):
            rows = [{"key": k, "count": v["count"], "amount": v["amount"]} for k, v in agg["awards"][dim].items()]
            out.append((f"Khen thưởng theo {title.lower()}", [(title, "key", "text"), ("Số lượt", "count", "int"),
                                                               ("Số tiền", "amount", "money")], rows))
        rows = [{"key": k, **v} for k, v in agg["classes_by_field"].items()]
        out.append(("Lớp học theo lĩnh vực", [("Lĩnh vực", "key", "text"), ("Số lớp", "count", "int"),
                                              ("Lượt người học", "learners", "int"), ("Nữ", "women", "int"),
                                              ("Dân tộc thiểu số", "minority", "int")], rows))
        return out

    def export_xlsx(self, path: str | Path, school_year: str | None = None) -> Path:
        from ..excel.writer import Column, SheetSpec, write_workbook

        agg = self.aggregates(school_year)
        sheets = []
        for name, cols, rows in self._tables(agg):
            columns = [Column(h, k, kind=kind) for h, k, kind in cols]
            int_totals = {k: sum(r.get(k) or 0 for r in rows) for _, k, kind in cols if kind == "int" and k != "last_seq"}
            totals = {**int_totals, **{k: sum(r.get(k) or 0 for r in rows) for _, k, kind in cols if kind == "money"}}
            sheets.append(SheetSpec(title=f"TỔNG HỢP KHUYẾN HỌC — {name.upper()}", columns=columns, rows=rows,
                                    sheet_name=name, subtitle=f"Năm học {school_year}" if school_year else "",
                                    totals=totals))
        return write_workbook(path, sheets)

    def export_pdf(self, path: str | Path, school_year: str | None = None) -> Path:
        import io

        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

        from ..pdf import fonts
        from ..storage.files import atomic_write
        from ..vietnamese import format_vnd

        fonts.ensure_fonts()
        serif, bold = fonts.serif_face(), fonts.serif_face(bold=True)
        h_style = ParagraphStyle("h", fontName=bold, fontSize=13, leading=16, spaceAfter=6)
        cell = ParagraphStyle("c", fontName=serif, fontSize=8.5, leading=10)
        agg = self.aggregates(school_year)
        story: list = [Paragraph("TỔNG HỢP SỐ LIỆU KHUYẾN HỌC CÁC XÃ", h_style)]
        if school_year:
            story.append(Paragraph(f"Năm học {school_year}", cell))
        for name, cols, rows in self._tables(agg):
            story += [Spacer(1, 8), Paragraph(name, h_style)]
            data = [[Paragraph(h, cell) for h, _, _ in cols]]
            for r in rows:
                data.append([Paragraph(format_vnd(r.get(k) or 0) if kind == "money" else str(r.get(k, "")), cell)
                             for _, k, kind in cols])
            t = Table(data, repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E1F2")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(t)
        buf = io.BytesIO()
        # the embedded serif as the initial font: no reference to an unembedded Helvetica
        SimpleDocTemplate(buf, pagesize=landscape(A4), title="Tổng hợp khuyến học", leftMargin=36, rightMargin=36,
                          topMargin=36, bottomMargin=36, initialFontName=serif, author=self.ws.organisation.committee_name
                          or "Khuyến học Desktop", subject=f"Năm học {school_year}" if school_year else "").build(story)
        return atomic_write(path, buf.getvalue())

    # == consistency ===============================================================================
    def checksum(self) -> str:
        """SHA-256 over the content of every province table (tests: nothing of a package written)."""
        h = hashlib.sha256()
        for table, order in (("prov_commune", "code"), ("prov_package", "commune_code, seq"),
                             ("prov_rejected", "id"), ("prov_record", "commune_code, uuid"),
                             ("prov_award", "commune_code, uuid"), ("prov_class", "commune_code, uuid"),
                             ("prov_voucher", "commune_code, uuid")):
            for row in self.db.execute_sql(f"SELECT * FROM {table} ORDER BY {order}"):
                h.update(repr(row).encode("utf-8"))
        return h.hexdigest()


@section("province", roles=("province",))
def province_totals(ws, school_year: str | None = None) -> dict:
    """For a province file: the aggregate over every commune (with "by_commune" and "totals").

    `summary` of a province file prints this section alone; the commune sections are for commune files.
    """
    return ProvinceService(ws).aggregates(school_year)


def _check_catalog_version(version: Any, label: str) -> None:
    """Refuse a package made with catalogues newer than this program knows (its figures could be added
    up under the wrong headings). A package that does not say (older programs) counts as version 1."""
    if version is None:
        return
    try:
        number = int(str(version).strip())
    except ValueError:
        number = None
    if number is None or number < 1:
        raise ProvinceError(f"Gói của xã {label} ghi phiên bản danh mục “{version}”, chương trình này không hiểu. "
                            "Hãy kiểm tra lại tệp với xã.")
    if number > CATALOG_VERSION:
        raise ProvinceError(
            f"Gói của xã {label} dùng danh mục phiên bản {number}, mới hơn chương trình này (hiểu đến phiên bản "
            f"{CATALOG_VERSION}). Hãy cập nhật Khuyến học Desktop rồi nhập lại.")

"""Importing `.khsync` packages into the province's mirror of the communes' records.

Import rules (docs/sync-format.md §12):

* verify first: registered, not revoked key for `sender.commune_code` (+ `sender.key_id`), signature,
  hashes, rows (`Package.verify`), `schema_version` ≤ this program's; any refusal writes nothing
  (`revoke_commune` blocks a commune's future packages, `register_commune` lifts it);
* package ledger `prov_package` (commune_code, seq, package_id, sha256, …) is checked only after the
  signature and the stored (compressed) bytes of every file are authenticated
  (`Package.authenticate_stored`: cheap, nothing decompressed or parsed), so a damaged copy of an
  imported package is refused as damaged: same package → "đã nhập", nothing done (its content is the
  one verified when it was imported); a package not in the ledger is verified whole first; same seq or package_id with another hash → refused as a fork; a seq more than
  `max_seq_jump()` past the last one → refused; missing earlier seq numbers are reported as gaps,
  as (first, last) ranges (still safe to apply);
* every row's data is checked as strictly as the commune's own schema (`rules`: types, limits,
  enumerations, ISO dates, sign of phiếu, references to records the province has) before anything is
  written; a row that fails is returned, never written to the mirror;
* after the rows, the manifest's `reconciliation` (the commune's (uuid, version) set per table) is
  compared with the mirror; differing tables are reported as warnings (`mismatched_tables`);
* a commune merged into a new one (`unit_changes`, July 2025) is refused for packages dated after the
  merger, naming the new commune; the new commune's rows whose uuids the province first received from one
  of its old communes apply to that copy (kept under the old code: the origin), so nothing is counted twice;
  the first merged copy of such a record, at the same version but other content (origin, qualified thôn
  names), replaces the old commune's own copy (an update); a package carrying merged rows the province holds
  under an old commune that no unit change links to the sender is refused whole (record the change first);
* per row, keyed by (commune_code, uuid): higher version → applied (created / updated / deleted);
  same version and same content hash → unchanged; same version, other content → conflict (rejected);
  lower version → stale (ignored, counted as "stale");
* `prov_record` keeps per record its version, `content_sha256` (the 32 bytes of `Change.content_sha256()`,
  computed while the rows are prepared, the only thing the conflict rule compares) and `origin_code` (what
  the merge rule reads); the change row exactly as the commune sent it (`data`, the verified JSON line) only
  for the tables whose line the province reads (`mirror.LINE_TABLES`: members' names, the opening balances,
  tables without a typed copy). Awards, classes, vouchers and the other typed tables live in their typed
  copies alone (migration 0026: 1.2 million awards in about 0.6 GB instead of 1.7 GB);
* one transaction per package (`db.atomic()`); a dry run runs the same code inside a savepoint that is
  rolled back.

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

import gc
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterable

from ...storage import migrations
from ...storage.engines import write_transaction
from ...storage.province import communes as commune_store
from ...storage.province import ledger as ledger_store
from ...storage.province import mirror as mirror_store
from ...storage.province import totals as totals_store
from ...storage.settings import SealedKeyError
from ...sync import SyncFormatError, open_package, read_envelope_header
from ...vietnamese import format_vnd
from ..catalogs import CATALOG_VERSION
from ..operations import Progress
from ..operations import report as report_progress
from . import rules
from .errors import ProvinceError
from .gaps import format_gaps, gap_ranges
from .registry import now_utc
from .unit_changes import UnitChanges
from .results import ImportReport, RejectedRow
from .rows import prepare_rows, verify_and_prepare

# Commune tables the province mirrors (the export contract). Others are rejected row by row.
KNOWN_TABLES = frozenset({
    "award", "catalog_item", "award_rate", "voucher", "voucher_link", "fund_opening", "fund_lock",
    "cash_count", "learning_class", "class_learner", "meeting", "bank_account",
    "org_unit", "member",  # schema 16: without CCCD or phone (rules), counted from prov_member / prov_org_unit
    "dues_payment", "dues_submission", "population",  # schema 17: counted from storage.province.figures
    # schema 21: counted from storage.province.learning
    "learning_criteria_set", "learning_subject", "learning_decision", "learning_registration", "learning_assessment",
    "learning_citizen_count",
})


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


class Importer(UnitChanges):
    """The import half of `ws.province` (see the module doc)."""

    def import_files(self, paths: Iterable[str | Path], dry_run: bool = False,
                     workers: int | None = None, progress: Progress | None = None) -> list[ImportReport]:
        """Import several files in order, one transaction each.

        A dry run imports them all, in order, inside one outer transaction (or savepoint) that is then
        rolled back: the report shows what applying the whole batch would do (package 2 is checked
        against package 1).

        With several files on a multi-core machine, worker processes (two by default) verify and prepare the
        next packages while this process writes the current one, in file order (`workers`: None = automatic,
        0 = never). The workers only read files; the ledger, the version rules and every write stay here.

        `progress(done, total)` is called before each file. With it the whole batch is one transaction:
        when it raises (the user pressed "Dừng") no package of the batch is imported."""
        self._require_province()
        paths = [Path(p) for p in paths]
        if not dry_run:
            if progress is None:
                return self._import_batch(paths, workers)
            with self.db.atomic():
                return self._import_batch(paths, workers, progress)
        with self.db.atomic() as trial:
            reports = self._import_batch(paths, workers, progress)
            trial.rollback()
        for r in reports:
            if r.status == "applied":
                r.status = "dry_run"
                r.message = r.message.replace("Đã nhập", "Thử nhập", 1)
        return reports

    def _import_batch(self, paths: list[Path], workers: int | None,
                      progress: Progress | None = None) -> list[ImportReport]:
        if workers is None:
            # A frozen (PyInstaller) program would need multiprocessing.freeze_support() in its entry point.
            # Two: the worker that verifies and prepares was the limit, the writer waiting on it about half the
            # time; on 2 cores a second one took 20 communes from 6.3–6.9 s to 4.6–5.4 s (alternated runs).
            workers = 2 if len(paths) >= 4 and (os.cpu_count() or 1) >= 2 and not getattr(sys, "frozen", False) else 0
        if not workers:
            reports = []
            for i, p in enumerate(paths):
                report_progress(progress, i, len(paths))
                reports.append(self.import_file(p))
            return reports
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        decrypt_pem = None
        if any(_encrypted(p) for p in paths):
            try:
                decrypt_pem = self._decrypt_pem()
            except SealedKeyError:  # this PC lacks the keys: each encrypted file is refused below, saying so
                pass
        reports: list[ImportReport] = []
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_below_writer) as pool:
            queue: list[tuple] = []
            it = iter(paths)

            def submit_next() -> None:
                for path in it:
                    report = ImportReport(file=str(path))
                    try:
                        pkg = open_package(path, decrypt_with=self._key_for(path))
                        key_b64, label = self._sender_key(pkg, report)
                        known = self._known_copy(pkg, key_b64, report, label)
                    except (SyncFormatError, ProvinceError) as exc:
                        queue.append((self._refused(report, exc), None, None, None))
                        continue
                    if known:
                        queue.append((report, None, None, None))
                        continue
                    # Not in the ledger (or not decided by the stored bytes): verified and prepared in the worker.
                    future = pool.submit(verify_and_prepare, str(path), key_b64, pkg.sender.commune_code,
                                         decrypt_pem)
                    queue.append((report, pkg, label, future))
                    return

            for _ in range(workers + 1):  # every worker busy, and one package ready for the writer
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

    @staticmethod
    def _refused(report: ImportReport, exc: Exception) -> ImportReport:
        report.status, report.message = "refused", getattr(exc, "message", str(exc))
        if isinstance(exc, SyncFormatError):
            report.error_code = exc.code
            if exc.problems:
                report.rejected = [RejectedRow(p.line, p.table or "", p.uuid or "", 0, p.reason_vi)
                                   for p in list(exc.problems)[:1000]]
        return report

    def _key_for(self, path) -> Any:
        """The province's decryption key, asked for only when `path` is encrypted: a staff PC not yet given the
        province's keys (`province accept-keys`) still imports the plain packages."""
        if read_envelope_header(path) is None:
            return None
        try:
            return self._decrypt_key()
        except SealedKeyError as exc:
            raise ProvinceError(f"Gói {Path(path).name} được mã hóa cho tỉnh. {exc.message}") from None

    def _start(self, path: Path):
        """Open the file, find the commune's key, authenticate what is stored (signature, compressed bytes)
        and ask the ledger; a package not in it is then verified whole (hashes of the content, every row).
        A damaged copy of a package already imported is refused as damaged, not "đã nhập rồi".
        Returns (report, context or None when the file is already decided)."""
        report = ImportReport(file=str(path))
        try:
            pkg = open_package(path, decrypt_with=self._key_for(path))
            key_b64, label = self._sender_key(pkg, report)
            if self._known_copy(pkg, key_b64, report, label):
                return report, None
            pkg.verify(key_b64, expected_commune_code=pkg.sender.commune_code)
        except (SyncFormatError, ProvinceError) as exc:
            return self._refused(report, exc), None
        if self._already(pkg, report, label):
            return report, None
        return report, (pkg, label, prepare_rows(pkg))

    def _known_copy(self, pkg, key_b64: str, report: ImportReport, label: str) -> bool:
        """Importing the same files again costs the signature and a hash of the stored bytes, not the rows:
        a package whose stored bytes are authenticated (`Package.authenticate_stored`: their content is the
        one verified when this manifest was imported) and whose (commune, seq, hash) is in the ledger is
        "đã nhập". Raises `SyncFormatError` for a forged or damaged copy; False: verify it whole."""
        return (pkg.authenticate_stored(key_b64, expected_commune_code=pkg.sender.commune_code)
                and self._already(pkg, report, label))

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
        row = commune_store.get(self.db, code)
        if row is None:
            raise ProvinceError(f"Xã {label} chưa được đăng ký với tỉnh: hãy đăng ký xã bằng tệp khóa công khai "
                                "(.khkey) của xã trước khi nhập gói.")
        report.commune_name = row.name or sender.commune_name
        if row.revoked:
            why = self.revocations([code]).get(code, ("", "", ""))[2]
            raise ProvinceError(f"Khóa của xã {label} đã bị thu hồi" + (f" (lý do: {why})" if why else "")
                                + "; tỉnh không nhận gói mới của xã cho đến khi xã đăng ký lại bằng khóa mới.")
        retired = self.retired_refusal(code, label, pkg.created_at)
        if retired:
            raise ProvinceError(retired)
        if sender.key_id != row.fingerprint:
            raise ProvinceError(f"Gói được ký bằng khóa {sender.key_id}, không phải khóa đã đăng ký của xã {label} "
                                f"({row.fingerprint}). Tệp không do xã gửi, hoặc xã đã đổi khóa mà chưa đăng ký lại.")
        return row.signing_key, label

    def _already(self, pkg, report: ImportReport, label: str) -> bool:
        same = ledger_store.imported(self.db, pkg.sender.commune_code, pkg.seq)
        if same is not None and same[0] == pkg.sha256:
            report.status = "already"
            report.message = f"Gói số {pkg.seq} của xã {label} đã nhập rồi (lúc {same[1]}); không thay đổi gì."
            return True
        return False

    def _import_verified(self, pkg, rows: list[tuple], report: ImportReport, label: str, dry_run: bool) -> None:
        # The ledger is read again under the commune's lock, in the transaction that writes the package:
        # another staff member importing the same commune at the same moment waits here, then sees what
        # the first one wrote (the same package → "đã nhập"; another with its seq → refused as a fork).
        with write_transaction(self.db):
            ledger_store.lock_commune(self.db, pkg.sender.commune_code)
            if self._already(pkg, report, label):
                return
            self._check_and_apply(pkg, rows, report, label, dry_run)

    def _check_and_apply(self, pkg, rows: list[tuple], report: ImportReport, label: str, dry_run: bool) -> None:
        code = pkg.sender.commune_code
        if ledger_store.imported(self.db, code, pkg.seq) is not None:
            raise ProvinceError(
                f"Gói số {pkg.seq} của xã {label} khác với gói số {pkg.seq} đã nhập trước đây: xã đã khôi phục bản sao "
                "lưu cũ và dùng lại số gói. Tỉnh từ chối gói này (rẽ nhánh); hãy liên hệ xã để gửi gói toàn bộ.")
        other = ledger_store.seq_of_package_id(self.db, pkg.package_id)
        if other is not None:
            raise ProvinceError(
                f"Mã gói {pkg.package_id} đã được dùng cho gói số {other} của xã {label}: "
                "xã đã khôi phục bản sao lưu cũ và dùng lại số gói. Tỉnh từ chối gói này (rẽ nhánh).")
        if pkg.schema_version > migrations.latest_version():
            raise ProvinceError(
                f"Gói được tạo bởi phiên bản mới hơn của chương trình (lược đồ {pkg.schema_version}, chương trình "
                f"này hiểu đến lược đồ {migrations.latest_version()}). Hãy cập nhật Khuyến học Desktop rồi nhập lại.")
        _check_catalog_version(pkg.catalog_version, label)
        hashes = ledger_store.hashes(self.db, code)
        last, jump = max(hashes, default=0), self.max_seq_jump()
        if pkg.seq > last + jump:
            raise ProvinceError(
                f"Gói của xã {label} mang số {pkg.seq}, trong khi gói cuối tỉnh đã nhập là số {last}: cách nhau quá "
                f"{format_vnd(jump)} gói, không phải số gói thật của xã. Tỉnh từ chối gói này; hãy liên hệ xã.")
        report.gaps = gap_ranges(hashes, pkg.seq)
        if report.gaps:
            report.warnings.append(f"Thiếu gói số {format_gaps(report.gaps)} của xã {label}.")
        prev = hashes.get(pkg.seq - 1)
        if pkg.prev_package_sha256 is not None and prev is not None and prev != pkg.prev_package_sha256:
            report.warnings.append(f"Gói số {pkg.seq} không nối tiếp gói số {pkg.seq - 1} đã nhập (mã băm khác).")
        self._apply(pkg, rows, report, dry_run)

    def _apply(self, pkg, rows: list[tuple], report: ImportReport, dry_run: bool) -> None:
        code, seq = pkg.sender.commune_code, pkg.seq
        gc_was_enabled = gc.isenabled()
        gc.disable()  # thousands of new tuples: cyclic GC passes would only slow this down
        try:
            with self.db.atomic() as package:
                self._write_rows(pkg, rows, report)
                if dry_run:
                    package.rollback()
        finally:
            if gc_was_enabled:
                gc.enable()
        report.status = "dry_run" if dry_run else "applied"
        c = report.counts
        verb = "Thử nhập" if dry_run else "Đã nhập"
        report.message = (f"{verb} gói số {seq} của xã {report.commune_name or code} ({code}): {c['created']} mới, "
                          f"{c['updated']} sửa, {c['unchanged']} không đổi, {c['deleted']} xóa, "
                          f"{c['stale']} cũ bỏ qua, {c['rejected']} bị từ chối.")

    def _write_rows(self, pkg, rows: list[tuple], report: ImportReport) -> None:
        """The per-row version rules (module doc), then every write of the package and its ledger row."""
        code, seq = pkg.sender.commune_code, pkg.seq
        db = self.db
        existing: dict[str, tuple] = mirror_store.known_records(db, code)
        # A new commune formed from old ones sends their records again, same uuids: each is an update of the
        # record as first received, kept under the old commune's code (its origin), never a second copy.
        holder: dict[str, str] = {}
        old_codes = self.old_codes_of(code)
        for old_code in old_codes:
            for uuid, known in mirror_store.known_records(db, old_code).items():
                if uuid not in existing:
                    existing[uuid] = known
                    holder[uuid] = old_code
        self._check_origins(pkg, rows, set(old_codes))
        # the commune's first rows, none held under an old commune either: nothing to replace (read under its lock)
        fresh = not existing
        records: list[tuple] = []
        typed: dict[str, list[tuple]] = {t: [] for t in mirror_store.TYPED_TABLES}
        rejected = report.rejected
        # A row may point to a record sent later in the same package (full state, change order).
        in_package = {r[3]: r[2] for r in rows if type(r[8]) is not str} if any(r[9] for r in rows) else {}
        for line, op, table, uuid, version, updated_at, raw, deleted, t, refs, origin, sha in rows:
            if table not in KNOWN_TABLES:
                rejected.append(RejectedRow(line, table, uuid, version, f"Bảng “{table}” chưa được tỉnh hỗ trợ"))
                continue
            old = existing.get(uuid)
            if old is not None:
                if old[0] != table:
                    rejected.append(RejectedRow(line, table, uuid, version, f"Mã bản ghi đã dùng cho bảng “{old[0]}”"))
                    continue
                if version < old[1]:
                    report.stale += 1
                    continue
                if version == old[1]:
                    known = old[2]
                    if isinstance(known, tuple):  # written earlier in this same package
                        known = known[0]
                    if sha == known:
                        report.unchanged += 1
                        continue
                    # the merged copy (origin, qualified names) replaces the old commune's own: an update
                    merged_copy = (uuid in holder and not isinstance(old[2], tuple)
                                   and mirror_store.origin_of(db, holder[uuid], uuid) == "")
                    if not merged_copy:
                        rejected.append(RejectedRow(
                            line, table, uuid, version,
                            f"Xung đột: phiên bản {version} đã nhận trước đây có nội dung khác; "
                            "xã cần sửa lại bản ghi (tạo phiên bản mới) rồi gửi lại"))
                        continue
            if type(t) is str:  # a value of the wrong type, out of range, not allowed
                rejected.append(RejectedRow(line, table, uuid, version, t))
                continue
            missing = next((r for r in refs if (existing.get(r[2]) or (in_package.get(r[2]),))[0] != r[1]),
                           None) if refs else None
            if missing is not None:
                rejected.append(RejectedRow(line, table, uuid, version, rules.missing_reference(*missing)))
                continue
            held_by = holder.get(uuid, code)
            if t is not None:
                typed[table].append(t if held_by == code else (held_by, *t[1:]))
            # the line only where the province reads it (mirror.LINE_TABLES); the typed copy holds the rest
            records.append((held_by, uuid, table, version, sha, deleted, updated_at, seq, origin, raw))
            existing[uuid] = (table, version, (sha,))
            if op == "delete":
                report.deleted += 1
            elif old is None:
                report.created += 1
            else:
                report.updated += 1
        mirror_store.write(db, records, typed, fresh=fresh)
        # the award totals the aggregates read, of the communes whose awards were written
        totals_store.refresh_award_totals(db, {t[0] for t in typed["award"]})
        if rejected:
            ledger_store.add_rejected(db, [(code, seq, r.line, r.table, r.uuid, r.version, r.reason)
                                           for r in rejected])
        self._reconcile(existing, pkg, report)
        ledger_store.add_package(
            db, commune_code=code, seq=seq, package_id=pkg.package_id, sha256=pkg.sha256,
            prev_sha256=pkg.prev_package_sha256, province_code=pkg.sender.province_code,
            created_at=pkg.created_at or "", imported_at=now_utc(),
            result="applied_with_rejections" if rejected else "applied", counts=json.dumps(report.counts))

    def _check_origins(self, pkg, rows: list[tuple], old_codes: set[str]) -> None:
        """Refuse a package whose merged rows (`origin_code` = an old commune) the province already holds under
        that old commune while no unit change says the sender was formed from it: applying it would count
        those records twice (once per code)."""
        code = pkg.sender.commune_code
        by_origin: dict[str, list[str]] = {}
        for r in rows:
            origin = r[10]
            if origin and origin != code and origin not in old_codes:
                by_origin.setdefault(origin, []).append(r[3])
        named = []
        for origin, uuids in sorted(by_origin.items()):
            held = mirror_store.known_records(self.db, origin)
            if any(u in held for u in uuids):
                row = commune_store.get(self.db, origin)
                named.append(f"{row.name} ({origin})" if row is not None and row.name else origin)
        if named:
            raise ProvinceError(
                f"Gói của xã {pkg.sender.commune_name or code} ({code}) mang lại các bản ghi tỉnh đã nhận từ xã cũ "
                f"{', '.join(named)}, nhưng tỉnh chưa ghi việc thay đổi đơn vị hành chính: xã cũ → xã {code}. "
                "Hãy ghi thay đổi đơn vị trước (trang Tỉnh, mục “Thay đổi đơn vị hành chính”, hoặc lệnh "
                "“khuyenhoc sync unit-changes”) rồi nhập lại gói; chưa nhập gì, để không tính hai lần.")

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


def _below_writer() -> None:
    """Worker start: below the writer's priority. The writer (this process, and the server's backend on
    PostgreSQL) is the import's critical path: at equal priority the two workers and the writer shared two
    cores, and the writer waited for the CPU while the workers ran ahead (docs/performance.md)."""
    try:
        if sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), 0x4000)  # BELOW_NORMAL_PRIORITY_CLASS
        else:
            os.nice(15)
    except (AttributeError, OSError):  # not allowed here: the same work at the same priority
        pass


def _encrypted(path) -> bool:
    """Whether the file starts as an encrypted package (an unreadable file: no; its import says why)."""
    try:
        return read_envelope_header(path) is not None
    except SyncFormatError:
        return False

"""Sending the commune's records to the province (the commune's side of sync).

- The commune's Ed25519 signing key is made on first use and kept in the data file (setting
  ``sync_signing_key``, PEM), so backups carry it; ``key_card()`` is the public half to enrol.
- ``export_package()`` writes a signed ``.khsync`` package (docs/sync-format.md): every row changed
  since the last package (or every row, ``full=True``), the audit events since the last package,
  and the reconciliation of every table. The history row and the meta ``sync_last_seq`` /
  ``sync_last_hash`` are written in one transaction only after the file is complete.
- ``import_ack()`` reads the province's signed ``.khack`` and marks records accepted or returned.
"""

from __future__ import annotations

import heapq
import dataclasses
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from ..domain.errors import AppError
from ..domain.kinds import RECORD_SPECS
from ..domain.learning_models import LOCAL_ONLY as LEARNING_LOCAL_ONLY
from ..domain.members import UNIT_SPEC
from ..storage import settings as settings_store
from ..storage import sync_history, sync_rows
from ..storage.tables import present_tables
from ..storage.audit import entries_since, value as audit_value
from .sync_counts import STAY_IN_FILE
from ..vietnamese import format_local_time, os_error_text, school_year_of
from . import member_id_hashes, sync_counts
from .catalogs import CATALOG_VERSION
from .operations import Progress
from .operations import report as report_progress

SIGNING_KEY_SETTING = "sync_signing_key"
SIGNING_KEY_CREATED_SETTING = "sync_signing_key_created_at"
PROVINCE_CARD_SETTING = "province_key_card"
META_LAST_SEQ = "sync_last_seq"
META_PENDING = "sync_pending_publish"
META_LAST_HASH = "sync_last_hash"
DEFAULT_FOLDER = "gui-tinh"

# Tables that travel to the province without being a record kind: the catalogues and accounts records
# name (first), and the fund's links, openings, locks and cash counts. The record kinds' tables come
# from their specs. A package lists rows by change number, so this order is only the order of reading.
CATALOGUE_TABLES = ("catalog_item", "award_rate", "bank_account")
FUND_TABLES = ("voucher_link", "fund_opening", "fund_lock", "cash_count")
# Dues paid and sent upward, population figures (schema 17): after the members and vouchers they name.
FIGURE_TABLES = ("dues_payment", "dues_submission", "population")
# The learning models (schema 21): the criteria sets saved in the file, the subjects, decisions, registrations,
# score sheets and Công dân học tập counts — without their notes (domain.learning_models.LOCAL_ONLY).
LEARNING_TABLES = ("learning_criteria_set", "learning_subject", "learning_decision", "learning_registration",
                   "learning_assessment", "learning_citizen_count")
# The association's units are declared beside the members (domain.members.UNIT_SPEC), not as a list kind.
SYNC_SPECS = tuple(spec for spec in (*RECORD_SPECS, UNIT_SPEC) if spec.synced)
SYNC_TABLES = (*CATALOGUE_TABLES, *(spec.table for spec in SYNC_SPECS), *FUND_TABLES, *FIGURE_TABLES,
               *LEARNING_TABLES)
# Columns of every table that never leave the file; a spec's `local_fields` add its own.
LOCAL_COLUMNS = frozenset({"id", "change_seq", "name_key", "search_key"})


def local_by_table(specs) -> dict[str, frozenset[str]]:
    return {spec.table: LOCAL_COLUMNS | frozenset(spec.local_fields) for spec in specs}


_LOCAL_BY_TABLE = {**local_by_table((*RECORD_SPECS, UNIT_SPEC)),
                   **{table: LOCAL_COLUMNS | frozenset(cols) for table, cols in LEARNING_LOCAL_ONLY.items()}}


def local_columns(table: str) -> frozenset[str]:
    """The columns of `table` that stay in the file."""
    return _LOCAL_BY_TABLE.get(table, LOCAL_COLUMNS)

# Columns that name a record for a person reading the list of returned records.
_LABEL_COLUMNS = ("full_name", "name", "number", "subject", "school_year", "count_date")

NO_COMMUNE_CODE = "Hãy nhập mã xã trong Thông tin hội trước khi gửi dữ liệu lên tỉnh."
NO_PROVINCE_CODE = "Hãy nhập mã tỉnh trong Thông tin hội trước khi gửi dữ liệu lên tỉnh."
NOTHING_TO_SEND = "Không có thay đổi nào chưa gửi."


class SyncError(AppError):
    """Sending to / hearing from the province cannot go on; the message says why in Vietnamese."""


@dataclass(frozen=True)
class ExportRecord:
    """One row of the export history."""

    seq: int
    package_id: str
    sha256: str
    created_at: str
    file_name: str
    mode: str
    from_change_seq: int
    to_change_seq: int
    counts: dict
    rows: int
    encrypted: bool

    @property
    def created_local(self) -> str:
        return format_local_time(self.created_at)


@dataclass(frozen=True)
class AckResult:
    """What importing an acknowledgement did."""

    up_to_seq: int
    province: str
    accepted: int  # records now marked accepted by this acknowledgement
    returned: int  # records now marked returned
    stale: int  # records edited since (a newer version here): their state is left alone
    unknown: int  # records this file does not have

    def describe(self) -> str:
        text = (f"Biên nhận của tỉnh {self.province} (đến gói số {self.up_to_seq}): "
                f"{self.accepted} bản ghi được chấp nhận, {self.returned} bản ghi bị trả lại.")
        if self.stale:
            text += f" {self.stale} bản ghi đã sửa sau khi gửi nên giữ trạng thái mới."
        if self.unknown:
            text += f" {self.unknown} bản ghi không có trong tệp dữ liệu này."
        return text


@dataclass(frozen=True)
class ReturnedRecord:
    table: str
    uuid: str
    version: int
    reason: str
    label: str
    ack_at: str


TABLE_LABELS = {
    "catalog_item": "Danh mục", "award_rate": "Mức thưởng", "bank_account": "Tài khoản ngân hàng",
    "voucher_link": "Liên kết phiếu", "fund_opening": "Số dư đầu kỳ", "fund_lock": "Khóa sổ quỹ",
    "cash_count": "Kiểm kê quỹ", "dues_payment": "Hội phí đã thu", "dues_submission": "Hội phí nộp cấp trên",
    "population": "Dân số", "learning_criteria_set": "Bộ tiêu chí mô hình học tập",
    "learning_subject": "Đối tượng mô hình học tập", "learning_decision": "Quyết định công nhận mô hình học tập",
    "learning_registration": "Đăng ký mô hình học tập", "learning_assessment": "Phiếu chấm điểm mô hình học tập",
    "learning_citizen_count": "Công dân học tập",
    **{spec.table: spec.sync_label or spec.title for spec in SYNC_SPECS},
}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SyncService:
    def __init__(self, ws) -> None:
        self.ws = ws
        self.db = ws.db

    # -- tables ---------------------------------------------------------------------------
    def tables(self) -> list[str]:
        present = present_tables(self.db)
        return [t for t in SYNC_TABLES if t in present]

    # -- keys ---------------------------------------------------------------------------------
    def signing_key(self):
        """The commune's Ed25519 private key; made (and stored in the data file) on first use."""
        from ..sync import generate_signing_key, load_private_key_pem, private_key_to_pem

        pem = settings_store.get(self.db, SIGNING_KEY_SETTING)
        if pem:
            return load_private_key_pem(pem.encode("ascii"))
        key = generate_signing_key()
        with self.db.atomic():
            settings_store.put(self.db, SIGNING_KEY_SETTING, private_key_to_pem(key).decode("ascii"))
            settings_store.put(self.db, SIGNING_KEY_CREATED_SETTING, _now())
        return key

    def fingerprint(self) -> str:
        from ..sync import fingerprint

        return fingerprint(self.signing_key())

    def key_card(self):
        """The commune's public key card (.khkey) to send to the province once."""
        from ..sync import KeyCard

        key = self.signing_key()
        org = self.ws.organisation
        name = org.committee_name or (f"{org.commune_kind} {org.commune}".strip() if org.commune else "")
        created = settings_store.get(self.db, SIGNING_KEY_CREATED_SETTING) or None
        return KeyCard.for_keys("commune", org.commune_code or "", name, key, created_at=created)

    def save_key_card(self, path: str | os.PathLike[str]) -> Path:
        self._require_commune_code()
        return self.key_card().save(path)

    def registration_form_text(self) -> str:
        """The text of the key registration form the committee signs and sends to the province."""
        org = self.ws.organisation
        card = self.key_card()
        return "\n".join([
            "PHIẾU ĐĂNG KÝ KHÓA GỬI DỮ LIỆU KHUYẾN HỌC",
            "",
            f"Đơn vị: {card.name or '(chưa nhập tên hội)'}",
            f"Mã xã: {org.commune_code or '(chưa nhập)'}    Mã tỉnh: {org.province_code or '(chưa nhập)'}",
            f"Tỉnh: {org.province}",
            f"Ngày tạo khóa: {card.created_at}",
            "",
            "Dấu vân tay khóa ký (đọc cho tỉnh qua điện thoại để đối chiếu):",
            f"    {card.signing_fingerprint}",
            "",
            "Khóa công khai (base64):",
            f"    {_b64(card.signing_key)}",
            "",
            f"Ngày ..... tháng ..... năm {self.ws.clock.today().year}",
            f"Chủ tịch Hội: {org.chair}",
            "(ký, ghi rõ họ tên, đóng dấu)",
        ]) + "\n"

    def write_registration_form(self, path: str | os.PathLike[str]) -> Path:
        """The registration form as a PDF (suffix .pdf) or plain text (any other suffix)."""
        from ..storage.files import atomic_write

        path = Path(path)
        if path.suffix.lower() != ".pdf":
            return atomic_write(path, self.registration_form_text().encode("utf-8"))
        from ..pdf.registration_form import registration_form_pdf

        fp = self.fingerprint()
        return atomic_write(path, registration_form_pdf(self.registration_form_text(), fp, group_fingerprint(fp)))

    # -- the province's key card --------------------------------------------------------------
    def province_card(self):
        from ..sync import KeyCard

        text = settings_store.get(self.db, PROVINCE_CARD_SETTING)
        return KeyCard.from_text(text) if text else None

    def import_province_key(self, path: str | os.PathLike[str]):
        """Register the province's public key card (.khkey) once; returns it."""
        from ..sync import KeyCard

        card = KeyCard.load(path)
        if card.role != "province":
            raise SyncError("Tệp khóa này là của một xã, không phải của tỉnh.")
        org = self.ws.organisation
        if org.province_code and card.code != org.province_code:
            raise SyncError(f"Tệp khóa này của tỉnh mã {card.code}, không phải tỉnh mã {org.province_code} "
                            "trong Thông tin hội.")
        settings_store.put(self.db, PROVINCE_CARD_SETTING, card.to_text())
        return card

    # -- what is not sent yet ----------------------------------------------------------------
    def last_exported_change_seq(self) -> int:
        return sync_history.last_change_seq(self.db)

    def _last_exported_audit_id(self) -> int:
        return sync_history.last_audit_id(self.db)

    def unsent_count(self) -> int:
        """Rows changed since the last package (each one counted once), by the change_seq indexes."""
        return sync_counts.unsent_count(self.db)

    def last_seq(self) -> int:
        return int(self.ws.datafile.get_meta(META_LAST_SEQ, "0") or 0)

    def history(self) -> list[ExportRecord]:
        return [ExportRecord(r["seq"], r["package_id"], r["sha256"], r["created_at"], r["file_name"], r["mode"],
                             r["from_change_seq"], r["to_change_seq"], json.loads(r["counts"] or "{}"), r["rows"],
                             bool(r["encrypted"]))
                for r in sync_history.packages(self.db)]

    # -- export ---------------------------------------------------------------------------------
    def _require_commune_code(self, province: bool = False):
        org = self.ws.organisation
        if not org.commune_code:
            raise SyncError(NO_COMMUNE_CODE)
        if province and not org.province_code:
            raise SyncError(NO_PROVINCE_CODE)
        return org

    def _rows(self, table: str, after: int, upto: int) -> Iterator[tuple[int, str, dict]]:
        for row in sync_rows.changed_rows(self.db, table, after, upto):
            yield row["change_seq"], table, row

    def _change(self, table: str, row: dict) -> dict:
        local = local_columns(table)
        data = {k: v for k, v in row.items() if k not in local}
        return {
            "op": "delete" if row.get("deleted") else "upsert",
            "table": table,
            "uuid": row["uuid"],
            "version": row["version"],
            "updated_at": row["updated_at"],
            "data": data,
        }

    def _encryption_key(self, encrypt_for):
        from ..sync import KeyCard

        if encrypt_for is None or encrypt_for is False:
            return None
        if encrypt_for is True:
            card = self.province_card()
            if card is None:
                raise SyncError("Chưa nhập khóa công khai của tỉnh nên không mã hóa được gói.")
        elif isinstance(encrypt_for, KeyCard):
            card = encrypt_for
        elif isinstance(encrypt_for, (str, os.PathLike)):
            card = KeyCard.load(encrypt_for)
        else:
            return encrypt_for
        if card.encryption_key is None:
            raise SyncError("Khóa của tỉnh không có khóa mã hóa.")
        return card.encryption_public_key()

    def export_package(self, out_path: str | os.PathLike[str] | None = None, *, full: bool = False,
                       encrypt_for: Any = None, folder: str | os.PathLike[str] | None = None,
                       progress: Progress | None = None):
        """Write the next package; returns the writer's `PackageInfo`.

        `progress(rows written, 0)` is called while rows are added; when it raises (the user pressed
        "Dừng") no file is published and nothing is recorded.

        Raises SyncError when the organisation has no commune code, or (without `full`) when nothing
        changed since the last package. If writing fails, no history row or meta value changes.
        """
        from ..sync import PackageWriter, package_file_name

        self.complete_interrupted_publish()
        org = self._require_commune_code(province=True)
        recipient = self._encryption_key(encrypt_for)
        key = self.signing_key()
        # Members' CCCD hashes under the province's current key (a new key card re-stamps them: they go now).
        member_id_hashes.refresh(self.ws)
        seq = self.last_seq() + 1
        prev_hash = self.ws.datafile.get_meta(META_LAST_HASH) or None
        last_change = self.last_exported_change_seq()
        last_audit = self._last_exported_audit_id()
        # Read the counters first: rows committed after this moment belong to the next package.
        upto = int(self.ws.datafile.get_meta("change_counter", "0") or 0)
        audit_upto = sync_rows.last_audit_id(self.db)
        after = 0 if full else last_change
        tables = self.tables()

        if out_path is None:
            folder_path = Path(folder) if folder else self.ws.datafile.path.parent / DEFAULT_FOLDER
            out_path = folder_path / package_file_name(org.province_code, org.commune_code, seq)
        out_path = Path(out_path)
        if out_path.is_dir():
            out_path = out_path / package_file_name(org.province_code, org.commune_code, seq)
        try:
            out_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SyncError(f"Không tạo được thư mục “{out_path.parent}”: {os_error_text(exc)}") from exc
        partial = out_path.with_name(out_path.name + ".partial")

        try:
            with PackageWriter() as writer:
                streams = [self._rows(t, after, upto) for t in tables]
                for _seq, table, row in heapq.merge(*streams, key=lambda item: item[0]):
                    writer.add_change(self._change(table, row))
                    report_progress(progress, writer.rows, 0)
                if writer.rows == 0 and not full:
                    raise SyncError(NOTHING_TO_SEND)
                for r in entries_since(self.db, last_audit):
                    if r[0] > audit_upto:
                        break
                    if r[4] not in STAY_IN_FILE:
                        writer.add_audit(_audit_event(r))
                for table in tables:
                    writer.set_reconciliation(table, sync_rows.versions(self.db, table))
                fields = {
                    "sender": {"commune_code": org.commune_code, "commune_name": org.commune,
                               "province_code": org.province_code},
                    "seq": seq,
                    "prev_package_sha256": prev_hash,
                    "schema_version": self.ws.datafile.schema_version,
                    "mode": "full" if full else "delta",
                    "change_range": {"from": after + 1, "to": upto},
                    "period": school_year_of(self.ws.clock.today()),
                    "catalog_version": str(CATALOG_VERSION),
                }
                # Written under a side name first: the final name appears only after the package is recorded.
                info = writer.finish(partial, key, fields, encrypt_for=recipient)
        except OSError as exc:
            raise SyncError(f"Không ghi được gói dữ liệu “{out_path}”: {os_error_text(exc)}") from exc
        except ValueError as exc:
            raise SyncError(f"Không tạo được gói dữ liệu: {exc}") from exc

        try:
            with self.db.atomic():
                sync_history.add_package(
                    self.db, seq=seq, package_id=info.package_id, sha256=info.sha256,
                    created_at=info.manifest["created_at"], file_name=out_path.name, mode=info.manifest["mode"],
                    from_change_seq=after + 1, to_change_seq=max(upto, last_change), from_audit_id=last_audit + 1,
                    to_audit_id=max(audit_upto, last_audit), counts=json.dumps(info.counts, sort_keys=True),
                    rows=info.rows, encrypted=int(info.encrypted))
                self.ws.datafile.set_meta(META_LAST_SEQ, str(seq))
                self.ws.datafile.set_meta(META_LAST_HASH, info.sha256)
                self.ws.datafile.set_meta(META_PENDING, json.dumps({"partial": str(partial), "final": str(out_path)}))
        except BaseException:
            # The file was never recorded: remove it so it cannot reach the province with a reused seq.
            try:
                os.unlink(partial)
            except OSError:
                pass
            raise
        # Recorded first, published second: a crash in between leaves a complete `.partial` that the
        # next export (or the sync page) renames into place, never a published package the file forgot.
        self.complete_interrupted_publish()
        return dataclasses.replace(info, path=out_path)

    def complete_interrupted_publish(self) -> Path | None:
        """Finish publishing a recorded package whose rename was interrupted (crash, power cut)."""
        pending = self.ws.datafile.get_meta(META_PENDING) or ""
        if not pending:
            return None
        paths = json.loads(pending)
        partial, final = Path(paths["partial"]), Path(paths["final"])
        if partial.exists():
            os.replace(partial, final)
        self.ws.datafile.set_meta(META_PENDING, "")
        return final if final.exists() else None

    # -- acknowledgements -----------------------------------------------------------------------
    def import_ack(self, path: str | os.PathLike[str], province_public_key: Any = None) -> AckResult:
        """Verify the province's acknowledgement and mark the records in it; importing twice changes nothing."""
        from ..sync import open_ack

        org = self._require_commune_code()
        key = province_public_key
        if key is None:
            card = self.province_card()
            if card is None:
                raise SyncError("Chưa nhập khóa công khai của tỉnh (tệp .khkey). "
                                "Hãy nhập khóa của tỉnh trước khi nhập biên nhận.")
            key = card.signing_key
        ack = open_ack(path)
        ack.verify(key, expected_commune_code=org.commune_code)
        tables = set(self.tables())
        now = _now()
        accepted = returned = stale = unknown = 0
        with self.db.atomic():
            for entry, state in [(e, "accepted") for e in ack.accepted] + [(e, "returned") for e in ack.returned]:
                if entry.table not in tables:
                    unknown += 1
                    continue
                version = sync_rows.version_of(self.db, entry.table, entry.uuid)
                if version is None:
                    unknown += 1
                    continue
                if version > entry.version:
                    stale += 1
                    continue
                known = sync_history.state_version(self.db, entry.table, entry.uuid)
                if known is not None and known > entry.version:
                    stale += 1
                    continue
                sync_history.set_state(self.db, entry.table, entry.uuid, entry.version, state, entry.reason or "", now)
                if state == "accepted":
                    accepted += 1
                else:
                    returned += 1
        province = f"{ack.province_name} ({ack.province_code})" if ack.province_name else ack.province_code
        return AckResult(ack.up_to_seq, province, accepted, returned, stale, unknown)

    def state_counts(self) -> dict[str, int]:
        counts = {"accepted": 0, "returned": 0}
        counts.update(sync_history.state_counts(self.db))
        return counts

    def record_state(self, table: str, uuid: str) -> tuple[str, int, str] | None:
        return sync_history.state_of(self.db, table, uuid)

    def returned_records(self) -> list[ReturnedRecord]:
        tables = set(self.tables())
        out = []
        for table, uuid, version, reason, ack_at in sync_history.returned(self.db):
            label = ""
            row = sync_rows.row_of(self.db, table, uuid) if table in tables else None
            if row:
                label = next((str(row[c]) for c in _LABEL_COLUMNS if row.get(c)), "")
            out.append(ReturnedRecord(table, uuid, version, reason, label, ack_at))
        return out


def _audit_event(r: tuple) -> dict:
    """One audit row as it travels: the values of the columns that stay in the file (a member's CCCD and
    phone, even masked) left out — the event still says that the field changed."""
    audit_id, ts, operator, action, table, uuid, version, field, before, after, reason = r
    before, after = audit_value(before), audit_value(after)
    private = _LOCAL_BY_TABLE.get(table, frozenset()) - LOCAL_COLUMNS
    if private:
        if field in private:
            before = after = None
        before, after = (({k: v for k, v in d.items() if k not in private} if isinstance(d, dict) else d)
                         for d in (before, after))
    return {"id": audit_id, "ts": ts, "user": operator, "action": action, "table": table, "uuid": uuid,
            "version": version, "field": field, "before": before, "after": after, "reason": reason}


def _b64(raw: bytes) -> str:
    import base64

    return base64.b64encode(raw).decode("ascii")


def group_fingerprint(fp: str) -> str:
    """The fingerprint in groups of four, easy to read aloud: "CC9F 89D5 · E177 787A · …"."""
    return " · ".join(" ".join((g[:4], g[4:])) for g in fp.split("-"))

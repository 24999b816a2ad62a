"""The national hub (Trung ương Hội Khuyến học): the provinces registered with their signing keys, their
signed province packages (.khprov) imported under the same ledger rules as a commune's package at the
province, and the national summary by province and by commune (docs/sync-format.md §14).

Import rules, as the province's (services/province/importer.py):

* verify first: a registered province, not revoked, its registered key named by the manifest, signature,
  hashes and every line (`ProvincePackage.verify`), a schema and format this program knows; any refusal
  writes nothing, and a damaged copy of an imported package is refused as damaged, never "đã nhập";
* the ledger `nat_package` (province_code, seq, package_id, sha256): same package → "đã nhập", nothing
  written; the same seq with another hash, or a package id used before → refused as a fork; a seq more than
  1,000 past the last one → refused; missing earlier numbers are reported as gaps ("2, 5–9");
* one transaction per package, holding the province's lock (PostgreSQL: two staff importing one province's
  packages take turns);
* **full state per province**: a package carries all of the province's figures, so the newest package (the
  highest seq) replaces everything held for that province; an older one filling a gap is entered in the
  ledger and changes no figure. A gap therefore never makes the totals wrong, only older.

Every statement is in `storage.national`.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from ...domain.errors import AppError
from ...storage import audit
from ...storage import migrations
from ...storage import national as store
from ...storage.engines import snapshot, write_transaction
from ..operations import Progress
from ...sync import KeyCard, SyncFormatError
from ...sync.keys import public_key_b64
from ...sync.province_package import open_province_package
from ...vietnamese import format_local_time, format_vnd, normalize
from ..province.gaps import format_gaps, gap_ranges
from .results import NATIONAL_STATUS_LABELS, NationalImportReport, Province

PROVINCE_TABLE = "nat_province"  # audit log: registrations and revocations, record = the province code
MAX_SEQ_JUMP = 1000


class NationalError(AppError):
    """A refusal of the national hub, with a Vietnamese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class NationalService:
    """`ws.national`: only meaningful for a store with role "national"."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.db = ws.db

    def _require_national(self) -> None:
        if self.ws.datafile.role != "national":
            from ...domain.roles import role_label

            raise NationalError(f"Đây là {role_label(self.ws.datafile.role)}, không phải kho tổng hợp của Trung ương "
                                "(khuyenhoc national …).")

    # == provinces ===================================================================================
    def register_province(self, code: str, name: str, card: KeyCard | str | Path) -> Province:
        """Register (or re-register with a new key) a province from its public key card — the card its
        communes hold (`khuyenhoc sync province-card`), whose signing key signs its biên nhận and packages.
        Re-registering lifts a revocation. Kept in the audit log."""
        self._require_national()
        if not isinstance(card, KeyCard):
            card = KeyCard.load(card)
        code = normalize(code or "").strip()
        if not code:
            raise NationalError("Thiếu mã tỉnh.")
        if card.role != "province":
            raise NationalError("Tệp khóa này là khóa của một xã, không phải khóa của tỉnh.")
        if card.code and card.code != "00" and card.code != code:
            raise NationalError(f"Tệp khóa là của tỉnh mã {card.code}, không phải tỉnh mã {code}.")
        name = normalize(name or card.name or "").strip()
        with self.db.atomic():
            old = store.province(self.db, code)
            store.enrol(self.db, code, name, public_key_b64(card.signing_key), card.signing_fingerprint, _now())
            audit.record(self.db, operator=self.ws.operator, action="register", table=PROVINCE_TABLE, uuid=code,
                         version=0, before=None if old is None else
                         {"name": old.name, "fingerprint": old.fingerprint, "revoked": old.revoked},
                         after={"name": name, "fingerprint": card.signing_fingerprint, "revoked": False})
        return self.province(code)

    def revoke_province(self, code: str, reason: str) -> Province:
        """Revoke a province's key (its computer stolen, its key leaked): its later packages are refused until
        it registers again; the figures already held stay. A reason is required."""
        self._require_national()
        code, reason = normalize(code or "").strip(), normalize(reason or "").strip()
        if not reason:
            raise NationalError("Hãy ghi lý do thu hồi khóa (ví dụ: máy tính của tỉnh bị mất, khóa bị lộ).")
        with self.db.atomic():
            row = store.province(self.db, code)
            if row is None:
                raise NationalError(f"Tỉnh mã {code} chưa được đăng ký với Trung ương.")
            if not row.revoked:
                store.mark_revoked(self.db, code, _now(), reason)
                audit.record(self.db, operator=self.ws.operator, action="revoke", table=PROVINCE_TABLE, uuid=code,
                             version=0, before=None, after={"fingerprint": row.fingerprint, "revoked": True},
                             reason=reason)
        return self.province(code)

    def province(self, code: str) -> Province:
        for p in self.provinces():
            if p.code == code:
                return p
        raise NationalError(f"Tỉnh mã {code} chưa được đăng ký với Trung ương.")

    def provinces(self) -> list[Province]:
        ledger: dict[str, list[store.PackageRow]] = {}
        for p in store.packages(self.db):
            ledger.setdefault(p.province_code, []).append(p)
        periods = store.periods_by_province(self.db)
        out = []
        for r in store.provinces(self.db):
            pk = ledger.get(r.code, [])
            last = pk[-1] if pk else None
            out.append(Province(
                code=r.code, name=r.name, fingerprint=r.fingerprint, registered_at=r.registered_at,
                revoked=r.revoked, revoked_at=r.revoked_at or "", revoked_reason=r.revoked_reason or "",
                packages=len(pk), last_seq=last.seq if last else None,
                last_created_at=last.created_at if last else None, last_imported_at=last.imported_at if last else None,
                gaps=gap_ranges(p.seq for p in pk), figures_seq=store.figures_seq(self.db, r.code),
                periods=periods.get(r.code, [])))
        return out

    # == import ======================================================================================
    def import_files(self, paths: Iterable[str | Path], progress: Progress | None = None) -> list[NationalImportReport]:
        """Import several packages in order, one transaction each.

        `progress(done, total)` is called before each file (the window's progress dialog). With it the whole
        batch is one transaction: when it raises (the user pressed "Dừng") no package of the batch is imported."""
        self._require_national()
        paths = list(paths)
        if progress is None:
            return [self.import_file(p) for p in paths]
        reports = []
        with write_transaction(self.db):
            for i, p in enumerate(paths):
                progress(i, len(paths))
                reports.append(self.import_file(p))
            progress(len(paths), len(paths))
        return reports

    def import_file(self, path: str | Path) -> NationalImportReport:
        """Verify and import one province package (see the module doc). Never raises for a bad file."""
        self._require_national()
        report = NationalImportReport(file=str(path))
        try:
            pkg = open_province_package(path)
            report.province_code, report.province_name = pkg.province_code, pkg.province_name
            report.seq, report.package_sha256, report.periods = pkg.seq, pkg.sha256, list(pkg.periods)
            row = self._sender(pkg)
            pkg.verify(row.signing_key, expected_province_code=pkg.province_code)
            report.communes = len({line.commune_code for line in pkg.lines if line.commune_code})
            if self._already(pkg, report):
                return report
            with write_transaction(self.db):
                store.lock_province(self.db, pkg.province_code)
                if self._already(pkg, report):  # another staff member imported it while this one verified
                    return report
                self._apply(pkg, report)
        except (SyncFormatError, NationalError) as exc:
            report.status, report.message = "refused", exc.message
            report.error_code = getattr(exc, "code", "") or ""
            report.replaced, report.gaps, report.warnings = False, [], []
        return report

    def _sender(self, pkg) -> store.ProvinceRow:
        row = store.province(self.db, pkg.province_code)
        label = pkg.label
        if row is None:
            raise NationalError(f"Tỉnh {label} chưa được đăng ký với Trung ương: hãy đăng ký tỉnh bằng tệp khóa công "
                                "khai (.khkey) của tỉnh trước khi nhập gói (khuyenhoc national register).")
        if row.revoked:
            why = f" (lý do: {row.revoked_reason})" if row.revoked_reason else ""
            raise NationalError(f"Khóa của tỉnh {label} đã bị thu hồi{why}; Trung ương không nhận gói mới của tỉnh "
                                "cho đến khi tỉnh đăng ký lại bằng khóa mới.")
        if pkg.key_id != row.fingerprint:
            raise NationalError(f"Gói được ký bằng khóa {pkg.key_id}, không phải khóa đã đăng ký của tỉnh {label} "
                                f"({row.fingerprint}). Tệp không do tỉnh gửi, hoặc tỉnh đã đổi khóa mà chưa đăng ký lại.")
        return row

    def _already(self, pkg, report: NationalImportReport) -> bool:
        same = store.imported(self.db, pkg.province_code, pkg.seq)
        if same is not None and same[0] == pkg.sha256:
            report.status = "already"
            report.message = (f"Gói số {pkg.seq} của tỉnh {pkg.label} đã nhập rồi (lúc {format_local_time(same[1])}); "
                              "không thay đổi gì.")
            return True
        return False

    def _apply(self, pkg, report: NationalImportReport) -> None:
        db, code, label = self.db, pkg.province_code, pkg.label
        if store.imported(db, code, pkg.seq) is not None:
            raise NationalError(
                f"Gói số {pkg.seq} của tỉnh {label} khác với gói số {pkg.seq} đã nhập trước đây: tỉnh đã khôi phục bản "
                "sao lưu cũ và dùng lại số gói. Trung ương từ chối gói này (rẽ nhánh); hãy liên hệ tỉnh.")
        owner = store.package_id_owner(db, pkg.package_id)
        if owner is not None:
            raise NationalError(
                f"Mã gói {pkg.package_id} đã được dùng cho gói số {owner[1]} của tỉnh mã {owner[0]}: "
                "Trung ương từ chối gói này (rẽ nhánh).")
        if pkg.schema_version > migrations.latest_version():
            raise NationalError(
                f"Gói được tạo bởi phiên bản mới hơn của chương trình (lược đồ {pkg.schema_version}, chương trình này "
                f"hiểu đến lược đồ {migrations.latest_version()}). Hãy cập nhật Khuyến học Desktop rồi nhập lại.")
        hashes = store.hashes(db, code)
        last = max(hashes, default=0)
        if pkg.seq > last + MAX_SEQ_JUMP:
            raise NationalError(
                f"Gói của tỉnh {label} mang số {pkg.seq}, trong khi gói cuối đã nhập là số {last}: cách nhau quá "
                f"{format_vnd(MAX_SEQ_JUMP)} gói. Trung ương từ chối gói này; hãy liên hệ tỉnh.")
        self._check_communes(pkg)
        report.gaps = gap_ranges(hashes, pkg.seq)
        if report.gaps:
            report.warnings.append(f"Thiếu gói số {format_gaps(report.gaps)} của tỉnh {label}.")
        prev = hashes.get(pkg.seq - 1)
        if pkg.prev_package_sha256 is not None and prev is not None and prev != pkg.prev_package_sha256:
            report.warnings.append(f"Gói số {pkg.seq} không nối tiếp gói số {pkg.seq - 1} đã nhập (mã băm khác).")
        held = store.figures_seq(db, code)
        report.replaced = held is None or pkg.seq > held
        if report.replaced:
            store.replace_figures(db, code, [(line.period, line.commune_code, line.name, pkg.seq, line.raw)
                                             for line in pkg.lines])
        else:
            report.warnings.append(f"Gói số {pkg.seq} cũ hơn gói số {held} đã nhập: chỉ ghi vào sổ, số liệu của tỉnh "
                                   f"vẫn theo gói số {held}.")
        store.add_package(db, province_code=code, seq=pkg.seq, package_id=pkg.package_id, sha256=pkg.sha256,
                          prev_sha256=pkg.prev_package_sha256, created_at=pkg.created_at, imported_at=_now(),
                          communes=report.communes, periods=json.dumps(pkg.periods), detail=pkg.detail)
        report.status = "applied"
        report.message = (f"Đã nhập gói số {pkg.seq} của tỉnh {label}: {report.communes} xã, "
                          f"{len(pkg.periods)} kỳ số liệu" + ("" if report.replaced else " (chỉ ghi vào sổ)") + ".")

    def _check_communes(self, pkg) -> None:
        """A commune code is one commune of one province: a package naming a commune the hub holds under
        another province is refused (its figures would be counted twice)."""
        codes = {line.commune_code for line in pkg.lines if line.commune_code}
        taken = store.communes_of_other_provinces(self.db, pkg.province_code, codes)
        if taken:
            named = ", ".join(f"{c} (tỉnh mã {p})" for c, p in sorted(taken.items())[:10])
            raise NationalError(f"Gói của tỉnh {pkg.label} có số liệu của xã {named} mà Trung ương đang giữ theo tỉnh "
                                "khác. Hãy kiểm tra mã xã với hai tỉnh; chưa nhập gì.")

    # == figures ====================================================================================
    def school_years(self) -> list[str]:
        """The school years some province's package carries figures for (the window's choice of year)."""
        return sorted({period for p in self.provinces() for period in p.periods if period})

    def export_xlsx(self, path: str | Path, school_year: str | None = None) -> Path:
        """The national figures by province (with the totals line) and by commune, as an Excel workbook."""
        from .figures import export_xlsx

        self._require_national()
        return export_xlsx(self.ws, path, school_year)

    def summary(self, school_year: str | None = None) -> dict:
        from .totals import national_summary

        self._require_national()
        with snapshot(self.db):
            return national_summary(self.ws, school_year)


__all__ = ["NATIONAL_STATUS_LABELS", "NationalError", "NationalImportReport", "NationalService", "Province"]

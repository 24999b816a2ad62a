"""The July 2025 reform at the province (docs/sync-format.md §12.4): a table of unit changes — old commune
codes → the new commune's code, the decision and its date, the effective date — filled from the official
mapping (`services.admin_units`) and editable; from the effective date the old communes' keys are retired.

* Retired is not revoked: nothing was stolen. Packages of an old commune dated on or before the effective
  date still arrive (a late package of the last days); one dated after it is refused with a message that
  names the new commune (`retired_refusal`).
* The new commune registers its own key (`register_commune`). Its packages carry the old communes' records
  with their uuids: a uuid the province first received from one of its old communes is an update of that
  record, kept under the old commune's code (its origin), never a second copy (`importer._write_rows`).
* The province's figures by new commune add the old communes' into their successor (`regroup_by_new`); by
  old commune, as received (`aggregates`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from ...domain.population import percent_of
from ...storage import audit
from ...storage.province import communes as commune_store
from ...storage.province import unit_changes as unit_store
from ...vietnamese import format_date, normalize, parse_date
from .. import admin_units
from .errors import ProvinceError
from .registry import COMMUNE_TABLE, Registry, now_utc

UNIT_CHANGE_TABLE = "prov_unit_change"  # audit log: record = the new commune's code


@dataclass
class UnitChange:
    new_code: str
    new_name: str
    decision: str
    decision_date: str  # ISO or ""
    effective_date: str  # ISO
    source: str  # "library" / "manual"
    old: list[dict[str, Any]]  # {code, name, registered, packages_after: bool}
    new_registered: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FillResult:
    province_code: str
    added: list[str]  # new codes added
    kept: list[str]  # new codes already in the table (left as they are)
    data_version: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _codes(text_or_list) -> list[str]:
    items = text_or_list.split(",") if isinstance(text_or_list, str) else list(text_or_list)
    return [normalize(c) for c in items if normalize(c)]


def _day(text: str, what: str) -> str:
    if not normalize(text):
        return ""
    try:
        return parse_date(text).isoformat()
    except ValueError:
        raise ProvinceError(f"{what} “{normalize(text)}” không hợp lệ; hãy ghi theo dạng NN/TT/NNNN, ví dụ 16/06/2025.")


def _vi(iso: str) -> str:
    return format_date(date.fromisoformat(iso)) if iso else ""


def package_day(created_at: str | None) -> str:
    """The day a package was made, as its commune's clock wrote it (ISO date), or ""."""
    text = (created_at or "").strip()
    return text[:10] if len(text) >= 10 and text[4] == "-" else ""


class UnitChanges(Registry):
    """The unit-change half of `ws.province`."""

    def unit_changes(self) -> list[UnitChange]:
        rows = unit_store.all_changes(self.db)
        registered = set(commune_store.names(self.db))
        return [UnitChange(r.new_code, r.new_name, r.decision, r.decision_date, r.effective_date, r.source,
                           [{"code": c, "name": n, "registered": c in registered} for c, n in r.old],
                           r.new_code in registered) for r in rows]

    def _province_code(self) -> str:
        code = self.profile().code
        if code:
            return code
        found = {u.province_code for u in map(admin_units.commune, commune_store.names(self.db)) if u}
        if len(found) == 1:
            return found.pop()
        raise ProvinceError("Chưa biết mã tỉnh: hãy ghi mã tỉnh của tệp (khuyenhoc sync province-card "
                            "--province-code MÃ_TỈNH) rồi làm lại.")

    def fill_unit_changes(self, every_commune: bool = False) -> FillResult:
        """Add the official changes of the province's communes (those whose new or old code is registered;
        `every_commune`: all of the province's) that the table does not have yet; a change already there,
        from the library or typed in, is left as it is. One transaction."""
        self._require_province()
        province = self._province_code()
        try:
            changes = admin_units.library_changes(province)
        except admin_units.AdminUnitsUnavailable as exc:
            raise ProvinceError(f"Thiếu thư viện dữ liệu đơn vị hành chính ({exc}); hãy cài lại chương trình.")
        if not changes:
            raise ProvinceError(f"Danh sách chính thức không có thay đổi nào của tỉnh mã {province}.")
        registered = set(commune_store.names(self.db))
        known_new = {c.new_code for c in unit_store.all_changes(self.db)}
        taken = unit_store.successors(self.db)
        added, kept = [], []
        with self.db.atomic():
            for ch in changes:
                codes = {ch.new.code, *(o.code for o in ch.old)}
                if not every_commune and not codes & registered:
                    continue
                if ch.new.code in known_new:
                    kept.append(ch.new.code)
                    continue
                old = [(o.code, o.name) for o in ch.old if o.code not in taken]
                if not old:
                    continue
                unit_store.save(self.db, ch.new.code, ch.new.name, "", "", admin_units.REFORM_DATE, "library",
                                old, now_utc())
                self._fold_copies(ch.new.code, [c for c, _ in old])
                audit.record(self.db, operator=self.ws.operator, action="create", table=UNIT_CHANGE_TABLE,
                             uuid=ch.new.code, version=0, before=None,
                             after={"old": [c for c, _ in old], "effective_date": admin_units.REFORM_DATE,
                                    "source": "library"})
                added.append(ch.new.code)
        return FillResult(province, added, kept, admin_units.data_version())

    def add_unit_change(self, old_codes, new_code: str, decision: str = "", decision_date: str = "",
                        effective_date: str = "", new_name: str = "") -> UnitChange:
        """Add or correct the change that formed `new_code` from `old_codes` (see the module doc). Every
        refusal is a ProvinceError in Vietnamese and writes nothing."""
        self._require_province()
        new_code = normalize(new_code)
        old = _codes(old_codes)
        if not new_code:
            raise ProvinceError("Thiếu mã xã mới.")
        if not old:
            raise ProvinceError("Thiếu mã các xã cũ (ví dụ --old 07435,07438).")
        for c in [new_code, *old]:
            if not c.isdigit() or len(c) > 10:
                raise ProvinceError(f"Mã xã “{c}” không hợp lệ: mã đơn vị hành chính chỉ gồm chữ số.")
        if len(set(old)) != len(old):
            twice = next(c for c in old if old.count(c) > 1)
            raise ProvinceError(f"Mã xã cũ {twice} được ghi hai lần.")
        if new_code in old:
            raise ProvinceError(
                f"Mã xã mới {new_code} cũng có trong danh sách xã cũ. Xã giữ lại mã cũ thì tiếp tục dưới mã đó, "
                "không phải là xã cũ được hợp nhất: hãy bỏ mã này khỏi danh sách xã cũ.")
        official = admin_units.commune(new_code)
        if official is None:
            raise ProvinceError(
                f"Mã xã mới {new_code} không có trong danh sách đơn vị hành chính cấp xã từ ngày 01/07/2025 "
                f"({admin_units.data_version()}). Hãy kiểm tra lại mã.")
        decision = normalize(decision)
        decided = _day(decision_date, "Ngày quyết định")
        effective = _day(effective_date, "Ngày có hiệu lực") or admin_units.REFORM_DATE
        if decided and effective < decided:
            raise ProvinceError(f"Ngày có hiệu lực {_vi(effective)} trước ngày quyết định {_vi(decided)}.")
        db = self.db
        for c in old:
            succ = unit_store.successor_of(db, c)
            if succ is not None and succ[0] != new_code:
                raise ProvinceError(f"Xã cũ mã {c} đã được ghi là hợp nhất vào {succ[1]} ({succ[0]}); "
                                    "một xã cũ chỉ hợp nhất vào một xã mới.")
            if unit_store.all_changes_for(db, [c], by="new"):
                raise ProvinceError(f"Mã {c} là mã của một xã mới (sau ngày 01/07/2025) trong bảng thay đổi, "
                                    "không phải mã xã cũ.")
        if unit_store.successor_of(db, new_code) is not None:
            succ = unit_store.successor_of(db, new_code)
            raise ProvinceError(f"Mã {new_code} đã được ghi là xã cũ hợp nhất vào {succ[1]} ({succ[0]}).")
        names = commune_store.names(db)
        province = official.province_code

        def old_name(code: str) -> str:
            found = admin_units.old_commune(province, code)
            return found.name if found else names.get(code, "")

        pairs = [(c, old_name(c)) for c in old]
        with db.atomic():
            before = unit_store.change_of_new(db, new_code)
            unit_store.save(db, new_code, normalize(new_name) or official.name, decision, decided, effective,
                            "manual", pairs, now_utc())
            self._fold_copies(new_code, old)
            audit.record(db, operator=self.ws.operator, action="update" if before else "create",
                         table=UNIT_CHANGE_TABLE, uuid=new_code, version=0,
                         before=None if before is None else {"old": [c for c, _ in before.old],
                                                             "effective_date": before.effective_date,
                                                             "decision": before.decision},
                         after={"old": old, "effective_date": effective, "decision": decision})
        return next(c for c in self.unit_changes() if c.new_code == new_code)

    def delete_unit_change(self, new_code: str) -> bool:
        """Remove a change (typed by mistake): the old communes' keys are in use again."""
        self._require_province()
        with self.db.atomic():
            before = unit_store.change_of_new(self.db, normalize(new_code))
            if before is None:
                raise ProvinceError(f"Bảng thay đổi đơn vị hành chính không có xã mới mã {new_code}.")
            unit_store.delete(self.db, before.new_code)
            audit.record(self.db, operator=self.ws.operator, action="delete", table=UNIT_CHANGE_TABLE,
                         uuid=before.new_code, version=0,
                         before={"old": [c for c, _ in before.old], "effective_date": before.effective_date},
                         after=None)
        return True

    def _fold_copies(self, new_code: str, old_codes: list[str]) -> None:
        """The new commune's package may have come before its change was written: then the old communes'
        records are held twice (under both codes). One copy stays, under the old code (the origin)."""
        for old_code in old_codes:
            unit_store.fold_copies_into_origin(self.db, new_code, old_code)

    # -- what the importer and the lists ask -----------------------------------------------------
    def retirement(self, code: str) -> tuple[str, str, str] | None:
        """(new code, new name, effective date) when the commune's key is retired by a merger."""
        return unit_store.successor_of(self.db, code)

    def retired_refusal(self, code: str, label: str, created_at: str | None) -> str | None:
        """The refusal of a package of an old commune made after the merger, or None when it may come in."""
        succ = self.retirement(code)
        if succ is None:
            return None
        new_code, new_name, effective = succ
        day = package_day(created_at)
        if day and day <= effective:
            return None
        made = f"lập ngày {_vi(day)}" if day else "không ghi ngày lập"
        successor = new_name or "xã mới"
        return (f"Xã {label} đã hợp nhất vào {successor} (mã {new_code}) từ ngày {_vi(effective)}: khóa của xã "
                f"cũ thôi dùng cho các gói lập sau ngày đó (gói này {made}). Đây không phải thu hồi khóa; dữ liệu "
                f"của xã cũ nay do {successor} gửi bằng khóa của mình (đăng ký xã mã {new_code} với tỉnh nếu "
                "chưa đăng ký).")

    def old_codes_of(self, new_code: str) -> list[str]:
        return unit_store.old_codes_of(self.db, new_code)

    def successors(self) -> dict[str, str]:
        return unit_store.successors(self.db)

    def by_new_commune(self, by_commune: dict[str, dict]) -> dict[str, dict]:
        """A summary's `by_commune` (as received: each old commune apart) regrouped by new commune."""
        names = commune_store.names(self.db)
        names.update({c.new_code: names.get(c.new_code) or c.new_name for c in unit_store.all_changes(self.db)})
        return regroup_by_new(by_commune, unit_store.successors(self.db), names)

    def official_name(self, code: str) -> str:
        """The official name of a post-2025 commune code ("Xã Tân Dĩnh"), or ""."""
        found = admin_units.commune(code)
        return found.name if found else ""


def regroup_by_new(by_commune: dict[str, dict], successors: dict[str, str], names: dict[str, str]) -> dict[str, dict]:
    """`by_commune` of a province summary with each old commune's figures added into its successor's; the
    population only when every part has one (as the province's own total), the share computed again."""
    out: dict[str, dict] = {}
    populations: dict[str, list] = {}
    for code, figures in by_commune.items():
        target = successors.get(code, code)
        if target not in out:
            out[target] = _blank_like(figures)
            out[target]["name"] = names.get(target) or (figures.get("name", "") if target == code else "")
        _add_into(out[target], figures)
        populations.setdefault(target, []).append((figures.get("members") or {}).get("population"))
    for code, figures in out.items():
        members = figures.get("members")
        if isinstance(members, dict) and "population" in members:
            parts = populations[code]
            members["population"] = None if None in parts else sum(parts)
            members["percent_of_population"] = percent_of(members.get("count", 0), members["population"])
    return dict(sorted(out.items()))


def _blank_like(value):
    if isinstance(value, dict):
        return {k: _blank_like(v) for k, v in value.items()}
    if isinstance(value, int) and not isinstance(value, bool):
        return 0
    return None if value is None or isinstance(value, float) else value


def _add_into(target: dict, source: dict) -> None:
    for k, v in source.items():
        if k in ("name", "population", "percent_of_population"):
            continue
        if isinstance(v, dict):
            _add_into(target.setdefault(k, {}), v)
        elif isinstance(v, int) and not isinstance(v, bool):
            target[k] = (target.get(k) or 0) + v
        elif v is not None and target.get(k) is None:
            target[k] = v


__all__ = ["COMMUNE_TABLE", "FillResult", "UNIT_CHANGE_TABLE", "UnitChange", "UnitChanges", "package_day",
           "regroup_by_new"]

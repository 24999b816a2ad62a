"""The organisation profile: asked for on first start, printed on every document."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..domain.changes import Changes
from ..domain.errors import FieldError, NeedsConfirmation, ValidationError
from ..domain.organisation import Organisation
from ..storage import settings as settings_store
from ..vietnamese import normalize

REQUIRED = {
    "province": "Chưa nhập tỉnh/thành phố.",
    "commune": "Chưa nhập tên xã/phường.",
    "committee_name": "Chưa nhập tên hội.",
    "chair": "Chưa nhập họ tên Chủ tịch hội.",
}


@dataclass(frozen=True)
class UnitMatch:
    """The official units a profile's names and codes point to (`admin_units`), and what differs."""

    province: object | None  # admin_units.Province
    commune: object | None  # admin_units.Commune
    problem: str  # "" when the profile is the official unit exactly; else why not, in Vietnamese

    @property
    def exact(self) -> bool:
        return self.commune is not None and not self.problem

    def applied_to(self, org: Organisation) -> Organisation:
        """The profile with the official names and codes (the rest as it was)."""
        if self.commune is None:
            return org
        return replace(org, province=self.province.short, province_code=self.province.code,
                       commune=self.commune.short, commune_kind=self.commune.kind, commune_code=self.commune.code,
                       unit_check="official")


def match_unit(org: Organisation) -> UnitMatch:
    """Match a profile's province and commune to the official list: by code when the code is on the list and
    its name is the one typed, else by folded name in the province (typed or coded)."""
    from . import admin_units
    from ..vietnamese import fold

    prov = admin_units.province(org.province_code) if org.province_code else None
    if prov is None or (org.province and fold(org.province) not in (fold(prov.short), fold(prov.name))):
        prov = admin_units.find_province(org.province) or prov
    if prov is None:
        return UnitMatch(None, None, f"Không tìm thấy tỉnh/thành phố “{org.province}” trong danh sách 34 tỉnh, "
                                     "thành phố từ ngày 01/07/2025.")
    by_code = admin_units.commune(org.commune_code) if org.commune_code else None
    if by_code is not None and by_code.province_code == prov.code and \
            admin_units.find_commune(prov.code, org.commune, org.commune_kind) == by_code:
        coded = by_code
    else:
        coded = None
    found = coded or admin_units.find_commune(prov.code, org.commune, org.commune_kind)
    if found is None:
        why = (f"Không có xã/phường “{org.commune}” trong danh sách đơn vị hành chính từ ngày 01/07/2025 "
               f"của {prov.name}.")
        if by_code is not None:
            why += f" Mã {by_code.code} là mã của {by_code.name}."
        return UnitMatch(prov, None, why)
    stored = (org.province, org.province_code, org.commune, org.commune_code, org.commune_kind)
    official = (prov.short, prov.code, found.short, found.code, found.kind)
    if stored == official:
        return UnitMatch(prov, found, "")
    parts = []
    if org.commune_code and org.commune_code != found.code:
        other = admin_units.commune(org.commune_code)
        parts.append(f"mã xã {org.commune_code} là mã của {other.name}" if other else
                     f"mã xã {org.commune_code} không có trong danh sách")
    if org.province_code and org.province_code != prov.code:
        parts.append(f"mã tỉnh {org.province_code} khác mã {prov.code} của {prov.name}")
    detail = ("; ".join(parts) + ". ") if parts else ""
    return UnitMatch(prov, found, f"{detail[:1].upper()}{detail[1:]}Danh sách chính thức ghi: {found.name}, mã "
                                  f"{found.code}, {prov.name} (mã {prov.code}).")


class ProfileService:
    def __init__(self, ws) -> None:
        self.ws = ws

    def get(self) -> Organisation:
        return self.ws.organisation

    def is_set_up(self) -> bool:
        return self.get().is_complete

    def unit_to_confirm(self) -> UnitMatch | None:
        """For a profile never checked against the official list (before schema 20): what it matches, for
        the user to confirm (the profile form's banner); None once checked, or without a commune."""
        org = self.get()
        if org.unit_check or not org.commune:
            return None
        return match_unit(org)

    def save(self, org: Organisation, confirm: bool = True) -> Changes:
        """Save the profile. Province and commune are matched to the official list: a match is stored as
        "official"; a unit the list lacks (or a code of another unit) is kept as typed ("free") — with
        `confirm=False` (the form) it is asked first (NeedsConfirmation)."""
        org = Organisation.from_dict({k: normalize(v) for k, v in org.to_dict().items()})
        if not org.place_name and org.commune:
            org = replace(org, place_name=org.commune)
        problems = [FieldError(k, msg) for k, msg in REQUIRED.items() if not getattr(org, k)]
        if org.commune_code and not org.commune_code.isdigit():
            problems.append(FieldError("commune_code", "Mã xã chỉ gồm chữ số (mã đơn vị hành chính)."))
        if problems:
            raise ValidationError(problems)
        match = match_unit(org)
        if match.exact:
            org = replace(org, unit_check="official")
        elif match.commune is not None and not org.commune_code and not org.province_code \
                and match.province.short == org.province and match.commune.short == org.commune:
            org = match.applied_to(org)  # typed exactly as the list has it: the codes follow
        else:
            if not confirm:
                raise NeedsConfirmation([FieldError(
                    "commune", f"{match.problem} Hồ sơ sẽ được lưu như đã ghi, không theo danh sách chính thức.")])
            org = replace(org, unit_check="free")
        db = self.ws.db
        with db.atomic():
            first_time = not settings_store.get(db, "organisation")
            settings_store.put(db, "organisation", org.to_dict())
            if first_time:
                self.ws.catalogs.fill_commune_placeholders(org.commune)
        return Changes(settings=True)

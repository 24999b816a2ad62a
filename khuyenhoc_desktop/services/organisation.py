"""The organisation profile: asked for on first start, printed on every document."""

from __future__ import annotations

from dataclasses import replace

from ..domain.changes import Changes
from ..domain.errors import FieldError, ValidationError
from ..domain.organisation import Organisation
from ..storage import settings as settings_store
from ..vietnamese import normalize

REQUIRED = {
    "province": "Chưa nhập tỉnh/thành phố.",
    "commune": "Chưa nhập tên xã/phường.",
    "committee_name": "Chưa nhập tên hội.",
    "chair": "Chưa nhập họ tên Chủ tịch hội.",
}


class ProfileService:
    def __init__(self, ws) -> None:
        self.ws = ws

    def get(self) -> Organisation:
        return self.ws.organisation

    def is_set_up(self) -> bool:
        return self.get().is_complete

    def save(self, org: Organisation) -> Changes:
        org = Organisation.from_dict({k: normalize(v) for k, v in org.to_dict().items()})
        if not org.place_name and org.commune:
            org = replace(org, place_name=org.commune)
        problems = [FieldError(k, msg) for k, msg in REQUIRED.items() if not getattr(org, k)]
        if org.commune_code and not org.commune_code.isdigit():
            problems.append(FieldError("commune_code", "Mã xã chỉ gồm chữ số (mã đơn vị hành chính)."))
        if problems:
            raise ValidationError(problems)
        db = self.ws.db
        with db.atomic():
            first_time = not settings_store.get(db, "organisation")
            settings_store.put(db, "organisation", org.to_dict())
            if first_time:
                self.ws.catalogs.fill_commune_placeholders(org.commune)
        return Changes(settings=True)

"""The committee's own identity, printed on every document and sent with every sync package."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Organisation:
    province: str = ""  # "Bắc Ninh"
    commune: str = ""  # "Tân Dĩnh" (without "xã")
    commune_kind: str = "xã"  # xã / phường / đặc khu
    commune_code: str = ""  # official post-2025 code, e.g. "07462"
    province_code: str = ""  # e.g. "24"
    committee_name: str = ""  # "Hội Khuyến học xã Tân Dĩnh"
    parent_body: str = ""  # cơ quan chủ quản: "Ủy ban nhân dân xã Tân Dĩnh"
    place_name: str = ""  # địa danh on dated documents: "Tân Dĩnh"
    chair: str = ""
    vice_chair: str = ""
    secretary: str = ""
    treasurer: str = ""
    accountant: str = ""
    address: str = ""
    phone: str = ""
    # How province and commune were checked against the official post-2025 list (services/organisation.py):
    # "" never (a profile from before schema 20), "official" (the list's names and codes), "free" (kept as
    # typed: a unit the list lacks, confirmed by the user).
    unit_check: str = ""

    @property
    def is_complete(self) -> bool:
        return bool(self.commune and self.committee_name and self.chair)

    def issuing_body_upper(self) -> str:
        """The issuer line printed in red on certificates: "BAN CHẤP HÀNH HỘI KHUYẾN HỌC XÃ …"."""
        return f"BAN CHẤP HÀNH {self.committee_name}".upper()

    @classmethod
    def from_dict(cls, data: dict) -> "Organisation":
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v or "") for k, v in data.items() if k in names})

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def sample_organisation() -> Organisation:
    """A filled-in profile for demo data and tests."""
    return Organisation(
        province="Bắc Ninh",
        commune="Tân Dĩnh",
        commune_code="07462",
        province_code="24",
        committee_name="Hội Khuyến học xã Tân Dĩnh",
        parent_body="Ủy ban nhân dân xã Tân Dĩnh",
        place_name="Tân Dĩnh",
        chair="Nguyễn Văn Thắng",
        vice_chair="Trần Thị Hường",
        secretary="Lê Thị Ngọc Ánh",
        treasurer="Phạm Thị Duyên",
        accountant="Hoàng Văn Đức",
        address="Thôn Đồng Quan, xã Tân Dĩnh, tỉnh Bắc Ninh",
        phone="0204 3855 123",
    )

"""What a data file or store is, named for the user: a commune's file, a province's, the national hub's (the
`role` kept in its meta table)."""

from __future__ import annotations

ROLE_LABELS = {
    "commune": "tệp dữ liệu của xã",
    "province": "tệp dữ liệu của tỉnh",
    "national": "kho dữ liệu của Trung ương",
}


def role_label(role: str | None) -> str:
    return ROLE_LABELS.get(role or "commune", f"kho dữ liệu loại “{role}”")

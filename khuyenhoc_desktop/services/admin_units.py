"""The official administrative units after the July 2025 reform (34 provinces, 3,321 communes), and which
old communes each new one was formed from.

Two pinned libraries hold the data (pyproject.toml; nothing is downloaded at run time):

* `vietnam-provinces` (2025.10.1, data of 2025-10-18): every province and commune with its official code
  (Tổng cục Thống kê) — the list the organisation profile picks from;
* `vietnamadminunits` (1.0.4): the old (63-province) communes with their codes and, for each new commune,
  the old ones it was formed from — what fills the province's table of unit changes.

Only their data files are read (JSON), never their modules: `vietnam_provinces.lookup` is a 390 kB Python
module and `vietnamadminunits` imports shapely and geopy for its address parser. Everything is loaded on
first use and kept (`functools.cache`): the main window never loads it before the profile form or the
province page asks.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..vietnamese import fold, normalize

LIST_LIBRARY = "vietnam-provinces"
MAPPING_LIBRARY = "vietnamadminunits"
REFORM_DATE = "2025-07-01"  # the day the new communes took office (Nghị quyết 202/2025/QH15)


@dataclass(frozen=True)
class Province:
    code: str  # "24"
    name: str  # "Bắc Ninh", "Thành phố Hà Nội"
    short: str  # "Bắc Ninh", "Hà Nội" (what the profile stores)
    kind: str  # "tỉnh" / "thành phố trung ương"


@dataclass(frozen=True)
class Commune:
    code: str  # "07432"
    name: str  # "Xã Tân Dĩnh"
    short: str  # "Tân Dĩnh" (what the profile stores)
    kind: str  # "xã" / "phường" / "đặc khu"
    province_code: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class OldCommune:
    code: str  # the pre-2025 code
    name: str  # "Xã Đại Lâm"
    district: str  # "Huyện Lạng Giang"


@dataclass(frozen=True)
class LibraryChange:
    """A new commune and the old communes it was formed from, as the mapping library has it."""

    new: Commune
    old: tuple[OldCommune, ...]


class AdminUnitsUnavailable(RuntimeError):
    pass


def _package_dir(name: str) -> Path:
    # The PyInstaller build carries only the data files, in a folder of the package's name
    # (.ci/pyinstaller/khuyenhoc.spec).
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / name / "data").is_dir():
        return Path(bundle) / name
    # find_spec of a top-level package does not run its __init__ (no import of the library's code).
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise AdminUnitsUnavailable(name)
    return Path(next(iter(spec.submodule_search_locations)))


def _short(name: str, prefixes: tuple[str, ...]) -> str:
    for p in prefixes:
        if name.startswith(p):
            return name[len(p):]
    return name


_COMMUNE_PREFIXES = ("Xã ", "Phường ", "Đặc khu ")


@cache
def _official() -> tuple[tuple[Province, ...], dict[str, tuple[Commune, ...]]]:
    data = json.loads((_package_dir("vietnam_provinces") / "data" / "nested-divisions.json").read_text("utf-8"))
    provinces, communes = [], {}
    for p in data:
        code = f"{int(p['code']):02d}"
        name = normalize(p["name"])
        provinces.append(Province(code, name, _short(name, ("Thành phố ", "Tỉnh ")), p["division_type"]))
        communes[code] = tuple(sorted(
            (Commune(f"{int(w['code']):05d}", normalize(w["name"]), _short(normalize(w["name"]), _COMMUNE_PREFIXES),
                     normalize(w["division_type"]), code) for w in p["wards"]),
            key=lambda c: fold(c.short)))
    provinces.sort(key=lambda p: fold(p.short))
    return tuple(provinces), communes


def provinces() -> tuple[Province, ...]:
    return _official()[0]


def communes(province_code: str) -> tuple[Commune, ...]:
    return _official()[1].get(province_code, ())


@cache
def _by_code() -> dict[str, Commune]:
    return {c.code: c for cs in _official()[1].values() for c in cs}


def commune(code: str) -> Commune | None:
    return _by_code().get((code or "").strip())


def province(code: str) -> Province | None:
    return next((p for p in provinces() if p.code == (code or "").strip()), None)


def find_province(text: str) -> Province | None:
    """The province a typed name means ("Bac Ninh", "tỉnh Bắc Ninh", "TP Hà Nội"), or None."""
    key = _name_key(text, ("tinh ", "thanh pho ", "tp. ", "tp "))
    return next((p for p in provinces() if fold(p.short) == key or fold(p.name) == key), None)


def find_commune(province_code: str, text: str, kind: str = "") -> Commune | None:
    """The commune of that province a typed name means ("Tan Dinh", "xã Tân Dĩnh"), or None. With two of
    the same name (a xã and a phường), the one of `kind` when given."""
    key = _name_key(text, ("xa ", "phuong ", "dac khu ", "thi tran "))
    found = [c for c in communes(province_code) if fold(c.short) == key]
    if len(found) > 1 and kind:
        found = [c for c in found if fold(c.kind) == fold(kind)] or found
    return found[0] if len(found) == 1 else None


def _name_key(text: str, prefixes: tuple[str, ...]) -> str:
    key = " ".join(fold(text).split())
    for p in prefixes:
        if key.startswith(p):
            return key[len(p):]
    return key


def search(items, text: str, limit: int = 50) -> list:
    """Units whose folded name contains every folded word typed, or whose code starts with it."""
    words = fold(text).split()
    if not words:
        return list(items)[:limit]
    out = []
    for unit in items:
        key = fold(unit.name)
        if all(w in key for w in words) or unit.code.startswith(text.strip()):
            out.append(unit)
            if len(out) >= limit:
                break
    return out


def data_version() -> str:
    """"vietnam-provinces 2025.10.1, vietnamadminunits 1.0.4" — the versions installed (pinned)."""
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for name in (LIST_LIBRARY, MAPPING_LIBRARY):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} (chưa cài)")
    return ", ".join(parts)


# -- the old communes and what became of them (vietnamadminunits) -----------------------------------
@cache
def _mapping() -> tuple[dict, dict, dict]:
    base = _package_dir("vietnamadminunits") / "data"
    legacy = json.loads((base / "parser_legacy.json").read_text("utf-8"))
    new = json.loads((base / "parser_from_2025.json").read_text("utf-8"))
    converter = json.loads((base / "converter_2025.json").read_text("utf-8"))
    old_units: dict[str, OldCommune] = {}  # "province_district_ward" key → old commune
    for dict_name in ("DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED", "DICT_PROVINCE_DISTRICT_WARD_ACCENTED"):
        for pk, districts in legacy[dict_name].items():
            for dk, wards in districts.items():
                district = legacy["DICT_PROVINCE_DISTRICT"].get(pk, {}).get(dk, {}).get("district", "")
                for wk, w in wards.items():
                    if not isinstance(w.get("ward"), str) or not isinstance(w.get("wardCode"), str):
                        continue  # island districts without communes carry NaN here
                    old_units[f"{pk}_{dk}_{wk}"] = OldCommune(w["wardCode"], normalize(w["ward"]), normalize(district))
    new_codes: dict[tuple[str, str], str] = {}  # (new province key, new ward key) → code
    for dict_name in ("DICT_PROVINCE_WARD_NO_ACCENTED", "DICT_PROVINCE_WARD_ACCENTED"):
        for pk, wards in new[dict_name].items():
            for wk, w in wards.items():
                if isinstance(w.get("wardCode"), str):
                    new_codes[(pk, wk)] = w["wardCode"]
    province_keys = {pk: p["provinceCode"] for pk, p in new["DICT_PROVINCE"].items()}
    return old_units, new_codes, {"converter": converter, "province_keys": province_keys}


@cache
def library_changes(province_code: str) -> tuple[LibraryChange, ...]:
    """Each new commune of the province with the old communes it was formed from. An old commune that was
    divided among several new ones goes with the one the library names as its main successor
    (`isDefaultNewWard`), so every old code has one successor. A code some new commune kept (its own, or
    that of a divided old commune) is left out of the old codes: that commune continues under it."""
    old_units, new_codes, extra = _mapping()
    converter, province_keys = extra["converter"], extra["province_keys"]
    keys = [pk for pk, code in province_keys.items() if code == province_code]
    olds: dict[str, list[OldCommune]] = {}
    for pk in keys:
        for wk, old_keys in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(pk, {}).items():
            code = new_codes.get((pk, wk))
            if code:
                olds.setdefault(code, []).extend(old_units[k] for k in old_keys if k in old_units)
        for old_key, successors in converter["DICT_PROVINCE_WARD_DIVIDED"].get(pk, {}).items():
            main = next((s["newWardKey"] for s in successors if s.get("isDefaultNewWard")), None)
            code = new_codes.get((pk, main)) if main else None
            if code and old_key in old_units:
                olds.setdefault(code, []).append(old_units[old_key])
    out = []
    # A code that a new commune kept continues under it: never an old commune of another (a divided old
    # commune whose main successor is elsewhere, 21 cases in the data).
    continuing = {c.code for c in communes(province_code)}
    for c in communes(province_code):
        old = {o.code: o for o in olds.get(c.code, ()) if o.code not in continuing}
        if old:
            out.append(LibraryChange(c, tuple(sorted(old.values(), key=lambda o: o.code))))
    return tuple(out)


def old_commune(province_code: str, code: str) -> OldCommune | None:
    """An old (pre-2025) commune of the province's communes by its code, or None."""
    for change in library_changes(province_code):
        for o in change.old:
            if o.code == code:
                return o
    return None

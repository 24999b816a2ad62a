"""What each catalogue entry and name of an old commune becomes in the new file.

Catalogues unify by folded name ("Học sinh giỏi" of one commune is the new file's "Học sinh giỏi", whatever
its tone marks); a thôn or a chi hội whose name two communes share is a different one in each, so it takes the
old commune's name ("Thôn 1 (xã Tân Dĩnh cũ)"). The user may type another name for any of them (the preview's
table); the same choices then rename the values in the merged records."""

from __future__ import annotations

from collections import Counter

from ...domain.merge import NEW, QUALIFY, RENAME, UNIFY, NameChoice, qualified
from ...vietnamese import fold, normalize
from ..catalogs import catalog_labels
from .tables import CATALOG_COLUMNS, QUALIFIED_KINDS, QUALIFIED_NAMES


def names_by_kind(rows: dict[str, list[dict]]) -> dict[str, set[str]]:
    """The names a file uses, per catalogue kind (its entries and the values its records hold) and per
    qualified name kind."""
    found: dict[str, set[str]] = {}
    for row in rows.get("catalog_item", []):
        if row["name"]:
            found.setdefault(row["kind"], set()).add(row["name"])
    for table, column, kind in CATALOG_COLUMNS:
        for row in rows.get(table, []):
            if row.get(column):
                found.setdefault(kind, set()).add(row[column])
    for table, column, _ in QUALIFIED_NAMES:
        for row in rows.get(table, []):
            if row.get(column) and not row.get("deleted"):
                found.setdefault(table, set()).add(row[column])
    return found


def choose_names(own: dict[str, set[str]], olds: list[tuple], overrides: dict | None = None) -> list[NameChoice]:
    """The choices for every name of every old file. `own`: the new file's names by kind; `olds`:
    (OldCommune, names by kind) in merge order; `overrides`: (kind, origin_code, name) → the name typed."""
    overrides = {k: normalize(v) for k, v in (overrides or {}).items() if normalize(v)}
    labels = {**catalog_labels(), **{table: label for table, _, label in QUALIFIED_NAMES}}
    qualified_kinds = QUALIFIED_KINDS | {table for table, _, _ in QUALIFIED_NAMES}
    # How many files (the new one and each old one) hold each folded name.
    holders: Counter = Counter()
    for names in (own, *(n for _, n in olds)):
        for kind, values in names.items():
            holders.update({(kind, f) for f in {fold(v) for v in values}})
    choices: list[NameChoice] = []
    taken = {kind: {fold(v): v for v in sorted(values)} for kind, values in own.items()}
    for commune, names in olds:
        for kind in sorted(names):
            seen = taken.setdefault(kind, {})
            for name in sorted(names[kind], key=fold):
                key, folded = (kind, commune.code, name), fold(name)
                if key in overrides and overrides[key] != name:
                    target, action = overrides[key], RENAME
                elif kind in qualified_kinds:
                    clash = holders[(kind, folded)] > 1
                    target, action = (qualified(name, commune), QUALIFY) if clash else (name, NEW)
                elif folded in seen:
                    target, action = seen[folded], UNIFY
                else:
                    target, action = name, NEW
                if action == RENAME and fold(target) in seen and kind not in qualified_kinds:
                    target, action = seen[fold(target)], UNIFY
                seen.setdefault(fold(target), target)
                choices.append(NameChoice(kind, labels.get(kind, kind), commune.code, commune.label, name, target,
                                          action))
    return choices


def mapping_of(choices: list[NameChoice]) -> dict[tuple[str, str, str], str]:
    return {c.key: c.target for c in choices}


def rename_values(table: str, row: dict, origin_code: str, mapping: dict) -> dict:
    """The row with its catalogue values and qualified names as the choices say."""
    for t, column, kind in CATALOG_COLUMNS:
        if t == table and row.get(column):
            row[column] = mapping.get((kind, origin_code, row[column]), row[column])
    for t, column, _ in QUALIFIED_NAMES:
        if t == table and row.get(column):
            row[column] = mapping.get((t, origin_code, row[column]), row[column])
    if table == "learning_subject" and row.get("kind") == "community":  # a thôn as a learning community
        row["name"] = mapping.get(("village", origin_code, row["name"]), row["name"])
    return row

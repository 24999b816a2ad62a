"""The dry run: what merging the old files would do, and why it cannot when it cannot. Nothing is written.

For each old file: its identity (checked against the new file and the other old files), its books at the
merger date, per record kind how many rows would be added, updated (a higher version than the copy already
merged), left unchanged or unified with an existing catalogue entry; the names that change (catalogue
mapping, thôn and chi hội names told apart); members who are probably one person in two communes (flagged,
kept as two records); and the conflicts — blocking ones refuse the merge."""

from __future__ import annotations

from datetime import date

from ...domain.merge import Conflict, DuplicatePerson, KindCount, MergePlan, PersonEntry, SourcePlan
from ...storage import fund as fund_store
from ...storage import merge as store
from ...vietnamese import fold, format_date
from .catalog_mapping import choose_names, mapping_of, names_by_kind, rename_values
from .sources import MergeRefused, OldFile, read_old_file
from .tables import MERGED_TABLES


def make_plan(ws, paths, merger_date: date, overrides: dict | None = None, olds: list[OldFile] | None = None,
              progress=None) -> MergePlan:
    """The plan for merging `paths` into `ws` on `merger_date`. Raises MergeRefused for input that can never
    be merged (not an association file, a province file, another province, two files of one commune, a newer
    schema, a locked period); other problems are the plan's conflicts."""
    _check_target(ws, merger_date)
    if olds is None:
        olds = []
        for i, path in enumerate(paths):
            if progress is not None:
                progress(i, len(paths))  # between files: "Dừng" stops here
            olds.append(read_old_file(path, merger_date, ws.clock))
    if not olds:
        raise MergeRefused("Chưa chọn tệp dữ liệu của xã cũ nào.")
    _check_sources(ws, olds)
    own_rows = {table: store.all_rows(ws.db, table) for table, _ in MERGED_TABLES}
    own_names = names_by_kind({t: [r for r in rows if not r["origin_code"]] for t, rows in own_rows.items()})
    names = choose_names(own_names, [(o.commune, names_by_kind(o.rows)) for o in olds], overrides)
    mapping = mapping_of(names)
    conflicts: list[Conflict] = []
    sources: list[SourcePlan] = []
    prepared: dict = {}
    # Catalogue entries there or being added (kind, folded name): an old entry that becomes one is not added.
    catalog = {(r["kind"], fold(r["name"])) for r in own_rows.get("catalog_item", []) if not r["deleted"]}
    for old in olds:
        source, rows, found = _prepare(ws, old, own_rows, mapping, merger_date, catalog)
        sources.append(source)
        conflicts += found
        prepared[old.commune.code] = {"old": old, "rows": rows}
    return MergePlan(merger_date, ws.organisation.committee_name, sources, names,
                     probable_duplicates(own_rows.get("member", []), olds), conflicts, prepared)


# -- checks -----------------------------------------------------------------------------------------
def _check_target(ws, merger_date: date) -> None:
    if ws.datafile.role != "commune":
        raise MergeRefused("Tệp đang mở là tệp của tỉnh; chỉ hợp nhất vào tệp của hội khuyến học xã/phường mới.")
    if ws.datafile.read_only:
        raise MergeRefused("Tệp dữ liệu đang mở chỉ để xem; không hợp nhất được.")
    org = ws.organisation
    if not org.is_complete:
        raise MergeRefused("Tệp của hội mới chưa có hồ sơ hội (tên xã, tên hội, Chủ tịch). Hãy nhập hồ sơ hội trước.")
    until = fund_store.locked_until(ws.db)
    if until is not None and merger_date <= until:
        raise MergeRefused(f"Ngày hợp nhất {format_date(merger_date)} nằm trong kỳ sổ quỹ đã khóa (đến hết ngày "
                           f"{format_date(until)}): không ghi được phiếu tiếp nhận quỹ. Hãy chọn ngày sau đó hoặc "
                           "mở khóa sổ.")


def _same_province(a_name: str, a_code: str, b_name: str, b_code: str) -> bool:
    if a_code and b_code:
        return a_code == b_code
    return fold(a_name).removeprefix("tinh ").removeprefix("thanh pho ") == \
        fold(b_name).removeprefix("tinh ").removeprefix("thanh pho ")


def _check_sources(ws, olds: list[OldFile]) -> None:
    org = ws.organisation
    seen: dict[str, str] = {}
    for old in olds:
        c, name = old.commune, old.path.name
        if old.role != "commune":
            raise MergeRefused(f"Tệp “{name}” là tệp của tỉnh, không phải tệp của một hội khuyến học xã; "
                               "không hợp nhất được.")
        if not (c.name and c.committee_name):
            raise MergeRefused(f"Tệp “{name}” không phải tệp dữ liệu của một hội khuyến học xã (chưa có hồ sơ hội).")
        if not c.code:
            raise MergeRefused(f"Hồ sơ hội của tệp “{name}” ({c.committee_name}) chưa có mã xã. Hãy mở tệp đó, nhập "
                               "mã xã (cũ) trong Hồ sơ hội rồi hợp nhất lại.")
        if c.code == org.commune_code:
            raise MergeRefused(f"Tệp “{name}” là tệp của chính {org.committee_name} (cùng mã xã {c.code}), "
                               "không phải của một xã cũ.")
        if not _same_province(c.province, c.province_code, org.province, org.province_code):
            raise MergeRefused(f"Tệp “{name}” là của {c.committee_name}, tỉnh {c.province}; hội mới thuộc tỉnh "
                               f"{org.province}. Chỉ hợp nhất các xã cũ trong cùng tỉnh.")
        if c.code in seen:
            raise MergeRefused(f"Hai tệp “{seen[c.code]}” và “{name}” cùng là của {c.label} (mã {c.code}). "
                               "Mỗi xã cũ chỉ chọn một tệp (bản mới nhất).")
        seen[c.code] = name


# -- one old file -----------------------------------------------------------------------------------
def _prepare(ws, old: OldFile, own_rows: dict, mapping: dict, merger_date: date, catalog: set):
    c = old.commune
    conflicts: list[Conflict] = []
    if old.posted_after:
        shown = ", ".join(old.posted_after[:5]) + (" …" if len(old.posted_after) > 5 else "")
        conflicts.append(Conflict(c.code, f"Sổ quỹ của {c.committee_name} có {len(old.posted_after)} phiếu ghi sổ "
                                          f"sau ngày hợp nhất {format_date(merger_date)} ({shown}). Sổ của hội cũ "
                                          "khóa tại ngày hợp nhất: hãy chọn ngày hợp nhất sau phiếu cuối cùng.", True))
    for book in old.books:
        if book.balance < 0:
            conflicts.append(Conflict(c.code, f"{book.name} của {c.committee_name} âm ({book.balance:,} đ) tại ngày "
                                              "hợp nhất; hãy kiểm tra sổ của hội cũ trước.".replace(",", "."), True))
    before = store.source(ws.db, c.code)
    if before is not None:
        if before["merger_date"] != merger_date.isoformat():
            conflicts.append(Conflict(c.code, f"{c.committee_name} đã hợp nhất với ngày "
                                              f"{format_date(date.fromisoformat(before['merger_date']))}; lần này "
                                              "phải cùng ngày đó.", True))
        elif _book_totals(before["books"]) != _book_totals([b.__dict__ for b in old.books]):
            conflicts.append(Conflict(c.code, f"Số dư sổ quỹ của {c.committee_name} tại ngày hợp nhất khác với lúc "
                                              "bàn giao (bản tệp này đã sửa phiếu cũ). Quỹ đã tiếp nhận theo biên bản "
                                              "bàn giao trước, không ghi thêm; các bản ghi có phiên bản mới hơn vẫn "
                                              "được cập nhật.", False))
    mixed = sorted({r["year"] for r in old.rows.get("population", []) if not r["deleted"] and not r["village"]}
                   & {r["year"] for r in old.rows.get("population", []) if not r["deleted"] and r["village"]})
    if mixed:
        conflicts.append(Conflict(c.code, f"Số liệu dân số năm {', '.join(map(str, mixed))} của {c.committee_name} có cả "
                                          "dòng toàn xã và dòng từng thôn; sau hợp nhất dân số của xã mới là tổng các "
                                          "dòng: hãy xem lại ở thẻ Dân số.", False))
    counts: list[KindCount] = []
    rows_to_write: dict[str, list[dict]] = {}
    own_sets = {(r["code"], r["set_version"]): r["body"] for r in own_rows.get("learning_criteria_set", [])
                if not r["deleted"]}
    for table, label in MERGED_TABLES:
        here = {r["uuid"]: r for r in own_rows.get(table, [])}
        n = dict(added=0, updated=0, unchanged=0, unified=0, skipped=0)
        chosen = []
        for row in old.rows.get(table, []):
            row = dict(row)
            origin = row.get("origin_code") or c.code
            origin_name = row.get("origin_name") or c.label
            if table == "catalog_item" and row["uuid"] not in here:
                entry = (row["kind"], fold(mapping.get((row["kind"], origin, row["name"]), row["name"])))
                if entry in catalog:
                    n["unified"] += 1
                    continue
                if not row["deleted"]:
                    catalog.add(entry)
            if table == "learning_criteria_set" and (row["code"], row["set_version"]) in own_sets and \
                    row["uuid"] not in here:
                n["unified"] += 1
                if own_sets[(row["code"], row["set_version"])] != row["body"]:
                    conflicts.append(Conflict(c.code, f"Bộ tiêu chí {row['code']} phiên bản {row['set_version']} của "
                                                      f"{c.committee_name} khác bộ cùng phiên bản của hội mới; giữ "
                                                      "bộ của hội mới.", False))
                continue
            existing = here.get(row["uuid"])
            if existing is not None and existing["origin_code"] != origin:
                n["skipped"] += 1
                conflicts.append(Conflict(c.code, f"{label}: bản ghi {row['uuid'][:8]}… của {c.committee_name} đã có "
                                                  "trong tệp mới với nguồn khác; giữ bản đang có.", False))
                continue
            if existing is not None and int(existing["version"]) >= int(row["version"]):
                n["unchanged"] += 1
                continue
            n["updated" if existing is not None else "added"] += 1
            row["origin_code"], row["origin_name"] = origin, origin_name
            rename_values(table, row, origin, mapping)
            if table == "catalog_item":
                row["name"] = mapping.get((row["kind"], origin, row["name"]), row["name"])
            if table == "voucher":
                row["number"] = f"{origin}/{row['number']}"  # the old series, kept, under the old commune's code
            if table == "population" and not row["village"]:
                # the old commune's whole-commune line: one line of the new commune's, so its total is the sum
                row["village"] = f"{c.label} (cũ)"
            if table == "bank_account":
                row["name"] = f"{row['name'] or row['bank_name'] or row['account_no']} ({c.label} cũ)"
            chosen.append(row)
        counts.append(KindCount(table, label, **n))
        rows_to_write[table] = chosen
    copied = store.audit_keys(ws.db, c.code)
    audit = []
    for row in old.audit:
        row = dict(row, origin_code=row.get("origin_code") or c.code, origin_name=row.get("origin_name") or c.label)
        if store.audit_key(row) not in copied:
            audit.append(row)
    rows_to_write["audit_log"] = audit
    source = SourcePlan(c, old.books, counts, len(audit), already_merged=before is not None)
    return source, rows_to_write, conflicts


def _book_totals(books: list[dict]) -> list[tuple]:
    return sorted((b["account"], int(b["balance"])) for b in books)


# -- probable duplicates ------------------------------------------------------------------------------
def probable_duplicates(own_members: list[dict], olds: list[OldFile]) -> list[DuplicatePerson]:
    """Members of different communes (the new file's own and each old one) with the same CCCD (or its keyed
    hash), or the same folded name and birth date (birth year when no date): flagged, never merged."""
    people: list[PersonEntry] = []
    keyed: dict[tuple, list[PersonEntry]] = {}

    def add(row: dict, code: str, name: str) -> None:
        if row["deleted"]:
            return
        entry = PersonEntry(code, name, row["uuid"], row["code"], row["full_name"],
                            row["birth_date"] or str(row["birth_year"] or ""))
        people.append(entry)
        if row.get("id_number"):
            keyed.setdefault(("Cùng số CCCD", row["id_number"]), []).append(entry)
        elif row.get("id_hash"):
            keyed.setdefault(("Cùng số CCCD", row["id_hash"]), []).append(entry)
        if entry.birth:
            keyed.setdefault(("Cùng họ tên và ngày sinh", fold(row["full_name"]), entry.birth), []).append(entry)

    for row in own_members:
        add(row, row["origin_code"], row["origin_name"] or "Hội mới")
    for old in olds:
        for row in old.rows.get("member", []):
            add(row, row.get("origin_code") or old.commune.code, row.get("origin_name") or old.commune.label)
    found: list[DuplicatePerson] = []
    reported: set[frozenset] = set()
    for key, entries in keyed.items():
        uuids = frozenset(e.uuid for e in entries)
        if len({e.origin_code for e in entries}) < 2 or uuids in reported:
            continue
        reported.add(uuids)
        found.append(DuplicatePerson(key[0], tuple(entries)))
    return found


__all__ = ["MergeRefused", "make_plan", "probable_duplicates"]

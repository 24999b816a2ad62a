"""The province's copies of the communes' members and units: written with the other typed copies, counted
by commune as a commune's summary counts its own (active on a day, joined and left in a window, active units),
and the CCCD hashes two communes share."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.storage.province import members, mirror

H1, H2 = "0a0b0c0d:" + "1" * 64, "0a0b0c0d:" + "2" * 64


def _write(db):
    rows = [  # commune, uuid, status, joined_on, status_date, unit_uuid, id_hash, deleted
        ("07462", "m1", "active", "2019-01-10", "", "u1", H1, 0),
        ("07462", "m2", "active", "", "", "", "", 0),  # joining day unknown: counted
        ("07462", "m3", "moved", "2018-03-01", "2025-04-15", "", H2, 0),
        ("07462", "m4", "deceased", "2018-03-01", "", "", "", 0),  # left on an unknown day: gone
        ("07462", "m5", "active", "2026-02-01", "", "", "", 1),  # deleted: nowhere
        ("07465", "m1", "active", "2025-09-05", "", "", H1, 0),  # same uuid in another commune: its own row
        ("07465", "m6", "quit", "2020-01-01", "2026-03-20", "", H2, 1),  # deleted: its hash is not shared
    ]
    units = [("07462", "u1", "chi_hoi", 1, 0), ("07462", "u2", "chi_hoi", 0, 0), ("07462", "u3", "to_hoi", 1, 1),
             ("07465", "u4", "ban_khuyen_hoc", 1, 0)]
    mirror.write(db, [], {"member": rows, "org_unit": units})


def test_members_counted_by_commune_on_a_day_and_in_a_window(db):
    _write(db)
    assert members.active_by_commune(db, date(2025, 1, 1)) == {"07462": 3}  # m1, m2, m3 (moved later)
    assert members.active_by_commune(db, date(2026, 12, 2)) == {"07462": 2, "07465": 1}
    assert members.joined_by_commune(db, date(2025, 9, 1), date(2026, 8, 31)) == {"07465": 1}
    assert members.left_by_commune(db, date(2024, 9, 1), date(2025, 8, 31)) == {"07462": 1}
    assert members.left_by_commune(db, date(2025, 9, 1), date(2026, 8, 31)) == {}
    assert sorted(members.units_by_commune(db)) == [("07462", "chi_hoi", 1), ("07465", "ban_khuyen_hoc", 1)]


def test_hashes_held_in_two_communes_are_listed_and_rewriting_a_row_replaces_it(db):
    _write(db)
    assert members.shared_id_hashes(db) == [(H1, "07462", "m1", "active", "2019-01-10"),
                                            (H1, "07465", "m1", "active", "2025-09-05")]
    mirror.write(db, [], {"member": [("07465", "m1", "active", "2025-09-05", "", "", "", 0)]})  # CCCD removed
    assert members.shared_id_hashes(db) == []
    assert len(list(members.dump(db))) == 7 + 4

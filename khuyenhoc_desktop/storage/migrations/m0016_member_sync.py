"""Members and units travel to the province.

* `member.id_hash`: the keyed hash of the member's CCCD that the sync package carries instead of the
  number (docs/sync-format.md §5.5): `"<key id, 8 hex>:<HMAC-SHA256, 64 hex>"`, or empty (no CCCD, or no
  province key yet). Written by the sync export, never typed by a user.
* the units and members already in the file get new change numbers, so the next package sends them (they
  did not travel before, and a delta takes only rows changed since the last package);
* `prov_member`, `prov_org_unit`: the province's narrow copies of the communes' members and units (as
  `prov_award` is of awards), one row per (commune, uuid), deletions kept as `deleted = 1`; the totals by
  commune are counted from them, possible duplicates across communes found by `id_hash`.

Everything is written out here, not imported: a migration stays as written.
"""

VERSION = 16
DESCRIPTION = "Hội viên và chi hội/ban gửi lên tỉnh (không gửi số CCCD, điện thoại)"

STATEMENTS = [
    "ALTER TABLE member ADD COLUMN id_hash TEXT NOT NULL DEFAULT ''",
    # the export reads the rows changed since the last package by these, as for every synced table
    "CREATE INDEX member_change_seq ON member(change_seq)",
    "CREATE INDEX org_unit_change_seq ON org_unit(change_seq)",
    """CREATE TABLE prov_member (
        commune_code TEXT NOT NULL,
        uuid TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active',
        joined_on TEXT NOT NULL DEFAULT '',
        status_date TEXT NOT NULL DEFAULT '',
        unit_uuid TEXT NOT NULL DEFAULT '',
        id_hash TEXT NOT NULL DEFAULT '',
        deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (commune_code, uuid)
    )""",
    # The totals: one ordered scan per figure over the columns they read.
    "CREATE INDEX prov_member_cube ON prov_member(deleted, commune_code, status, joined_on, status_date)",
    "CREATE INDEX prov_member_by_id_hash ON prov_member(id_hash) WHERE id_hash != '' AND deleted = 0",
    """CREATE TABLE prov_org_unit (
        commune_code TEXT NOT NULL,
        uuid TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1,
        deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (commune_code, uuid)
    )""",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
    _send_with_the_next_package(conn)


def _send_with_the_next_package(conn) -> None:
    """Units and members saved before, while they did not travel, may carry change numbers below the last
    package's: give them new ones above the file's counter (units first, so a member's unit comes before
    it), so the next package sends them all. Versions stay: the province has never seen these rows."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()
    if row is None:
        return
    base = int(row[0] or 0)
    last_unit = conn.execute("SELECT COALESCE(MAX(id), 0) FROM org_unit").fetchone()[0]
    last_member = conn.execute("SELECT COALESCE(MAX(id), 0) FROM member").fetchone()[0]
    if not (last_unit or last_member):
        return
    conn.execute("UPDATE org_unit SET change_seq = ? + id", (base,))
    conn.execute("UPDATE member SET change_seq = ? + id", (base + last_unit,))
    conn.execute("UPDATE meta SET value = ? WHERE key = 'change_counter'", (str(base + last_unit + last_member),))

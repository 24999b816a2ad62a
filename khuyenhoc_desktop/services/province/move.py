"""Moving a province's SQLite file (or the national hub's) to a PostgreSQL server (`khuyenhoc province move --from … --to …`).

The file is opened as usual (an older one is upgraded first, after its automatic backup); the server
database must be empty of data (a new database, or a store with no rows); everything is copied in one
transaction on the server, so a failure half-way leaves the server as it was. The file is not changed
(beyond its upgrade) and stays where it is: it is the backup of the moment before the move.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ...domain.errors import DataFileError
from ...domain.roles import role_label
from ...storage.database import DataFile
from ...storage.province import move as move_store
from ...storage.server import ServerStore, is_server_url
from ...vietnamese import format_vnd
from .errors import ProvinceError


@dataclass
class MoveReport:
    source: str
    target: str
    tables: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def to_dict(self) -> dict:
        return {"from": self.source, "to": self.target, "tables": dict(self.tables), "rows": self.rows,
                "seconds": round(self.seconds, 3)}


def move_province(source: str | Path, target: str, say: Callable[[str], None] | None = None) -> MoveReport:
    """Copy the province file `source` into the empty server store `target`; `say(line)` tells how far."""
    say = say or (lambda _line: None)
    if not is_server_url(target):
        raise ProvinceError(f"“{target}” không phải địa chỉ máy chủ; cần dạng postgresql://người_dùng@máy_chủ:cổng/tên.")
    path = Path(source)
    if not path.is_file():
        raise ProvinceError(f"Không tìm thấy tệp dữ liệu của tỉnh “{source}”.")
    started = time.perf_counter()
    src = DataFile.open(path, create=False, role="province")
    try:
        # a province's file, or the national hub's (the same tables; its role goes with it)
        if src.role not in ("province", "national"):
            raise ProvinceError(f"Tệp “{path.name}” là {role_label(src.role)}, không phải tệp tổng hợp của tỉnh "
                                "hay kho tổng hợp toàn quốc.")
        store = ServerStore.open(target, create=True, role=src.role)
        try:
            report = MoveReport(str(path), store.address.url)
            full = move_store.nonempty_tables(store.db)
            if full:
                raise ProvinceError(
                    f"Kho dữ liệu {store.address.label()} đã có dữ liệu (bảng {', '.join(full[:5])}); chỉ chuyển vào "
                    "một cơ sở dữ liệu trống để không trộn hai tỉnh. Hãy tạo cơ sở dữ liệu mới (createdb) rồi chuyển.")
            models = move_store.tables_to_move()
            counts = {m._meta.table_name: move_store.source_count(src.conn, m._meta.table_name) for m in models}
            total, before = sum(counts.values()), 0
            say(f"Chuyển {format_vnd(total)} dòng từ “{path.name}” lên {store.address.label()}…")
            with store.db.atomic():
                for model in models:
                    table, n = model._meta.table_name, counts[model._meta.table_name]
                    if not n:
                        continue

                    def progress(done: int, table=table, n=n, before=before) -> None:
                        say(f"  {table}: {format_vnd(done)}/{format_vnd(n)} dòng "
                            f"({(before + done) * 100 // max(total, 1)} % tất cả)")

                    report.tables[table] = move_store.copy_table(src.conn, store.db, model, progress)
                    before += n
                move_store.continue_identities(store.db)
                store.set_meta("role", src.role)  # an empty store made earlier for the other role takes the file's
                store.set_meta("moved_from", str(path))
            report.seconds = time.perf_counter() - started
            say(f"Xong: {format_vnd(report.rows)} dòng trong {report.seconds:.1f} giây.")
            return report
        finally:
            store.close()
    except DataFileError as exc:
        raise ProvinceError(exc.message) from exc
    finally:
        src.close()

"""`khuyenhoc demo --db PATH --awards N [--seed S]`: fill a data file with realistic demo data."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("demo", help="tạo dữ liệu mẫu", description="Tạo dữ liệu mẫu tiếng Việt (hồ sơ hội, danh mục, khen thưởng …).")
    p.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu (tạo mới nếu chưa có)")
    p.add_argument("--awards", type=int, default=200, metavar="N", help="số bản ghi khen thưởng (mặc định 200)")
    p.add_argument("--seed", type=int, default=None, metavar="S", help="hạt giống ngẫu nhiên để tạo lại đúng dữ liệu")
    p.add_argument("--commune-code", metavar="MÃ", help="mã xã")
    p.add_argument("--commune-name", metavar="TÊN", help="tên xã")
    # Hidden: the day the demo data is dated from (tests and benchmarks that must not drift with the calendar).
    p.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    from ..domain.clock import SYSTEM_CLOCK, FixedClock
    from ..domain.errors import AppError
    from ..services import demo
    from ..services.workspace import Workspace

    if args.awards < 0:
        raise AppError("Số bản ghi khen thưởng phải là số không âm.")
    clock = SYSTEM_CLOCK
    if args.today:
        try:
            clock = FixedClock.parse(args.today)
        except ValueError:
            raise AppError("Ngày --today phải có dạng NNNN-TT-NN, ví dụ 2026-03-01.") from None
    with Workspace.open(args.db, clock=clock) as ws:
        result = demo.fill(ws, awards=args.awards, seed=args.seed, commune_code=args.commune_code,
                           commune_name=args.commune_name)
    parts = ", ".join(f"{k}: {v}" for k, v in result.items())
    print(f"Đã tạo dữ liệu mẫu trong {args.db} ({parts}).", file=sys.stdout)
    return 0

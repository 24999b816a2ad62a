"""`khuyenhoc demo --db PATH --awards N [--seed S] [--json]`: fill a data file with realistic demo data.

It says what it made and, for the learners, the lượt người học the classes declare (the figure the summary
and the report count); the learners named on class lists are counted apart.
"""

from __future__ import annotations

import argparse


def register(sub) -> None:
    from ..cli import add_json_option

    p = sub.add_parser("demo", help="tạo dữ liệu mẫu", description="Tạo dữ liệu mẫu tiếng Việt (hồ sơ hội, danh mục, khen thưởng …).")
    p.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu (tạo mới nếu chưa có)")
    p.add_argument("--awards", type=int, default=200, metavar="N", help="số bản ghi khen thưởng (mặc định 200)")
    p.add_argument("--seed", type=int, default=None, metavar="S", help="hạt giống ngẫu nhiên để tạo lại đúng dữ liệu")
    p.add_argument("--commune-code", metavar="MÃ", help="mã xã")
    p.add_argument("--commune-name", metavar="TÊN", help="tên xã")
    add_json_option(p)
    # Hidden: the day the demo data is dated from (tests and benchmarks that must not drift with the calendar).
    p.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..cli import emit
    from ..domain.clock import SYSTEM_CLOCK, FixedClock
    from ..domain.errors import AppError
    from ..services import demo
    from ..services.summary import commune_summary
    from ..services.workspace import Workspace
    from ..vietnamese import format_vnd

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
        after = commune_summary(ws)
    fund, classes = result.get("fund") or {}, result.get("classes") or {}
    made = {"awards": result.get("awards", 0), "vouchers": fund.get("vouchers", 0),
            "classes": classes.get("classes", 0), "named_learners": classes.get("learners", 0),
            "meetings": (result.get("meetings") or {}).get("meetings", 0),
            "units": (result.get("members") or {}).get("units", 0),
            "members": (result.get("members") or {}).get("members", 0),
            "dues_payments": (result.get("dues") or {}).get("dues_payments", 0),
            "learning_subjects": (result.get("learning_models") or {}).get("subjects", 0),
            "learning_registrations": (result.get("learning_models") or {}).get("registrations", 0),
            "learning_recognitions": (result.get("learning_models") or {}).get("recognitions", 0),
            "learning_citizens": (result.get("learning_models") or {}).get("citizens", 0)}
    lines = [f"Đã tạo dữ liệu mẫu trong {args.db}: {format_vnd(made['awards'])} khen thưởng, "
             f"{format_vnd(made['vouchers'])} phiếu thu/chi, {format_vnd(made['classes'])} lớp học, chuyên đề "
             f"({format_vnd(made['named_learners'])} học viên ghi tên trong danh sách lớp), "
             f"{format_vnd(made['meetings'])} cuộc họp, {format_vnd(made['units'])} chi hội/ban, "
             f"{format_vnd(made['members'])} hội viên, {format_vnd(made['dues_payments'])} lượt nộp hội phí, "
             f"{format_vnd(made['learning_subjects'])} hộ, dòng họ, thôn, đơn vị xây dựng mô hình học tập "
             f"({format_vnd(made['learning_registrations'])} lượt đăng ký, "
             f"{format_vnd(made['learning_recognitions'])} lượt công nhận), "
             f"{format_vnd(made['learning_citizens'])} người trong danh sách Công dân học tập năm nay."]
    if fund.get("skipped"):
        lines.append(f"Không thêm phiếu thu/chi: {fund['skipped']}.")
    lines.append(f"Tệp hiện có {format_vnd(after.classes.count)} lớp học, chuyên đề với "
                 f"{format_vnd(after.classes.learners)} lượt người học; tồn quỹ {format_vnd(after.fund.balance)} đ.")
    emit(args, {"db": args.db, "made": made, "fund_skipped": fund.get("skipped") or None, "summary": after}, lines)
    return 0

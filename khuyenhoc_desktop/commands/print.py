"""`khuyenhoc print …`: certificates, minutes, vouchers, award lists, the cash book, the bank book, the member list,
member cards, the dues list, the learning models' statistics table and score sheets as PDF files.

Each says what it wrote ("Đã ghi …: FILE"); with `--json`, one JSON object: the document, the file and its counts.
"""

from __future__ import annotations

import sys


def blank_form_options(q, profile: str, pages: str) -> None:
    """The options of printing on pre-printed stock: a calibration page, the printer's offsets, saving them."""
    q.add_argument("--calibration", action="store_true",
                   help=f"in trang căn chỉnh của {profile} (thay cho {pages}) để đo độ lệch máy in")
    q.add_argument("--offset-x", type=float, metavar="MM", help="độ lệch ngang của máy in (+ sang phải), mm")
    q.add_argument("--offset-y", type=float, metavar="MM", help="độ lệch dọc của máy in (+ xuống dưới), mm")
    q.add_argument("--save-offset", action="store_true", help=f"lưu độ lệch vào {profile} cho các lần in sau")


def register(sub) -> None:
    from ..cli import _parser_class, add_json_option

    VietnameseArgumentParser = _parser_class()

    p = sub.add_parser("print", help="in tài liệu ra tệp PDF", description="In giấy khen, biên bản, phiếu thu/chi, "
                       "danh sách nhận thưởng, sổ quỹ tiền mặt, sổ tiền gửi ngân hàng ra tệp PDF.")
    kinds = p.add_subparsers(dest="document", metavar="TÀI_LIỆU", parser_class=VietnameseArgumentParser)
    kinds.required = True

    def common(q, help_out="tệp PDF cần ghi"):
        q.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu")
        q.add_argument("--out", required=True, metavar="FILE.pdf", help=help_out)
        add_json_option(q)

    def award_filters(q):
        q.add_argument("--school-year", metavar="NĂM_HỌC", default="", help="năm học, ví dụ 2024-2025")
        q.add_argument("--school", default="", metavar="TRƯỜNG", help="chỉ trường này")
        q.add_argument("--category", default="", metavar="LOẠI", help="chỉ loại thành tích này")
        q.add_argument("--status", default="", choices=["", "draft", "approved", "awarded"], metavar="TRẠNG_THÁI",
                       help="chỉ trạng thái này: draft (nháp), approved (đã duyệt) hoặc awarded (đã trao)")

    q = kinds.add_parser("certificates", help="giấy khen", description="In giấy khen (một trang mỗi em) cho các bản "
                         "ghi đã duyệt hoặc đã trao; với --status draft: bản nháp xem trước, không cấp số vào sổ.")
    common(q)
    award_filters(q)
    q.add_argument("--mode", choices=["full", "blank-form"], default="full",
                   help="full: in cả giấy khen trên giấy trắng; blank-form: in chữ lên phôi có sẵn")
    q.add_argument("--profile", metavar="TÊN", help="mẫu phôi (khi --mode blank-form)")
    q.add_argument("--paper", choices=["A4", "A3"], default="A4", help="khổ giấy (khi --mode full)")
    q.set_defaults(func=run_certificates)

    q = kinds.add_parser("minutes", help="biên bản họp")
    common(q)
    q.add_argument("--meeting", required=True, metavar="SỐ", help="số biên bản, ví dụ 02/BB-HKH")
    q.set_defaults(func=run_minutes)

    q = kinds.add_parser("voucher", help="phiếu thu / phiếu chi")
    common(q)
    q.add_argument("--number", required=True, metavar="SỐ", help="số phiếu, ví dụ PT-2026-0001")
    q.add_argument("--two-copies", action="store_true", help="in hai liên trên một tờ A4")
    q.add_argument("--book", metavar="QUYỂN_SỐ", help="đặt quyển số cho các phiếu của năm này rồi in")
    q.set_defaults(func=run_voucher)

    q = kinds.add_parser("award-list", help="danh sách nhận thưởng")
    common(q)
    award_filters(q)
    q.set_defaults(func=run_award_list)

    def period(q):
        q.add_argument("--from", dest="date_from", required=True, metavar="NN/TT/NNNN", help="từ ngày")
        q.add_argument("--to", dest="date_to", required=True, metavar="NN/TT/NNNN", help="đến ngày")
        q.add_argument("--subtotals", choices=["month", "day", "none"], default="month",
                       help="dòng cộng sau mỗi tháng (month), mỗi ngày (day) hoặc không (none)")

    q = kinds.add_parser("cash-book", help="sổ quỹ tiền mặt (chỉ tiền mặt)")
    common(q)
    period(q)
    q.set_defaults(func=run_cash_book)

    q = kinds.add_parser("class-summary", help="tổng hợp lớp học, chuyên đề",
                         description="In bảng tổng hợp lớp học, chuyên đề của một năm.")
    common(q)
    q.add_argument("--year", required=True, type=int, metavar="NĂM", help="năm, ví dụ 2026")
    q.set_defaults(func=run_class_summary)

    # -- dues (hội phí) ------------------------------------------------------------------
    q = kinds.add_parser("dues-list", help="danh sách thu hội phí (có cột ký nộp) hoặc hội viên chưa nộp",
                         description="In danh sách thu hội phí của một năm (mỗi hội viên phải nộp hoặc đã nộp, "
                                     "có cột ký nộp); với --unpaid: danh sách hội viên chưa nộp.")
    common(q)
    q.add_argument("--year", required=True, type=int, metavar="NĂM", help="năm hội phí, ví dụ 2026")
    q.add_argument("--unit", default="", metavar="CHI_HỘI", help="chỉ chi hội/ban này (tên, gõ không dấu cũng được)")
    q.add_argument("--unpaid", action="store_true", help="chỉ hội viên chưa nộp")
    q.set_defaults(func=run_dues_list)

    q = kinds.add_parser("bank-book", help="sổ tiền gửi ngân hàng của một tài khoản")
    common(q)
    period(q)
    q.add_argument("--account", default="", metavar="SỐ_TK",
                   help="số tài khoản hoặc tên tài khoản (bỏ trống khi Hội chỉ có một tài khoản)")
    q.set_defaults(func=run_bank_book)

    def member_filters(q):
        q.add_argument("--unit", default="", metavar="TÊN", help="chỉ chi hội/ban này (tên, gõ không dấu cũng được)")

    q = kinds.add_parser("member-list", help="danh sách hội viên theo chi hội",
                         description="In danh sách hội viên, mỗi chi hội/ban một phần. Số CCCD và điện thoại "
                                     "chỉ in khi có --show-personal.")
    common(q)
    member_filters(q)
    q.add_argument("--status", default="", choices=["", "active", "moved", "deceased", "quit"], metavar="TRẠNG_THÁI",
                   help="chỉ trạng thái này: active (đang sinh hoạt), moved (chuyển đi), deceased (từ trần), "
                        "quit (thôi); bỏ trống: tất cả")
    q.add_argument("--show-personal", action="store_true", help="in cả số CCCD và điện thoại (thông tin cá nhân)")
    q.set_defaults(func=run_member_list)

    q = kinds.add_parser("member-cards", help="thẻ hội viên (10 thẻ một tờ A4)",
                         description="In thẻ hội viên 85,6 × 54 mm, 10 thẻ một tờ A4, cho hội viên đang sinh hoạt. "
                                     "Hội viên chưa có số thẻ: thẻ in để trống ô số thẻ và lệnh kể tên họ.")
    common(q)
    member_filters(q)
    q.add_argument("--mode", choices=["full", "blank-form"], default="full",
                   help="full: in cả thẻ trên giấy trắng (có dấu cắt); blank-form: in chữ lên phôi thẻ có sẵn")
    q.add_argument("--profile", metavar="TÊN", help="mẫu phôi thẻ (khi --mode blank-form)")
    blank_form_options(q, "mẫu phôi thẻ", "các thẻ")
    q.set_defaults(func=run_member_cards)

    # -- learning models (mô hình học tập) -------------------------------------------------------
    q = kinds.add_parser("learning-models-table", help="biểu thống kê kết quả xây dựng các mô hình học tập",
                         description="In biểu thống kê của một năm: gia đình học tập theo thôn (số hộ, đăng ký, "
                                     "tỷ lệ, được công nhận, tỷ lệ) và tổng số dòng họ, cộng đồng, đơn vị, "
                                     "công dân học tập.")
    common(q)
    q.add_argument("--year", required=True, type=int, metavar="NĂM", help="năm, ví dụ 2026")
    q.set_defaults(func=run_learning_models_table)

    q = kinds.add_parser("handover", help="biên bản bàn giao của xã cũ khi hợp nhất",
                         description="In biên bản bàn giao hồ sơ, dữ liệu và quỹ của các hội xã cũ đã hợp nhất vào tệp "
                                     "này (khuyenhoc merge): số dư từng sổ, số bản ghi, chữ ký hai bên.")
    common(q)
    q.add_argument("--commune-code", metavar="MÃ", help="chỉ xã cũ có mã này (mặc định: mọi xã cũ, mỗi xã một biên bản)")
    q.set_defaults(func=run_handover)

    q = kinds.add_parser("score-sheet", help="phiếu chấm điểm theo một bộ tiêu chí",
                         description="In phiếu chấm điểm theo một bộ tiêu chí: của một đối tượng đã chấm (--subject) "
                                     "hoặc phiếu trống để chấm tay.")
    common(q)
    q.add_argument("--set", dest="set_code", required=True, metavar="MÃ",
                   help="mã bộ tiêu chí, ví dụ don-vi-hoc-tap-xa, cong-dan-hoc-tap")
    q.add_argument("--set-version", type=int, default=None, metavar="N", help="phiên bản (mặc định: mới nhất)")
    q.add_argument("--year", type=int, default=None, metavar="NĂM", help="năm (mặc định: năm nay)")
    q.add_argument("--subject", default="", metavar="TÊN",
                   help="tên hộ, dòng họ, thôn hoặc đơn vị đã đăng ký năm đó (gõ không dấu cũng được)")
    q.set_defaults(func=run_score_sheet)

    q = kinds.add_parser("recognition-certificates", help="giấy công nhận gia đình, dòng họ, cộng đồng, đơn vị, "
                         "công dân học tập",
                         description="In giấy công nhận (một trang mỗi đối tượng) cho các hộ, dòng họ, thôn, đơn vị "
                                     "được công nhận trong năm, với số, ngày và cơ quan ra quyết định; cấp số vào sổ "
                                     "khi in lần đầu. Công dân học tập: giấy để trống tên, số bản theo --copies "
                                     "(mặc định: số được công nhận của năm).")
    common(q)
    q.add_argument("--year", required=True, type=int, metavar="NĂM", help="năm công nhận, ví dụ 2026")
    q.add_argument("--model", choices=["family", "clan", "community", "unit", "citizen"], default=None,
                   help="chỉ một mô hình: family (gia đình), clan (dòng họ), community (cộng đồng), unit (đơn vị), "
                        "citizen (công dân học tập); bỏ trống: gia đình, dòng họ, cộng đồng và đơn vị")
    q.add_argument("--mode", choices=["full", "blank-form"], default="full",
                   help="full: in cả giấy công nhận trên giấy trắng; blank-form: in chữ lên phôi có sẵn")
    q.add_argument("--profile", metavar="TÊN", help="mẫu phôi giấy công nhận (khi --mode blank-form)")
    q.add_argument("--paper", choices=["A4", "A3"], default="A4", help="khổ giấy (khi --mode full)")
    q.add_argument("--copies", type=int, default=None, metavar="N", help="số bản (chỉ với --model citizen)")
    blank_form_options(q, "mẫu phôi", "giấy công nhận")
    q.set_defaults(func=run_recognition_certificates)

    q = kinds.add_parser("learning-registration", help="phiếu đăng ký xây dựng danh hiệu học tập",
                         description="In phiếu đăng ký danh hiệu (gia đình, dòng họ, cộng đồng, đơn vị, công dân học "
                                     "tập) của một năm: của một đối tượng (--subject), của mọi hộ/dòng họ một thôn "
                                     "(--village), phiếu trống (--blank), hoặc của những đối tượng đã đăng ký năm đó.")
    common(q)
    q.add_argument("--year", required=True, type=int, metavar="NĂM", help="năm đăng ký, ví dụ 2026")
    q.add_argument("--model", choices=["family", "clan", "community", "unit", "citizen"], default="family",
                   help="mô hình: family (gia đình, mặc định), clan (dòng họ), community (cộng đồng), unit (đơn vị), "
                        "citizen (công dân học tập: chỉ phiếu trống)")
    which = q.add_mutually_exclusive_group()
    which.add_argument("--subject", default="", metavar="TÊN", help="tên hộ, dòng họ, thôn hoặc đơn vị (gõ không dấu "
                       "cũng được)")
    which.add_argument("--village", default=None, metavar="THÔN", help="mọi hộ (dòng họ) của thôn này")
    which.add_argument("--blank", action="store_true", help="một phiếu trống để điền tay")
    q.set_defaults(func=run_learning_registration)

    q = kinds.add_parser("recognition-list", help="danh sách công nhận kèm theo quyết định",
                         description="In danh sách các hộ, dòng họ, thôn, đơn vị được công nhận trong năm, mỗi quyết "
                                     "định một phần (theo thôn, có tổng số), rồi những đối tượng được công nhận năm "
                                     "trước còn hiệu lực.")
    common(q)
    q.add_argument("--year", required=True, type=int, metavar="NĂM", help="năm công nhận, ví dụ 2026")
    q.add_argument("--model", choices=["family", "clan", "community", "unit"], default=None,
                   help="chỉ một mô hình: family, clan, community, unit; bỏ trống: cả bốn")
    q.set_defaults(func=run_recognition_list)


def _open(args):
    from ..services.workspace import Workspace
    from ..storage.database import DataFile

    return Workspace(DataFile.open(args.db))


def _open_read_only(args):
    from ..services.workspace import Workspace
    from ..storage.database import DataFile

    return Workspace(DataFile.open(args.db, read_only=True))


def _filter(args):
    from ..domain.awards import AwardFilter

    return AwardFilter(school_year=args.school_year, school=args.school, category=args.category, status=args.status)


def _check_out(path: str) -> None:
    from pathlib import Path

    from ..domain.errors import AppError

    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise AppError(f"Thư mục “{folder}” không tồn tại; chưa ghi tệp nào.")


def _done(args, what: str, **counts) -> int:
    from ..cli import emit

    emit(args, {"document": args.document, "path": args.out, **counts}, f"Đã ghi {what}: {args.out}")
    return 0


def run_certificates(args) -> int:
    from ..pdf.certificate import render_certificates
    from ..services import documents
    from ..storage.files import atomic_write

    _check_out(args.out)
    with _open(args) as ws:
        profile = documents.find_profile(args.profile) if args.mode == "blank-form" else None
        job = documents.certificate_job(ws, _filter(args))
        data = render_certificates(job.items, mode=args.mode, profile=profile, paper=args.paper)
        given = documents.issue_certificates(job, lambda: atomic_write(args.out, data))
    if job.skipped_drafts:
        print(f"Bỏ qua {job.skipped_drafts} bản ghi ở trạng thái Nháp (chưa có quyết định khen thưởng).",
              file=sys.stderr)
    if job.draft:
        print("Đây là bản nháp xem trước (có dấu “BẢN NHÁP”); không cấp số vào sổ.", file=sys.stderr)
        return _done(args, f"bản nháp {len(job)} giấy khen", count=len(job), draft=True, numbered=0,
                     skipped_drafts=job.skipped_drafts)
    print(documents.issued_message(given), file=sys.stderr)
    return _done(args, f"{len(job)} giấy khen", count=len(job), draft=False, numbered=len(given),
                 skipped_drafts=job.skipped_drafts)


def run_minutes(args) -> int:
    from ..pdf.minutes import render_minutes
    from ..services import documents

    _check_out(args.out)
    with _open_read_only(args) as ws:
        data = documents.minutes(ws, args.meeting)
    render_minutes(data, out=args.out)
    return _done(args, "biên bản", number=args.meeting)


def run_voucher(args) -> int:
    from ..pdf.voucher import render_voucher
    from ..services import documents

    _check_out(args.out)
    with (_open(args) if args.book is not None else _open_read_only(args)) as ws:
        data = documents.voucher(ws, args.number, two_copies=args.two_copies, book=args.book)
    render_voucher(data, out=args.out)
    return _done(args, data.title.lower(), number=args.number)


def run_award_list(args) -> int:
    from ..pdf.award_list import render_award_list
    from ..services import documents

    _check_out(args.out)
    with _open_read_only(args) as ws:
        data = documents.award_list(ws, _filter(args))
    render_award_list(data, out=args.out)
    return _done(args, f"danh sách {len(data.rows)} em", count=len(data.rows))


def run_cash_book(args) -> int:
    from ..pdf.cash_book import render_cash_book
    from ..services import documents

    _check_out(args.out)
    date_from = documents.parse_day(args.date_from)
    date_to = documents.parse_day(args.date_to)
    with _open_read_only(args) as ws:
        data = documents.cash_book(ws, date_from, date_to, subtotals=_subtotals(args))
    render_cash_book(data, out=args.out)
    return _done(args, "sổ quỹ tiền mặt", date_from=date_from, date_to=date_to)


def run_class_summary(args) -> int:
    from ..pdf.class_summary import render_class_summary
    from ..services import documents

    _check_out(args.out)
    with _open_read_only(args) as ws:
        data = documents.class_summary(ws, args.year)
    render_class_summary(data, out=args.out)
    return _done(args, f"tổng hợp {len(data.rows)} lớp học, chuyên đề", count=len(data.rows), year=args.year)


def _subtotals(args) -> str:
    return "" if args.subtotals == "none" else args.subtotals


def run_bank_book(args) -> int:
    from ..pdf.bank_book import render_bank_book
    from ..services import documents

    _check_out(args.out)
    date_from = documents.parse_day(args.date_from)
    date_to = documents.parse_day(args.date_to)
    with _open_read_only(args) as ws:
        account = ws.fund.find_account(args.account)
        data = documents.bank_book(ws, date_from, date_to, account.uuid, subtotals=_subtotals(args))
    render_bank_book(data, out=args.out)
    return _done(args, f"sổ tiền gửi ngân hàng ({account.label})", date_from=date_from, date_to=date_to,
                 account=account.label)


def _member_filter(ws, args, status: str = ""):
    from ..domain.members import MemberFilter
    from ..services import documents

    unit_uuid = documents.find_unit(ws, args.unit).uuid if args.unit else ""
    return MemberFilter(unit_uuid=unit_uuid, status=status)


def run_member_list(args) -> int:
    from ..pdf.member_list import render_member_list
    from ..services import documents

    _check_out(args.out)
    with _open_read_only(args) as ws:
        data = documents.member_list(ws, _member_filter(ws, args, args.status), show_personal=args.show_personal)
    if args.show_personal:
        print("Danh sách có số CCCD và điện thoại của hội viên: giữ kín, không gửi đi.", file=sys.stderr)
    render_member_list(data, out=args.out)
    return _done(args, f"danh sách {data.total} hội viên", count=data.total, units=len(data.sections),
                 show_personal=data.show_personal)


def run_member_cards(args) -> int:
    from ..pdf.member_cards import render_card_calibration_page, render_member_cards
    from ..services import documents

    _check_out(args.out)
    blank = args.calibration or args.mode == "blank-form"
    profile = _card_profile(args) if blank else None
    if args.calibration:
        render_card_calibration_page(profile, out=args.out)
        return _done(args, f"trang căn chỉnh phôi thẻ “{profile.name}”", profile=profile.name)
    with _open_read_only(args) as ws:
        sheet = documents.member_cards(ws, _member_filter(ws, args))
    render_member_cards(sheet, mode=args.mode, profile=profile, out=args.out)
    note = documents.cards_without_number_message(sheet)
    if note:
        print(note, file=sys.stderr)
    if sheet.skipped:
        print(f"Bỏ qua {sheet.skipped} hội viên không còn sinh hoạt.", file=sys.stderr)
    pages = -(-len(sheet.cards) // 10)
    return _done(args, f"{len(sheet.cards)} thẻ hội viên ({pages} tờ)", count=len(sheet.cards), pages=pages,
                 without_card_no=[c.code for c in sheet.without_card_no], skipped=sheet.skipped,
                 **({"profile": profile.name} if profile else {}))


def _card_profile(args):
    """The card-stock profile asked for, with the offsets given (saved when asked)."""
    from ..services import documents

    return _phoi_profile(args, documents.find_member_card_profile, documents.save_member_card_profile)


def _phoi_profile(args, find, save):
    """The blank-form profile asked for (`find`), with the offsets given (stored by `save` when asked)."""
    from ..domain.errors import AppError

    profile = find(args.profile)
    if args.offset_x is not None or args.offset_y is not None:
        x = profile.offset_x_mm if args.offset_x is None else args.offset_x
        y = profile.offset_y_mm if args.offset_y is None else args.offset_y
        if not (-30 <= x <= 30 and -30 <= y <= 30):
            raise AppError("Độ lệch máy in phải trong khoảng −30 đến 30 mm.")
        profile = profile.with_offset(x, y)
    if args.save_offset:
        save(profile)
        print(f"Đã lưu độ lệch X = {profile.offset_x_mm:+.1f} mm, Y = {profile.offset_y_mm:+.1f} mm cho mẫu "
              f"“{profile.name}”.", file=sys.stderr)
    return profile


def run_dues_list(args) -> int:
    from ..pdf.dues_list import render_dues_list

    _check_out(args.out)
    with _open_read_only(args) as ws:
        data = ws.dues.signing_list(args.year, ws.dues.find_unit(args.unit), unpaid_only=args.unpaid)
    render_dues_list(data, out=args.out)
    paid = sum(1 for r in data.rows if r.voucher_number)
    return _done(args, f"{data.title.lower()} ({len(data.rows)} hội viên)", count=len(data.rows), year=args.year,
                 paid=paid, amount=data.total)


def run_learning_models_table(args) -> int:
    from ..pdf.learning_models import render_learning_models_table
    from ..services import learning_documents

    _check_out(args.out)
    with _open_read_only(args) as ws:
        data = learning_documents.learning_models_table(ws, args.year)
    render_learning_models_table(data, out=args.out)
    return _done(args, f"biểu thống kê mô hình học tập năm {args.year}", count=len(data.villages), year=args.year)


def run_handover(args) -> int:
    _check_out(args.out)
    with _open_read_only(args) as ws:
        count = ws.merge.write_handover(args.out, args.commune_code)
    return _done(args, f"biên bản bàn giao ({count} xã cũ)", count=count)


def run_score_sheet(args) -> int:
    from ..pdf.learning_models import render_score_sheet
    from ..services import learning_documents

    _check_out(args.out)
    with _open_read_only(args) as ws:
        criteria_set = learning_documents.find_set(ws, args.set_code, args.set_version)
        year = args.year or ws.clock.today().year
        registration = learning_documents.find_registration(ws, criteria_set.title_kind, args.subject, year) \
            if args.subject else ""
        data = learning_documents.score_sheet(ws, criteria_set, registration_uuid=registration, year=year)
    render_score_sheet(data, out=args.out)
    what = f"phiếu chấm điểm “{criteria_set.label}”" + (f" của {data.subject_lines[0][1]}" if args.subject else "")
    counts = {"criteria_set": f"{criteria_set.code}@{criteria_set.version}", "year": year}
    if args.subject:
        counts["subject"] = data.subject_lines[0][1]
    return _done(args, what, **counts)


def run_recognition_certificates(args) -> int:
    from ..domain.errors import AppError
    from ..services import learning_certificates as lc

    _check_out(args.out)
    if args.copies is not None and args.model != "citizen":
        raise AppError("--copies chỉ dùng với --model citizen (giấy công nhận Công dân học tập để trống tên).")
    if args.copies is not None and args.copies < 1:
        raise AppError("Số bản (--copies) phải từ 1 trở lên.")
    blank = args.calibration or args.mode == "blank-form"
    profile = _phoi_profile(args, lc.find_profile, lc.save_profile) if blank else None
    if args.calibration:
        lc.write_calibration(args.out, profile)
        return _done(args, f"trang căn chỉnh phôi giấy công nhận “{profile.name}”", profile=profile.name)
    with _open(args) as ws:
        job, given = lc.write_recognition_certificates(ws, args.out, args.year, args.model, mode=args.mode,
                                                       profile=profile, copies=args.copies, paper=args.paper)
    if given:
        print(lc.issued_message(given), file=sys.stderr)
    return _done(args, f"{len(job)} giấy công nhận năm {args.year}", count=len(job), year=args.year,
                 numbered=len(given), **({"model": args.model} if args.model else {}),
                 **({"profile": profile.name} if profile else {}))


def _find_subject(ws, kind: str, name: str):
    """The subject of that kind named `name` (diacritics optional); refused when none or several."""
    from ..domain.errors import AppError
    from ..domain.learning_models import SUBJECT_KINDS
    from ..vietnamese import fold

    found = [s for s in ws.learning.subjects(kind, search=name) if fold(s.name) == fold(name)]
    if not found:
        raise AppError(f"Không có {SUBJECT_KINDS[kind].lower()} “{name}” trong danh sách.")
    if len(found) > 1:
        where = ", ".join(s.village or "không ghi thôn" for s in found)
        raise AppError(f"Có {len(found)} {SUBJECT_KINDS[kind].lower()} tên “{name}” ({where}); hãy in từ cửa sổ "
                       "chương trình.")
    return found[0]


def run_learning_registration(args) -> int:
    from ..domain.errors import AppError
    from ..pdf.learning_forms import render_registration_forms
    from ..services import learning_forms

    _check_out(args.out)
    if args.model == "citizen" and (args.subject or args.village is not None):
        raise AppError("Công dân học tập chỉ có phiếu trống (chương trình giữ số lượng, không giữ danh sách).")
    with _open_read_only(args) as ws:
        uuids = [_find_subject(ws, args.model, args.subject).uuid] if args.subject else None
        data = learning_forms.registration_forms(ws, args.year, args.model, subject_uuids=uuids, village=args.village,
                                                 blank=args.blank)
    render_registration_forms(data, out=args.out)
    blank = args.blank or args.model == "citizen"
    return _done(args, f"{len(data.pages)} phiếu đăng ký “{data.title_word}” năm {args.year}", count=len(data.pages),
                 year=args.year, model=args.model, blank=blank,
                 **({"village": args.village} if args.village is not None else {}))


def run_recognition_list(args) -> int:
    from ..pdf.learning_forms import render_recognition_list
    from ..services import learning_forms

    _check_out(args.out)
    with _open_read_only(args) as ws:
        data = learning_forms.recognition_list(ws, args.year, args.model)
    render_recognition_list(data, out=args.out)
    decided = [s for s in data.sections if s.decision_number]
    numbers = [s.decision_number for s in decided]
    return _done(args, f"danh sách công nhận năm {args.year}", count=sum(s.count for s in data.sections),
                 recognised=sum(s.count for s in decided), year=args.year, decisions=numbers,
                 **({"model": args.model} if args.model else {}))

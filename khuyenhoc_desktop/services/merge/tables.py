"""The tables a merge walks, in one place: every record table of the data file, in an order that writes a
row after the rows it names (a voucher before its links and reversals, a class before its learners), with
the label the preview shows. Each row keeps its uuid, version and dates and gains its origin."""

from __future__ import annotations

from ...domain.kinds import RECORD_SPECS
from ...domain.members import UNIT_SPEC

MERGED_TABLES: tuple[tuple[str, str], ...] = (
    ("catalog_item", "Danh mục"),
    ("award_rate", "Mức thưởng"),
    ("award", "Khen thưởng, học bổng"),
    ("bank_account", "Tài khoản ngân hàng"),
    ("voucher", "Phiếu thu, phiếu chi, giấy báo"),
    ("voucher_link", "Liên kết phiếu"),
    ("cash_count", "Kiểm kê quỹ"),
    ("learning_class", "Lớp học, chuyên đề"),
    ("class_learner", "Học viên"),
    ("meeting", "Cuộc họp, biên bản"),
    ("org_unit", "Chi hội, ban khuyến học"),
    ("member", "Hội viên"),
    ("dues_payment", "Hội phí đã nộp"),
    ("dues_submission", "Hội phí nộp cấp trên"),
    ("population", "Số liệu dân số"),
    ("learning_criteria_set", "Bộ tiêu chí"),
    ("learning_subject", "Hộ, dòng họ, thôn, đơn vị học tập"),
    ("learning_registration", "Đăng ký mô hình học tập"),
    ("learning_assessment", "Phiếu chấm điểm"),
    ("learning_decision", "Quyết định công nhận"),
    ("learning_certificate", "Số vào sổ giấy công nhận"),
    ("learning_household_link", "Liên kết hộ với hội viên, người được khen"),
    ("learning_citizen_count", "Công dân học tập (số liệu)"),
    ("learning_citizen", "Công dân học tập (danh sách)"),
)
LABELS = dict(MERGED_TABLES)

# Not copied as rows: the old books' opening balance and period locks belong to books that close at the
# merger date (the opening is kept with the handover, `merge_source.openings`); the voucher counters are the
# new file's own series.
NOT_COPIED = ("fund_opening", "fund_lock", "voucher_counter")

# Columns that hold a catalogue entry's name, from the specs; and those no spec declares.
_UNDECLARED = (("class_learner", "village", "village"), ("learning_subject", "village", "village"),
               ("population", "village", "village"), ("learning_class", "field", "class_field"))
CATALOG_COLUMNS: tuple[tuple[str, str, str], ...] = tuple(
    (spec.table, f.name, f.catalog) for spec in (*RECORD_SPECS, UNIT_SPEC) for f in spec.fields if f.catalog
) + _UNDECLARED

# Names told apart by the old commune's name when two communes share them (besides the thôn catalogue).
QUALIFIED_NAMES = (("org_unit", "name", "Chi hội, ban (tên)"),)
# Catalogue kinds whose shared names are different things in each commune (Thôn 1 of one is not Thôn 1 of
# the other); the other kinds unify by folded name.
QUALIFIED_KINDS = frozenset({"village"})

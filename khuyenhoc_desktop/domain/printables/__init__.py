"""What the PDF renderers print: frozen dataclasses, the ONLY input of `khuyenhoc_desktop.pdf`.

Services build these from records; the renderers never touch storage. Money is an `int`
number of đồng, dates are `datetime.date` (or `datetime.datetime` where a time is printed).
Text may arrive in any Unicode form: the renderers NFC it before it reaches ReportLab.

One module per kind of document; a name imported from this package loads only its own module (about 40
frozen dataclasses cost ~30 ms to create, which `print certificates` would otherwise pay for all of them).
"""

from __future__ import annotations

from ...lazy_names import lazy_names

# name → the module (of this package) that defines it
_WHERE = {
    "AgendaItem": "minutes",
    "AwardListData": "lists",
    "AwardRow": "common",
    "CERTIFICATE_FIELDS": "certificates",
    "CashBookData": "lists",
    "CashBookRow": "lists",
    "CertificateData": "certificates",
    "CertificateLayoutProfile": "certificates",
    "CitizenListData": "citizens",
    "CitizenListRow": "citizens",
    "CitizenSection": "citizens",
    "ClassSummaryData": "lists",
    "ClassSummaryRow": "lists",
    "DEFAULT_LEGAL_BASIS": "vouchers",
    "DuesListData": "lists",
    "DuesListRow": "lists",
    "FieldBox": "certificates",
    "FieldTotals": "lists",
    "HandoverBook": "handover",
    "HandoverMinutes": "handover",
    "HandoverSide": "handover",
    "LearningModelsTableData": "learning",
    "LearningTableRow": "learning",
    "MEMBER_CARD_FIELDS": "certificates",
    "MemberCardData": "members",
    "MemberCardSheet": "members",
    "MemberListData": "members",
    "MemberListRow": "members",
    "MemberSection": "members",
    "MinutesData": "minutes",
    "ORIENTATIONS": "certificates",
    "PAPERS": "certificates",
    "PERSON_SIGNERS": "vouchers",
    "PROFILE_DOCUMENTS": "certificates",
    "PROFILE_FIELDS": "certificates",
    "ProvinceSummaryData": "province",
    "ProvinceTable": "province",
    "RecognitionListData": "learning",
    "RecognitionListGroup": "learning",
    "RecognitionListRow": "learning",
    "RecognitionListSection": "learning",
    "RegistrationFormPage": "learning",
    "RegistrationFormsData": "learning",
    "ScoreSheetCriterion": "learning",
    "ScoreSheetData": "learning",
    "ScoreSheetItem": "learning",
    "Signer": "common",
    "Vote": "minutes",
    "VoucherData": "vouchers",
    "default_voucher_signers": "vouchers",
    "format_percent": "common",
}
__all__ = sorted(_WHERE)

__getattr__, __dir__ = lazy_names(__name__, globals(), _WHERE)

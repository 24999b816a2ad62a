"""Giấy công nhận for the recognised learning models: one page per household, dòng họ, thôn or unit recognised
in a year, on the giấy khen's machinery (artwork, blank-form profiles, calibration) with its own heading, and
numbered in the register (số vào sổ) on the first print, as the giấy khen are: the numbers are planned before
rendering and given in one transaction with writing the file, so a failed write gives none.

Công dân học tập are counted per target group, not listed, so their certificate is printed with the name left
blank, as many copies as asked (by default the year's recognised count)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Callable

from ..domain.errors import AppError, ConflictError, NotFoundError
from ..domain.learning_models import (
    CERTIFICATE_MODELS, CERTIFICATE_SUBJECT, MODEL_KINDS, TITLE_OF_KIND, Registration, Subject, register_number,
    valid_until,
)
from ..domain.printables import CertificateData
from ..storage import audit, learning_certificates as store
from ..storage.records import stamp_new
from ..vietnamese import fold, normalize

HEADING = "GIẤY CÔNG NHẬN"
BLANK_NAME = "." * 45
MODEL_WORDS = {**{k: TITLE_OF_KIND[k] for k in MODEL_KINDS}, "citizen": "Công dân học tập"}


def model_problem(model: str | None) -> str | None:
    if model is not None and model not in CERTIFICATE_MODELS:
        return f"Mô hình “{model}” không có; chọn một trong: {', '.join(CERTIFICATE_MODELS)}."
    return None


def body_with_commune(body: str, org) -> str:
    """A recognising body with the commune's name when it was set without it ("Ủy ban nhân dân xã" → "Ủy ban
    nhân dân xã Tân Dĩnh")."""
    body = normalize(body)
    if org.commune and fold(org.commune) not in fold(body) and fold(body).endswith(fold(org.commune_kind or "xã")):
        body = f"{body} {org.commune}"
    return body


def issuer_line(body: str, org) -> str:
    """The certificate's red line: `body_with_commune` in capitals."""
    return body_with_commune(body, org).upper()


@dataclass
class RecognitionJob:
    """The certificates of a year's recognised subjects, with the numbers they get when first printed."""

    ws: object
    items: list[CertificateData]
    registrations: list[tuple[Subject, Registration]] = field(default_factory=list)
    planned: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # uuid → (kind, year, seq)
    committed: bool = False

    def __len__(self) -> int:
        return len(self.items)

    def commit(self, when: datetime | None = None) -> dict[str, str]:
        """Give the planned numbers (refused when someone printed meanwhile): uuid → number."""
        if self.committed or not self.planned:
            self.committed = True
            return {}
        ws = self.ws
        stamp = (when or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="milliseconds")
        given: dict[str, str] = {}
        with ws.db.atomic():
            if _plan(ws, [(s, r) for s, r in self.registrations if r.uuid in self.planned]) != self.planned:
                raise ConflictError("Số vào sổ giấy công nhận đã thay đổi trong lúc in (có người khác vừa in). "
                                    "Hãy tạo lại bản in.")
            for uuid, (kind, year, seq) in self.planned.items():
                number = register_number(kind, year, seq)
                values = {"registration_uuid": uuid, "year": year, "title_kind": kind, "seq": seq, "number": number,
                          "printed_at": stamp}
                row = stamp_new(ws.db, dict(values))
                store.insert(ws.db, row)
                audit.record(ws.db, operator=ws.operator, action="print", table=store.TABLE, uuid=row["uuid"],
                             version=1, before=None, after=values)
                given[uuid] = number
        self.committed = True
        return given


def _plan(ws, pairs) -> dict[str, tuple[str, int, int]]:
    """The (kind, year, seq) each registration not numbered yet will get, in list order; nothing is written."""
    numbered = store.numbers_of(ws.db, [r.uuid for _, r in pairs])
    next_seq: dict[tuple[str, int], int] = {}
    planned = {}
    for subject, registration in pairs:
        if registration.uuid in numbered:
            continue
        key = (subject.kind, registration.year)
        if key not in next_seq:
            next_seq[key] = store.last_seq(ws.db, registration.year, subject.kind) + 1
        planned[registration.uuid] = (subject.kind, registration.year, next_seq[key])
        next_seq[key] += 1
    return planned


def _details(subject: Subject) -> str:
    if subject.kind == "family":
        return subject.village
    if subject.kind == "clan":
        return ", ".join(x for x in (subject.head and f"Trưởng họ: {subject.head}", subject.village) if x)
    if subject.kind == "unit":
        return ", ".join(x for x in (subject.unit_kind, subject.head and f"Thủ trưởng: {subject.head}") if x)
    return ""


def _certificate(ws, kind: str, year: int, name: str, details: str, decision: dict | None, number: str,
                 validity: int) -> CertificateData:
    lm = ws.learning
    org = ws.organisation
    settings = lm.settings()
    signer = settings["certificate_signer"]
    body = (decision or {}).get("issuing_body") or settings["issuing_body"]
    decided_on = date.fromisoformat(decision["decided_on"]) if decision else None
    achievement = f"Đạt danh hiệu “{MODEL_WORDS[kind]}”"
    if kind in MODEL_KINDS and validity > 1:
        achievement += f" (có giá trị đến hết năm {valid_until(year, validity)})"
    return CertificateData(
        recipient_name=name, salutation=CERTIFICATE_SUBJECT[kind], details=details, achievement=achievement,
        achievement_prefix="", year_line=f"Năm {year}",
        decision_number=(decision or {}).get("number", ""), decision_date=decided_on, register_number=number,
        issue_place=org.place_name or org.commune, issue_date=decided_on,
        signer_authority=signer["authority"], signer_title=signer["title"], signer_name=signer["name"],
        issuing_body=issuer_line(body, org), parent_body="", heading=HEADING, verb="")


def recognised(ws, year: int, model: str | None = None) -> list[tuple[Subject, Registration]]:
    """The subjects recognised in `year` (one model, or all four), model by model in thôn and name order."""
    from .learning_documents import by_village

    out = []
    for kind in [model] if model else list(MODEL_KINDS):
        out += by_village(ws, [(s, r) for s, r in ws.learning.registrations(year, kind) if r.status == "recognised"])
    return out


def recognition_job(ws, year: int, model: str | None = None, *, copies: int | None = None,
                    registration_uuids=None) -> RecognitionJob:
    """The certificates of `year` (one model, or all four; `registration_uuids`: only those). `model="citizen"`:
    `copies` blank certificates (default: the year's recognised Công dân học tập)."""
    from .learning_documents import _need_tables

    problem = model_problem(model)
    if problem:
        raise AppError(problem)
    _need_tables(ws)
    lm = ws.learning
    validity = lm.settings()["validity_years"]
    if model == "citizen":
        count = copies if copies is not None else sum(c.recognised for c in lm.citizen_counts(year))
        if count <= 0:
            raise NotFoundError(f"Chưa có Công dân học tập nào được công nhận năm {year}; ghi số lượng bản cần in.")
        if count > 2000:
            raise AppError("In tối đa 2.000 giấy công nhận Công dân học tập một lần.")
        return RecognitionJob(ws, [_certificate(ws, "citizen", year, BLANK_NAME, "", None, "", 1)] * count)
    pairs = recognised(ws, year, model)
    if registration_uuids is not None:
        wanted = set(registration_uuids)
        pairs = [p for p in pairs if p[1].uuid in wanted]
    if not pairs:
        what = MODEL_WORDS[model].lower() if model else "gia đình, dòng họ, cộng đồng hay đơn vị"
        raise NotFoundError(f"Chưa có {what} nào được công nhận năm {year}.")
    numbered = store.numbers_of(ws.db, [r.uuid for _, r in pairs])
    planned = _plan(ws, pairs)
    decisions: dict[str, dict | None] = {}
    items = []
    for subject, registration in pairs:
        if registration.decision_uuid not in decisions:
            decisions[registration.decision_uuid] = (lm.decision(registration.decision_uuid)
                                                     if registration.decision_uuid else None)
        number = numbered.get(registration.uuid) or register_number(*planned[registration.uuid])
        items.append(_certificate(ws, subject.kind, year, subject.name, _details(subject),
                                  decisions[registration.decision_uuid], number, int(validity[subject.kind])))
    return RecognitionJob(ws, items, pairs, planned)


def issue(job: RecognitionJob, write: Callable[[], object] | None = None, *, when: datetime | None = None) -> dict:
    """Number the first prints and write the file in one transaction (the window's and the command's one path)."""
    with job.ws.db.atomic():
        given = job.commit(when)
        if write is not None:
            write()
    return given


def issued_message(given: dict) -> str:
    return f"Đã cấp số vào sổ cho {len(given)} giấy công nhận in lần đầu."


# -- blank-form profiles (phôi giấy công nhận) -------------------------------------------------------------
def profiles_path():
    from ..config import config_dir

    return config_dir() / "recognition_profiles.json"


def profiles():
    """The user's phôi giấy công nhận profiles (with their printer offsets), else the shipped ones; the same
    profile files and calibration sheet as the giấy khen's."""
    from ..resources import resource_path
    from .documents import _saved_or_shipped

    return _saved_or_shipped(profiles_path(), resource_path("defaults", "recognition_profiles.json"))


def find_profile(name: str | None):
    from .documents import _find_profile

    return _find_profile(profiles(), name, "phôi giấy công nhận")


def save_profile(profile) -> None:
    from .documents import _store_profile

    _store_profile(profile, profiles(), profiles_path())


def write_calibration(out, profile=None):
    """The phôi giấy công nhận's calibration sheet (its printer offset applied), with this document's field names;
    returns the profile."""
    from ..pdf.certificate import render_calibration_page
    from ..pdf.certificate_layout import RECOGNITION_FIELD_LABELS

    profile = profile or find_profile(None)
    render_calibration_page(profile, out=out, labels=RECOGNITION_FIELD_LABELS,
                            heading="TRANG CĂN CHỈNH PHÔI GIẤY CÔNG NHẬN")
    return profile


def write_recognition_certificates(ws, out, year: int, model: str | None = None, *, mode: str = "full",
                                   profile=None, copies: int | None = None, registration_uuids=None,
                                   orientation: str = "landscape", paper: str = "A4") -> tuple[RecognitionJob, dict]:
    """Build, number and write the certificates to `out` (atomically): the window's and the command's call."""
    from ..pdf.certificate import render_certificates
    from ..storage.files import atomic_write

    if mode == "blank-form" and profile is None:
        profile = find_profile(None)
    job = recognition_job(ws, year, model, copies=copies, registration_uuids=registration_uuids)
    data = render_certificates(job.items, mode=mode, profile=profile, orientation=orientation, paper=paper,
                               title="Giấy công nhận", subject=f"Năm {year}")
    given = issue(job, lambda: atomic_write(out, data))
    return job, given


__all__ = ["HEADING", "body_with_commune", "RecognitionJob", "find_profile", "issue", "issued_message", "issuer_line", "model_problem",
           "profiles", "recognised", "recognition_job", "save_profile", "write_calibration", "write_recognition_certificates"]

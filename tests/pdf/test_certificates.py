"""Giấy khen: text, layout (nothing overlaps or leaves the page), blank forms, calibration,
batches (page count, progress, cancellation)."""

from __future__ import annotations

import itertools
import json
import unicodedata
from dataclasses import replace

import pytest

from khuyenhoc_desktop.domain.printables import CertificateLayoutProfile, FieldBox
from khuyenhoc_desktop.pdf import Cancelled
from khuyenhoc_desktop.pdf.certificate import (
    full_page_fields,
    load_profiles,
    page_size_mm,
    render_calibration_page,
    render_certificate,
    render_certificates,
    save_profiles,
)

from .pdfhelpers import LONG_ACHIEVEMENT, LONG_NAME, MM, NAMES, make_certificate, overlaps, pdf_text, plumber, squash, text_lines

pytestmark = pytest.mark.usefixtures("fonts")


def _check_layout(data: bytes, border_mm: float | None = None) -> None:
    """No glyph outside the page (or inside the border band), no two text lines overlapping."""
    with plumber(data) as pdf:
        for page in pdf.pages:
            W, H = page.width, page.height
            margin = border_mm * MM if border_mm is not None else 0
            for ch in page.chars:
                assert ch["x0"] >= margin - 0.5 and ch["x1"] <= W - margin + 0.5, ch["text"]
                assert ch["top"] >= margin - 0.5 and ch["bottom"] <= H - margin + 0.5, ch["text"]
            lines = text_lines(page)
            for a, b in itertools.combinations(lines, 2):
                assert not overlaps(a, b), f"{a['text']!r} overlaps {b['text']!r}"


def test_full_page_text_is_exact(org):
    nfd = unicodedata.normalize("NFD", NAMES[0])
    items = [make_certificate(org, nfd)] + [make_certificate(org, n) for n in NAMES[1:]]
    data = render_certificates(items)
    pages = pdf_text(data)
    assert len(pages) == 3
    for name, text in zip(NAMES, pages):
        flat = squash(text)
        for expected in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "BAN CHẤP HÀNH HỘI KHUYẾN HỌC XÃ TÂN DĨNH",
            "TẶNG",
            "GIẤY KHEN",
            f"Em: {name}",
            "Học sinh lớp 9A, Trường THCS Tân Dĩnh, Thôn Đồng Quan",
            "Đã có thành tích: Đạt giải Nhất học sinh giỏi cấp tỉnh môn Toán",
            "Năm học 2024 - 2025",
            "Số QĐ: 12/QĐ-HKH, ngày 05/02/2026",
            "Số vào sổ: 125",
            "Tân Dĩnh, ngày 05 tháng 02 năm 2026",
            "TM. BAN CHẤP HÀNH",
            "CHỦ TỊCH",
            "Nguyễn Văn Thắng",
        ):
            assert squash(expected) in flat, expected


def test_full_page_faces_colours_and_signature_space(org):
    data = render_certificate(make_certificate(org))
    with plumber(data) as pdf:
        page = pdf.pages[0]
        assert (round(page.width / MM), round(page.height / MM)) == (297, 210)
        lines = {ln["text"]: ln for ln in text_lines(page)}
        title_chars = [c for c in page.chars if c["size"] > 30]
        assert "".join(c["text"] for c in title_chars).replace(" ", "") == "GIẤYKHEN"
        issuer = lines["BANCHẤPHÀNHHỘIKHUYẾNHỌCXÃTÂNDĨNH"]
        issuer_chars = [c for c in page.chars if abs(page.height - c["matrix"][5] - issuer["baseline"]) < 0.5]
        for chars in (title_chars, issuer_chars):
            assert chars
            for c in chars:
                r, g, b = c["non_stroking_color"]
                assert r > 0.6 and g < 0.3 and b < 0.3  # red
        assert "Bold" in lines["GIẤYKHEN"]["fontname"]
        name_line = next(ln for ln in lines.values() if "Thuỷ" in ln["text"])
        assert name_line["size"] >= 24
        place = next(ln for ln in lines.values() if ln["text"].startswith("TânDĩnh,"))
        assert "Italic" in place["fontname"]
        title = next(ln for ln in lines.values() if ln["text"] == "CHỦTỊCH")
        signer = next(ln for ln in lines.values() if ln["text"] == "NguyễnVănThắng")
        assert "Bold" in signer["fontname"]
        gap_mm = (signer["top"] - title["bottom"]) / MM
        assert gap_mm >= 34, gap_mm  # ≈ 35 mm for signature and seal


@pytest.mark.parametrize(
    "paper,orientation",
    [("A4", "landscape"), ("A4", "portrait"), ("A3", "landscape")],
)
def test_long_name_and_400_char_achievement_never_overlap(org, paper, orientation):
    items = [
        make_certificate(org, LONG_NAME, LONG_ACHIEVEMENT),
        make_certificate(org, NAMES[2], LONG_ACHIEVEMENT[:180], salutation="Bà"),
        make_certificate(org, "A" * 120, "Đạt" * 150),  # unbreakable words: cut, never overflow
        make_certificate(org, NAMES[1], "", school="", class_name="", village=""),
    ]
    data = render_certificates(items, paper=paper, orientation=orientation)
    w, h = page_size_mm(paper, orientation)
    with plumber(data) as pdf:
        assert len(pdf.pages) == 4
        assert (round(pdf.pages[0].width / MM), round(pdf.pages[0].height / MM)) == (round(w), round(h))
    scale = 297 / 210 if paper == "A3" else 1
    _check_layout(data, border_mm=14 * scale)
    text = squash(pdf_text(data)[0])
    assert squash(LONG_NAME) in text
    assert squash(LONG_ACHIEVEMENT) in text


def test_name_shrinks_before_it_wraps(org):
    short, longer = "Lê Văn An", "Nguyễn Hoàng Thị Ngọc Bích Phượng Hương"
    data = render_certificates([make_certificate(org, short), make_certificate(org, longer), make_certificate(org, LONG_NAME)])
    with plumber(data) as pdf:
        sizes = []
        for page, name in zip(pdf.pages, (short, longer, LONG_NAME)):
            first = name.split()[-1]
            sizes.append(max(c["size"] for c in page.chars if c["text"] == first[0] and 15 < c["size"] < 30))
        n_lines = len({round(c["matrix"][5]) for c in pdf.pages[2].chars if c["size"] == sizes[2] and c["text"].strip()})
    assert sizes[0] == 28
    assert sizes[0] >= sizes[1] >= sizes[2] >= 18
    assert n_lines == 2  # the very long name wrapped (after shrinking to the minimum)


def test_nfd_input_is_printed_nfc(org):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thuỷ")
    data = render_certificate(make_certificate(org, nfd, unicodedata.normalize("NFD", "Học sinh giỏi")))
    with plumber(data) as pdf:
        chars = "".join(c["text"] for c in pdf.pages[0].chars)
    assert not any(unicodedata.combining(ch) for ch in chars)
    assert "ễ" in chars and "ỷ" in chars


def _profile(offset=(0.0, 0.0)) -> CertificateLayoutProfile:
    return CertificateLayoutProfile(
        name="Thử",
        paper="A4",
        orientation="landscape",
        offset_x_mm=offset[0],
        offset_y_mm=offset[1],
        fields={
            "name": FieldBox(40, 90, 200, 24, bold=True, align="left", height_mm=20),
            "details": FieldBox(40, 110, 200, 14, align="left"),
            "achievement": FieldBox(60, 120, 180, 14, align="center", height_mm=20),
            "register": FieldBox(250, 180, 30, 12, align="right"),
        },
    )


@pytest.mark.parametrize("offset", [(0.0, 0.0), (2.5, -1.5)])
def test_blank_form_prints_only_profile_fields_at_their_positions(org, offset):
    profile = _profile(offset)
    data = render_certificates([make_certificate(org, NAMES[1])], mode="blank-form", profile=profile)
    dx, dy = offset
    with plumber(data) as pdf:
        page = pdf.pages[0]
        H = page.height
        lines = text_lines(page)
        texts = {ln["text"] for ln in lines}
        assert texts == {"Em:ĐườngƯởng", "Họcsinhlớp9A,TrườngTHCSTânDĩnh,ThônĐồngQuan",
                         "Đãcóthànhtích:ĐạtgiảiNhấthọcsinhgiỏicấptỉnhmônToán", "Sốvàosổ:125"}
        assert not page.rects and not page.curves  # no border, no artwork

        def at(prefix):
            return next(ln for ln in lines if ln["text"].startswith(prefix))

        def y_mm(ln):
            return ln["baseline"] / MM

        name = at("Em:")
        first = min((c for c in page.chars if c["text"] == "E"), key=lambda c: c["x0"])
        assert abs(first["matrix"][4] / MM - (40 + dx)) <= 0.5
        assert abs(y_mm(name) - (90 + dy)) <= 0.5
        assert abs(name["x0"] / MM - (40 + dx)) <= 0.5
        details = at("Họcsinh")
        assert abs(y_mm(details) - (110 + dy)) <= 0.5
        ach = at("Đãcó")
        centre = (ach["x0"] + ach["x1"]) / 2 / MM
        assert abs(centre - (60 + 90 + dx)) <= 0.5
        assert abs(y_mm(ach) - (120 + dy)) <= 0.5
        reg = at("Sốvào")
        assert abs(reg["x1"] / MM - (280 + dx)) <= 0.5
        assert abs(y_mm(reg) - (180 + dy)) <= 0.5
        assert H / MM == pytest.approx(210, abs=0.1)


def test_default_profiles_load_and_boxes_do_not_overlap():
    profiles = load_profiles()
    names = [p.name for p in profiles]
    assert "Phôi A4 ngang chuẩn" in names and "Phôi A4 dọc" in names
    for p in profiles:
        assert p.fields and set(p.fields) <= set(full_page_fields())
        boxes = []
        for key, b in p.fields.items():
            top = b.y_mm - 0.8 * b.font_size / MM
            bottom = top + max(b.height_mm, 1.2 * b.font_size / MM)
            boxes.append((key, b.x_mm, b.x_mm + b.width_mm, top, bottom))
            w, h = page_size_mm(p.paper, p.orientation)
            assert 0 <= b.x_mm and b.x_mm + b.width_mm <= w and 0 <= top and bottom <= h, (p.name, key)
        for a, b in itertools.combinations(boxes, 2):
            separate = a[2] <= b[1] or b[2] <= a[1] or a[4] <= b[3] or b[4] <= a[3]
            assert separate, (p.name, a[0], b[0])


def test_blank_form_with_default_profiles_never_overlaps(org):
    for profile in load_profiles():
        items = [make_certificate(org, LONG_NAME, LONG_ACHIEVEMENT), make_certificate(org)]
        data = render_certificates(items, mode="blank-form", profile=profile)
        _check_layout(data)


def test_profiles_round_trip(tmp_path):
    profiles = load_profiles()
    moved = [profiles[0].with_offset(1.5, -2.0)] + profiles[1:]
    path = save_profiles(moved, tmp_path / "certificate_profiles.json")
    again = load_profiles(tmp_path)
    assert again == moved
    assert json.loads(path.read_text(encoding="utf-8"))["profiles"][0]["offset_x_mm"] == 1.5
    with pytest.raises(ValueError):
        CertificateLayoutProfile(name="x", fields={"unknown": FieldBox(0, 0, 10)})


def test_calibration_page_has_rulers_and_labelled_crosshairs():
    profile = _profile((2.0, 1.0))
    data = render_calibration_page(profile)
    with plumber(data) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        text = squash(page.extract_text())
        for label in ("Họvàtên(name,canhtrái):x=42.0,y=91.0mm", "Sốvàosổ(register,canhphải):x=282.0,y=181.0mm",
                      "Thànhtích(achievement,canhgiữa):x=152.0,y=121.0mm", "X=+2.0mm,Y=+1.0mm"):
            assert label in text, label
        for mark in ("10", "100", "200", "280"):
            assert mark in [w["text"] for w in page.extract_words()]
        # crosshair at the name anchor (left aligned: x = 40 + 2; y = 90 + 1 from the top)
        vertical = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.01 and abs(ln["x0"] / MM - 42) < 0.05]
        horizontal = [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.01 and abs(ln["top"] / MM - 91) < 0.05]
        assert vertical and horizontal


def test_batch_pages_progress_and_file(tmp_path, org):
    calls = []
    items = [make_certificate(org, f"{NAMES[i % 3]} {i}") for i in range(25)]
    out = tmp_path / "giay-khen.pdf"
    result = render_certificates(items, out=out, progress=lambda d, t: calls.append((d, t)) or True, progress_every=10)
    assert result == out and out.is_file()
    assert calls == [(10, 25), (20, 25), (25, 25)]
    with plumber(out.read_bytes()) as pdf:
        assert len(pdf.pages) == 25
    assert not [p for p in tmp_path.iterdir() if p.name != "giay-khen.pdf"]


def test_generator_input_has_no_total(org):
    calls = []
    gen = (make_certificate(org, n) for n in NAMES)
    data = render_certificates(gen, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (3, None)
    assert len(pdf_text(data)) == 3


def test_cancel_leaves_no_file(tmp_path, org):
    out = tmp_path / "huy.pdf"
    items = [make_certificate(org, n) for n in NAMES * 5]
    with pytest.raises(Cancelled) as err:
        render_certificates(items, out=out, progress=lambda done, total: done < 4)
    assert "dừng" in err.value.message
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("cancel", [False, True])
def test_cyclic_collector_is_off_while_pages_are_made_and_back_after(tmp_path, org, cancel):
    import gc

    seen = []

    def progress(done, total):
        seen.append(gc.isenabled())
        return not cancel

    assert gc.isenabled()
    try:
        render_certificates([make_certificate(org, n) for n in NAMES], out=tmp_path / "a.pdf", progress=progress)
    except Cancelled:
        assert cancel
    assert seen and not any(seen)
    assert gc.isenabled()  # also after a cancelled job


def test_cancel_keeps_an_existing_file_untouched(tmp_path, org):
    out = tmp_path / "cu.pdf"
    out.write_bytes(b"old")
    with pytest.raises(Cancelled):
        render_certificates([make_certificate(org)] * 3, out=out, progress=lambda d, t: False)
    assert out.read_bytes() == b"old"


def test_artwork_and_batch_text_are_shared_forms(org):
    """The border and the batch constants are drawn once (form XObjects), not per page; a combination of batch
    texts met on one page only is drawn on it."""
    from pypdf import PdfReader
    import io

    items = [make_certificate(org, f"{NAMES[i % 3]}") for i in range(30)]
    items.append(replace(items[0], signer_name="Trần Thị Hường", signer_authority="KT. BAN CHẤP HÀNH", signer_title="PHÓ CHỦ TỊCH"))
    reader = PdfReader(io.BytesIO(render_certificates(items)))
    forms = set()
    for page in reader.pages:
        xobjects = page["/Resources"]["/XObject"]
        forms |= {xobjects[k].get_object().indirect_reference.idnum for k in xobjects}
    assert len(forms) == 3  # artwork, the issuer and signer of 30 pages, the decision of all 31
    # the other signer is on one page only: drawn there, not given a form
    assert [len(page["/Resources"]["/XObject"]) for page in (reader.pages[0], reader.pages[-1])] == [3, 2]
    last = squash(reader.pages[-1].extract_text())
    assert "KT.BANCHẤPHÀNH" in last and "PHÓCHỦTỊCH" in last and "TrầnThịHường" in last


def test_bad_arguments():
    with pytest.raises(ValueError):
        render_certificates([], mode="other")
    with pytest.raises(ValueError):
        render_certificates([], mode="blank-form")
    with pytest.raises(ValueError):
        render_certificates([])


def test_memory_per_certificate_is_small(org, tmp_path):
    """Python heap per page stays small (10,000 pages ≪ 250 MB; the benchmark checks RSS)."""
    import tracemalloc

    base = [make_certificate(org, f"{NAMES[i % 3]} {i}", register_number=str(i)) for i in range(50)]
    n = 500
    tracemalloc.start()
    try:
        render_certificates((base[i % 50] for i in range(n)), out=tmp_path / "mem.pdf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak / n < 12_000, peak / n
    assert peak / n * 10_000 < 150e6


def test_pdf_package_does_not_import_qt():
    import subprocess
    import sys

    code = "import sys, khuyenhoc_desktop.pdf; sys.exit(1 if any(m.startswith(('PySide', 'PyQt')) for m in sys.modules) else 0)"
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


LONG_DETAILS = dict(class_name="12A1", school="Trung học phổ thông chuyên Hoàng Văn Thụ tỉnh Bắc Ninh",
                    village="Thôn Đồng Quan Thượng, xã Tân Dĩnh, tỉnh Bắc Ninh")


@pytest.mark.parametrize("paper,orientation", [("A4", "landscape"), ("A4", "portrait"), ("A3", "landscape")])
def test_details_wrap_and_no_text_is_below_12_pt(org, paper, orientation):
    achievement = LONG_ACHIEVEMENT[:220].rstrip()  # with the longest name and details: all of it fits
    item = make_certificate(org, LONG_NAME, achievement, **LONG_DETAILS)
    data = render_certificates([item], paper=paper, orientation=orientation)
    scale = 297 / 210 if paper == "A3" else 1
    with plumber(data) as pdf:
        page = pdf.pages[0]
        assert min(c["size"] for c in page.chars if c["text"].strip()) >= 12 * scale - 0.01
        details = [ln for ln in text_lines(page) if ln["text"].startswith("Họcsinhlớp12A1")]
        assert details and details[0]["size"] >= 12 * scale - 0.01
        # it wrapped (the first line holds only part of it) rather than shrinking to fit one line
        assert squash(item.details_line()).startswith(details[0]["text"]) and details[0]["text"] != squash(
            item.details_line())
    _check_layout(data, border_mm=14 * scale)
    text = squash(pdf_text(data)[0])
    assert squash(item.details_line()) in text and squash(achievement) in text and squash(LONG_NAME) in text


def test_blank_forms_never_print_below_12_pt(org):
    for profile in load_profiles():
        data = render_certificates([make_certificate(org, LONG_NAME, LONG_ACHIEVEMENT, **LONG_DETAILS)],
                                   mode="blank-form", profile=profile)
        with plumber(data) as pdf:
            assert min(c["size"] for c in pdf.pages[0].chars if c["text"].strip()) >= 12 - 1e-6, profile.name
        _check_layout(data)


def test_a_draft_is_marked_and_shows_no_register_number(org):
    data = render_certificates([make_certificate(org, draft=True, register_number="7/2024-2025")])
    text = squash(pdf_text(data)[0])
    assert "BẢNNHÁP" in text and "khôngcógiátrị" in text and "Sốvàosổ" not in text and "7/2024-2025" not in text

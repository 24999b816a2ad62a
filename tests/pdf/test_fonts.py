"""Fonts: every Vietnamese letter in every face, real bold/italic faces with distinct names."""

from __future__ import annotations

import io
import unicodedata

import pytest
from fontTools.ttLib import TTFont as FTFont
from reportlab.pdfgen.canvas import Canvas

from khuyenhoc_desktop.pdf import fonts as F

from .pdfhelpers import nfc, pdf_text

SAMPLE = "Nguyễn Thị Thuỷ, Trường THCS Đường Ưởng, ậ ỹ"


def test_vietnamese_alphabet_is_complete():
    letters = F.vietnamese_letters()
    # 29 letters + 12 vowels × 5 toned forms = 89 lower-case letters (and as many capitals)
    assert len(letters) == 2 * (29 + 12 * 5)
    assert all(unicodedata.normalize("NFC", ch) == ch and len(ch) == 1 for ch in letters)
    for ch in "ăâđêôơưỳỹỵỷýẶẬỄỮĐ":
        assert ch in letters


@pytest.mark.parametrize("face", [f[0] for f in F._SERIF_FACES] + [f[0] for f in F._SANS_FACES])
def test_every_face_covers_every_vietnamese_letter(fonts, face):
    cmap = FTFont(str(fonts.path(face)), lazy=True).getBestCmap()
    missing = [ch for ch in F.vietnamese_letters() if ord(ch) not in cmap]
    assert not missing, f"{face} lacks {''.join(missing)}"


def test_serif_instances_have_distinct_names_and_real_weights(fonts):
    seen = {}
    for face, italic, weight, _style in F._SERIF_FACES:
        font = FTFont(str(fonts.path(face)))
        name = font["name"]
        ids = tuple(name.getDebugName(i) for i in (1, 4, 6))
        assert all(ids), face
        seen[face] = ids
        assert "fvar" not in font and "gvar" not in font, "must be a static instance"
        assert font["OS/2"].usWeightClass == weight
        assert bool(font["OS/2"].fsSelection & 0x01) == italic
        assert bool(font["head"].macStyle & 0x01) == (weight >= 600)
    full_names = {ids[1] for ids in seen.values()}
    ps_names = {ids[2] for ids in seen.values()}
    assert len(full_names) == 4 and len(ps_names) == 4
    # the bold outlines are really heavier: wider advance for the same glyph
    reg = FTFont(str(fonts.path(F.SERIF)))
    bold = FTFont(str(fonts.path(F.SERIF_BOLD)))
    g = reg.getBestCmap()[ord("m")]
    assert bold["hmtx"][g][0] > reg["hmtx"][g][0]


def test_pdf_embeds_distinct_fonts_and_text_round_trips(fonts):
    from pypdf import PdfReader

    buf = io.BytesIO()
    c = Canvas(buf)
    for i, face in enumerate((F.SERIF, F.SERIF_BOLD, F.SERIF_ITALIC, F.SERIF_BOLD_ITALIC, F.SANS)):
        c.setFont(face, 12)
        c.drawString(40, 780 - 20 * i, SAMPLE)
    c.showPage()
    c.save()
    data = buf.getvalue()
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        base = str(font.get_object()["/BaseFont"])
        names.add(base.split("+", 1)[-1])
    assert len(names) >= 5, names
    assert any("Bold" in n and "Italic" not in n for n in names)
    assert any("Italic" in n and "Bold" not in n for n in names)
    text = pdf_text(data)[0]
    assert text.count(nfc(SAMPLE)) == 5


def test_paragraph_markup_uses_bold_and_italic_faces(fonts):
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from reportlab.lib.styles import ParagraphStyle

    from .pdfhelpers import plumber

    buf = io.BytesIO()
    style = ParagraphStyle("t", fontName=F.SERIF, fontSize=12)
    SimpleDocTemplate(buf).build([Paragraph("Thường <b>Đậm</b> <i>Nghiêng</i> <b><i>Cả hai</i></b>", style)])
    with plumber(buf.getvalue()) as pdf:
        faces = {c["fontname"].split("+", 1)[-1] for c in pdf.pages[0].chars}
    assert len(faces) == 4, faces


def test_ensure_fonts_is_idempotent(fonts):
    """Also fast once cached: benchmarks/bench_refusals.py (case "fonts")."""
    for _ in range(100):
        again = F.ensure_fonts()
    assert again.files == fonts.files


def test_building_an_instance_from_scratch(tmp_path, fonts):
    """The cache is rebuilt from the variable font when missing (one face: a few seconds)."""
    import fontpkg

    target = tmp_path / "KHSerif-Bold.ttf"
    F.build_serif_instance(fontpkg.path("Noto Serif", weight=700), target, italic=False, weight=700, style="Bold")
    assert target.is_file()
    assert not list(tmp_path.glob(".*.tmp")), "atomic write leaves no temporary file"
    font = FTFont(str(target))
    assert font["name"].getDebugName(6) == "NotoSerifKH-Bold"
    assert font["OS/2"].usWeightClass == 700

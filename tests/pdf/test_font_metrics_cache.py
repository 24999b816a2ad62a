"""The cache of parsed TTF files: a font from it draws the same PDF as a freshly parsed one, and a
missing, stale, corrupt or hostile cache entry is never trusted (the file is parsed again)."""

from __future__ import annotations

import hashlib
import os
import pickle

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from khuyenhoc_desktop.pdf import fonts as F

TEXT = "Nguyễn Thị Thuỷ — Trường THCS Đường Ưởng, ậ ỹ ĐẶNG"


def _entry(folder, path):
    return F.metrics_path(folder, hashlib.sha256(path.read_bytes()).hexdigest())


def _pdf(font) -> bytes:
    pdfmetrics.registerFont(font)
    c = Canvas(None, invariant=1)
    c.setFont(font.fontName, 14)
    c.drawString(40, 700, TEXT)
    c.drawCentredString(300, 600, TEXT.upper())
    c.showPage()
    return c.getpdfdata()


@pytest.fixture
def serif_file(fonts):
    return fonts.path(F.SERIF_BOLD)


def test_first_load_parses_and_stores_then_the_cache_gives_the_same_font(tmp_path, serif_file):
    entry = _entry(tmp_path, serif_file)
    assert not entry.exists()
    first = F.load_ttfont("CacheA", serif_file, tmp_path)
    assert entry.is_file()
    again = F.load_ttfont("CacheB", serif_file, tmp_path)
    fresh = TTFont("CacheC", str(serif_file))
    assert again.face.charWidths == fresh.face.charWidths and again.face.charToGlyph == fresh.face.charToGlyph
    assert again.face.name.ustr == fresh.face.name.ustr and again.face.filename == str(serif_file)
    assert again.stringWidth(TEXT, 13) == fresh.stringWidth(TEXT, 13) == first.stringWidth(TEXT, 13)
    # the embedded subset and every other byte of the page: only the registered name differs
    assert _pdf(again).replace(b"CacheB", b"CacheX") == _pdf(fresh).replace(b"CacheC", b"CacheX")


def test_corrupt_entry_is_parsed_again_and_rewritten(tmp_path, serif_file):
    F.load_ttfont("CacheD", serif_file, tmp_path)
    entry = _entry(tmp_path, serif_file)
    entry.write_bytes(b"\x80\x04 not a pickle")
    font = F.load_ttfont("CacheE", serif_file, tmp_path)
    assert font.stringWidth(TEXT, 12) == TTFont("CacheF", str(serif_file)).stringWidth(TEXT, 12)
    assert pickle.loads(entry.read_bytes())["face"]["unitsPerEm"] == font.face.unitsPerEm


RAN: list[int] = []


def probe() -> int:
    RAN.append(1)
    return 1


class Hostile:
    def __reduce__(self):
        return (probe, ())


def test_entry_naming_a_function_is_never_run(tmp_path, serif_file):
    entry = _entry(tmp_path, serif_file)
    entry.parent.mkdir(parents=True)
    entry.write_bytes(pickle.dumps({"face": Hostile()}))
    pickle.loads(entry.read_bytes())  # a plain unpickler would run it
    assert RAN == [1]
    font = F.load_ttfont("CacheG", serif_file, tmp_path)
    assert RAN == [1] and font.face.unitsPerEm > 0
    assert pickle.loads(entry.read_bytes())["face"]["numGlyphs"] == font.face.numGlyphs  # replaced by a good one


def test_a_changed_font_file_or_another_reportlab_is_a_different_entry(tmp_path, serif_file, monkeypatch):
    import reportlab

    F.load_ttfont("CacheH", serif_file, tmp_path)
    digest = hashlib.sha256(serif_file.read_bytes()).hexdigest()
    other_digest = hashlib.sha256(serif_file.read_bytes() + b"\0").hexdigest()
    assert F.metrics_path(tmp_path, other_digest) != F.metrics_path(tmp_path, digest)
    before = F.metrics_path(tmp_path, digest)
    monkeypatch.setattr(reportlab, "Version", reportlab.Version + ".later")
    assert F.metrics_path(tmp_path, digest) != before and not F.metrics_path(tmp_path, digest).exists()


def test_unwritable_cache_still_gives_the_font(tmp_path, serif_file):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    font = F.load_ttfont("CacheI", serif_file, blocker)
    assert font.stringWidth(TEXT, 12) == TTFont("CacheJ", str(serif_file)).stringWidth(TEXT, 12)


def test_face_index_is_used_only_while_its_files_are_unchanged(tmp_path, monkeypatch, fonts):
    import shutil

    import fontpkg

    # the serif instances this session built, copied: the index is what is tested here, not the building
    # (tests/pdf/test_fonts.py builds one from scratch)
    built = fonts.path(F.SERIF).parent.name  # noto-serif-<version>-r<recipe>
    shutil.copytree(fonts.path(F.SERIF).parent, tmp_path / built)
    files = F._find_files(tmp_path)
    assert all(files[face].parent == tmp_path / built for face in (F.SERIF, F.SERIF_ITALIC))
    assert F._index_path(tmp_path).is_file()

    def no_lookup(*_a, **_k):
        raise AssertionError("fontpkg asked although the index is good")

    with monkeypatch.context() as m:
        m.setattr(fontpkg, "family", no_lookup)
        m.setattr(fontpkg, "path", no_lookup)
        assert F._find_files(tmp_path) == files
    instance = files[F.SERIF_ITALIC]
    stamp = instance.stat()
    os.utime(instance, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    assert F._indexed_files(tmp_path) is None  # stale: looked up again
    assert F._find_files(tmp_path) == files and F._indexed_files(tmp_path) == files
    F._index_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert F._indexed_files(tmp_path) is None and F._find_files(tmp_path) == files

"""Fonts for every printed document, from the pip font packages (architecture-examples.md §5).

* **Serif** (official documents, NĐ 30 asks for a Times-like face): Noto Serif. The
  package ships only variable TTFs and ReportLab embeds only a variable font's default
  outlines, so we build static instances (wght 400/700, wdth 100, upright and italic)
  with ``fontTools.varLib.instancer``. Each instance gets its own family/full/PostScript
  name (name IDs 1, 2, 4, 6): ReportLab names the embedded font after ID 6, and with
  four copies of "NotoSerif-Regular" a viewer cannot tell bold from regular. The
  instances are cached in the user cache folder, keyed by the package version and our
  recipe version, and rebuilt when missing.
* **Sans** (lists and tables, if a renderer wants it): Be Vietnam Pro, static TTFs.

``ensure_fonts()`` registers both families with ReportLab (so ``<b>``/``<i>`` work in
Paragraphs) and is cheap after the first call.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..storage.files import atomic_output

# ReportLab names of the registered faces (use these constants, never file names).
SERIF = "KHSerif"
SERIF_BOLD = "KHSerif-Bold"
SERIF_ITALIC = "KHSerif-Italic"
SERIF_BOLD_ITALIC = "KHSerif-BoldItalic"
SANS = "KHSans"
SANS_BOLD = "KHSans-Bold"
SANS_ITALIC = "KHSans-Italic"
SANS_BOLD_ITALIC = "KHSans-BoldItalic"

SERIF_FAMILY = SERIF
SANS_FAMILY = SANS

# Bump when the way instances are built or named changes: old caches are then ignored.
_RECIPE = 2
_SERIF_PACKAGE = "fontpkg-noto-serif"
_SERIF_FAMILY_NAME = "Noto Serif"
_SANS_FAMILY_NAME = "Be Vietnam Pro"

# (ReportLab name, italic?, weight, style name printed into the font's name table)
_SERIF_FACES = (
    (SERIF, False, 400, "Regular"),
    (SERIF_BOLD, False, 700, "Bold"),
    (SERIF_ITALIC, True, 400, "Italic"),
    (SERIF_BOLD_ITALIC, True, 700, "Bold Italic"),
)
_SANS_FACES = (
    (SANS, "normal", 400),
    (SANS_BOLD, "normal", 700),
    (SANS_ITALIC, "italic", 400),
    (SANS_BOLD_ITALIC, "italic", 700),
)

_lock = threading.Lock()
_registered: dict[str, Path] | None = None


@dataclass(frozen=True)
class FontSet:
    """Where each registered face came from (for the UI's QFontDatabase and for tests)."""

    files: dict[str, Path]

    def path(self, face: str) -> Path:
        return self.files[face]


def cache_dir() -> Path:
    """The folder for built font instances; ``KHUYENHOC_CACHE_DIR`` overrides it."""
    override = os.environ.get("KHUYENHOC_CACHE_DIR")
    if override:
        return Path(override) / "fonts"
    import platformdirs

    return Path(platformdirs.user_cache_dir("khuyenhoc-desktop", appauthor=False)) / "fonts"


def _package_version(dist: str, fallback: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover - frozen builds without metadata
        return fallback


def _serif_instance_path(folder: Path, face: str) -> Path:
    return folder / f"{face}.ttf"


def _ps_name(style: str) -> str:
    return "NotoSerifKH-" + style.replace(" ", "")


def build_serif_instance(source: Path, target: Path, *, italic: bool, weight: int, style: str) -> None:
    """Write a static instance of the variable Noto Serif file `source` to `target` (atomically)."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(source)
    axes = {"wght": weight, "wdth": 100}
    static = instancer.instantiateVariableFont(font, axes, updateFontNames=False, static=True)
    for tag in ("STAT", "fvar", "avar", "gvar", "HVAR", "MVAR", "cvar"):
        if tag in static:
            del static[tag]

    family = "Noto Serif KH"
    full = f"{family} {style}"
    ps = _ps_name(style)
    name = static["name"]
    for name_id in (16, 17, 21, 22, 25):
        name.removeNames(nameID=name_id)
    # ID 1 family, 2 subfamily, 3 unique id, 4 full name, 6 PostScript name: all distinct per face.
    for name_id, value in ((1, family), (2, style), (3, f"{ps};khuyenhoc-{_RECIPE}"), (4, full), (6, ps)):
        name.setName(value, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, en-US
        name.setName(value, name_id, 1, 0, 0)  # Macintosh, Roman, English
    bold = weight >= 600
    os2 = static["OS/2"]
    os2.usWeightClass = weight
    selection = os2.fsSelection & ~(0x01 | 0x20 | 0x40)
    if italic:
        selection |= 0x01
    if bold:
        selection |= 0x20
    if not italic and not bold:
        selection |= 0x40
    os2.fsSelection = selection
    static["head"].macStyle = (0x01 if bold else 0) | (0x02 if italic else 0)

    with atomic_output(target) as fh:
        static.save(fh)


def _serif_files(folder: Path | None = None) -> dict[str, Path]:
    import fontpkg

    fam = fontpkg.family(_SERIF_FAMILY_NAME)
    version = _package_version(_SERIF_PACKAGE, fam.version)
    base = folder if folder is not None else cache_dir()
    target_dir = base / f"noto-serif-{version}-r{_RECIPE}"
    files: dict[str, Path] = {}
    for face, italic, weight, style in _SERIF_FACES:
        target = _serif_instance_path(target_dir, face)
        if not target.is_file() or target.stat().st_size == 0:
            source = fontpkg.path(_SERIF_FAMILY_NAME, weight=weight, style="italic" if italic else "normal")
            build_serif_instance(Path(source), target, italic=italic, weight=weight, style=style)
        files[face] = target
    return files


def _sans_files() -> dict[str, Path]:
    import fontpkg

    return {face: Path(fontpkg.path(_SANS_FAMILY_NAME, weight=w, style=s)) for face, s, w in _SANS_FACES}


def ensure_fonts(cache_folder: Path | None = None) -> FontSet:
    """Build (first time only) and register the serif and sans families. Idempotent, thread-safe."""
    global _registered
    if _registered is not None:
        return FontSet(dict(_registered))
    with _lock:
        if _registered is not None:
            return FontSet(dict(_registered))
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        try:
            serif = _serif_files(cache_folder)
        except OSError:
            # unwritable cache folder (locked-down profile): build into the temp folder instead
            import tempfile

            serif = _serif_files(Path(tempfile.gettempdir()) / "khuyenhoc-desktop-fonts")
        files = {**serif, **_sans_files()}
        for face, path in files.items():
            pdfmetrics.registerFont(TTFont(face, str(path)))
        pdfmetrics.registerFontFamily(
            SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD_ITALIC
        )
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
        )
        # Table cells given as plain strings (even "") are set in CellStyle's font, Helvetica by
        # default, which is never embedded: make it the embedded serif for every table.
        # Charts start every drawing in shapes.STATE_DEFAULTS' font (Helvetica too).
        from reportlab.graphics import shapes
        from reportlab.platypus.tables import CellStyle

        CellStyle.fontname = SERIF
        shapes.STATE_DEFAULTS["fontName"] = SERIF
        _registered = files
        return FontSet(dict(files))


def serif_face(bold: bool = False, italic: bool = False) -> str:
    if bold and italic:
        return SERIF_BOLD_ITALIC
    if bold:
        return SERIF_BOLD
    if italic:
        return SERIF_ITALIC
    return SERIF


def sans_face(bold: bool = False, italic: bool = False) -> str:
    if bold and italic:
        return SANS_BOLD_ITALIC
    if bold:
        return SANS_BOLD
    if italic:
        return SANS_ITALIC
    return SANS


# Every Vietnamese letter: the 29-letter alphabet and each vowel with each tone, both cases.
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang, huyền, sắc, hỏi, ngã, nặng


def vietnamese_letters() -> str:
    """All precomposed Vietnamese letters (NFC), lower and upper case."""
    import unicodedata

    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    letters = set(alphabet)
    for vowel in _VOWELS:
        for tone in _TONES:
            letters.add(unicodedata.normalize("NFC", vowel + tone))
    letters |= {ch.upper() for ch in letters}
    return "".join(sorted(letters))

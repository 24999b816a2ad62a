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
Paragraphs) and is cheap after the first call. ReportLab parses a whole TTF file to register it (~20 ms
a face, eight faces per command); what it reads — metrics, glyph and character maps — is kept in the
same cache folder, keyed by the file's SHA-256 and ReportLab's version, so a later run only reads the
file and unpickles that (a missing, stale or unreadable entry is parsed again and rewritten).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import threading
from dataclasses import dataclass
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

_FACES = tuple(f[0] for f in _SERIF_FACES) + tuple(f[0] for f in _SANS_FACES)

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
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover - frozen builds without metadata
        return fallback


# -- parsed TTF files, cached ----------------------------------------------------------------
_METRICS_FORMAT = 1  # bump when what is stored changes
_PLAIN = (bool, int, float, str, bytes, type(None))


def _plain(value) -> bool:
    """Only builtin data goes into the cache (it is read back without allowing any class)."""
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return type(value) in _PLAIN


class _DataOnly(pickle.Unpickler):
    def find_class(self, module, name):  # never import or call anything named in the file
        raise pickle.UnpicklingError(f"{module}.{name} is not data")


def metrics_path(folder: Path, digest: str) -> Path:
    import reportlab

    return folder / "metrics" / f"{digest}-rl{reportlab.Version}-f{_METRICS_FORMAT}.pickle"


def _metrics_state(font) -> dict | None:
    """What a parsed TTFont holds besides the file's bytes, as plain data (None if it holds more)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    face, names = {}, {}
    for key, value in font.face.__dict__.items():
        if key in ("_ttf_data", "_pdfScale", "filename"):  # the bytes, a lambda of unitsPerEm, the path
            continue
        if isinstance(value, TTFNameBytes):
            names[key] = bytes(value)
        elif _plain(value):
            face[key] = value
        else:
            return None
    own = {k: v for k, v in font.__dict__.items() if k not in ("face", "encoding", "state")}
    return {"face": face, "names": names, "font": own} if _plain(own) else None


def _font_from_state(state: dict, name: str, path: Path, data: bytes):
    """The TTFont that `TTFont(name, path)` builds, from `_metrics_state` and the file's bytes."""
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state["face"])
    face.__dict__.update({k: TTFNameBytes(v) for k, v in state["names"].items()})
    face._ttf_data = data
    face.filename = str(path)
    per_em = face.unitsPerEm
    face._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x, m=1000 / per_em: x * m)
    font = TTFont.__new__(TTFont)
    font.__dict__.update(state["font"])
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    return font


def load_ttfont(name: str, path: Path, folder: Path | None):
    """ReportLab's `TTFont(name, path)`, from the cache in `folder` when it holds this file's parse."""
    from reportlab.pdfbase.ttfonts import TTFont

    data = path.read_bytes()
    cached = metrics_path(folder, hashlib.sha256(data).hexdigest()) if folder is not None else None
    if cached is not None:
        try:
            with open(cached, "rb") as fh:
                state = _DataOnly(fh).load()
            return _font_from_state(state, name, path, data)
        except Exception:  # noqa: BLE001 - missing, unreadable or from another version: parse the file
            pass
    font = TTFont(name, io.BytesIO(data))
    font.face.filename = str(path)
    state = _metrics_state(font)
    if cached is not None and state is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            with atomic_output(cached) as fh:
                pickle.dump(state, fh, protocol=4)
        except OSError:
            pass  # a read-only cache only costs the parse next time
    return font


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


def _defaults_for_loaded_modules() -> None:
    """Table cells given as plain strings (even "") are set in CellStyle's font, Helvetica by default,
    which is never embedded: make it the embedded serif for every table. Charts start every drawing in
    shapes.STATE_DEFAULTS' font (Helvetica too). Done once each module is loaded — platypus (~0.2 s) is
    not imported for a certificate — and every renderer of tables or charts calls `ensure_fonts` after
    importing them."""
    import sys

    tables = sys.modules.get("reportlab.platypus.tables")
    if tables is not None and tables.CellStyle.fontname != SERIF:
        tables.CellStyle.fontname = SERIF
    shapes = sys.modules.get("reportlab.graphics.shapes")
    if shapes is not None and shapes.STATE_DEFAULTS.get("fontName") != SERIF:
        shapes.STATE_DEFAULTS["fontName"] = SERIF


# -- which file each face is, cached: finding them asks fontpkg, which scans every installed package's
# entry points (~40 ms); the index is trusted only while every file it names is unchanged on disk.
_INDEX_FORMAT = 1


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _index_path(folder: Path) -> Path:
    return folder / f"faces-{_INDEX_FORMAT}-r{_RECIPE}.json"


def _indexed_files(folder: Path) -> dict[str, Path] | None:
    import json

    try:
        index = json.loads(_index_path(folder).read_text(encoding="utf-8"))
        files = {face: Path(index["files"][face]) for face in _FACES}
        for path, stamp in index["stamps"].items():
            if _stamp(Path(path)) != stamp:
                return None
        if not all(str(p) in index["stamps"] for p in files.values()):
            return None
        return files
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_index(folder: Path, files: dict[str, Path], sources: list[Path]) -> None:
    import json

    from ..storage.files import atomic_write

    stamps = {str(p): _stamp(p) for p in [*files.values(), *sources]}
    try:
        atomic_write(_index_path(folder), json.dumps({"files": {k: str(v) for k, v in files.items()},
                                                      "stamps": stamps}).encode("utf-8"))
    except OSError:
        pass  # only costs the look-up next time


def _find_files(folder: Path) -> dict[str, Path]:
    """Every face's file (building the serif instances when missing), from the index when it is good."""
    files = _indexed_files(folder)
    if files is not None:
        return files
    import fontpkg

    files = {**_serif_files(folder), **_sans_files()}
    sources = [Path(fontpkg.path(_SERIF_FAMILY_NAME, weight=w, style="italic" if i else "normal"))
               for _f, i, w, _s in _SERIF_FACES]  # a new font package changes these: the index is then stale
    _write_index(folder, files, sources)
    return files


def ensure_fonts(cache_folder: Path | None = None) -> FontSet:
    """Build (first time only) and register the serif and sans families. Idempotent, thread-safe."""
    global _registered
    if _registered is not None:
        _defaults_for_loaded_modules()
        return FontSet(dict(_registered))
    with _lock:
        if _registered is not None:
            _defaults_for_loaded_modules()
            return FontSet(dict(_registered))
        from reportlab.pdfbase import pdfmetrics

        folder = cache_folder if cache_folder is not None else cache_dir()
        try:
            files = _find_files(folder)
        except OSError:
            # unwritable cache folder (locked-down profile): build into the temp folder instead
            import tempfile

            folder = Path(tempfile.gettempdir()) / "khuyenhoc-desktop-fonts"
            files = _find_files(folder)
        for face, path in files.items():
            pdfmetrics.registerFont(load_ttfont(face, path, folder))
        pdfmetrics.registerFontFamily(
            SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD_ITALIC
        )
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
        )
        _defaults_for_loaded_modules()
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

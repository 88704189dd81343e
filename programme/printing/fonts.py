"""Fonts for the printed programme: one per script, chosen per run of text.

reportlab embeds TrueType fonts (glyf outlines, not CFF) and shapes complex scripts through
uharfbuzz when a paragraph style has ``shaping=1`` and its base font is a TrueType font. Its
Paragraph breaks lines at spaces and shapes each space-separated word with the font of the
word's first run; a word mixing scripts ("COVID-19ในไทย") would be shaped with the wrong font,
so ``install_shaping_fixes`` shapes such a word run by run (and makes shaped text
searchable, see there).

The fonts come from Debian packages (open licences: Noto under the SIL OFL 1.1, Droid Sans
Fallback under Apache 2.0, WenQuanYi Zen Hei under the GPL with the font-embedding exception);
the settings may point elsewhere. A missing font is not fatal: that script falls back to the
Latin font (its letters then print as empty boxes) and a warning is logged.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

SCRIPTS = ("latin", "thai", "lao", "khmer", "myanmar", "cjk")

NOTO = "/usr/share/fonts/truetype/noto"

#: Candidate files per script and weight, first found wins. (A ``.ttc`` path may end with
#: ``#N`` for its N-th subfont.)
DEFAULT_FONTS: dict[str, tuple[str, ...]] = {
    "latin": (f"{NOTO}/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "latin-bold": (
        f"{NOTO}/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    "latin-italic": (
        f"{NOTO}/NotoSans-Italic.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
    ),
    "thai": (f"{NOTO}/NotoSansThai-Regular.ttf",),
    "thai-bold": (f"{NOTO}/NotoSansThai-Bold.ttf",),
    "lao": (f"{NOTO}/NotoSansLao-Regular.ttf",),
    "lao-bold": (f"{NOTO}/NotoSansLao-Bold.ttf",),
    "khmer": (f"{NOTO}/NotoSansKhmer-Regular.ttf",),
    "khmer-bold": (f"{NOTO}/NotoSansKhmer-Bold.ttf",),
    "myanmar": (f"{NOTO}/NotoSansMyanmar-Regular.ttf",),
    "myanmar-bold": (f"{NOTO}/NotoSansMyanmar-Bold.ttf",),
    "cjk": (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc#0",
    ),
}

#: The Debian packages that provide the default fonts (the setup installs them).
DEBIAN_PACKAGES = ("fonts-noto-core", "fonts-droid-fallback")

# Unicode blocks of the scripts that need a font of their own.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0E00, 0x0E7F, "thai"),
    (0x0E80, 0x0EFF, "lao"),
    (0x1000, 0x109F, "myanmar"),
    (0xA9E0, 0xA9FF, "myanmar"),
    (0xAA60, 0xAA7F, "myanmar"),
    (0x1780, 0x17FF, "khmer"),
    (0x19E0, 0x19FF, "khmer"),
    (0x2E80, 0x2FDF, "cjk"),
    (0x3000, 0x31FF, "cjk"),
    (0x3400, 0x4DBF, "cjk"),
    (0x4E00, 0x9FFF, "cjk"),
    (0xF900, 0xFAFF, "cjk"),
    (0xFF00, 0xFFEF, "cjk"),
    (0x20000, 0x2FFFF, "cjk"),
)


def script_of(char: str) -> str | None:
    """The script of a character, "latin" for every other letter, or None for characters
    that belong to their neighbours (spaces, punctuation, digits, combining marks)."""
    code = ord(char)
    if code < 0x80:
        return "latin" if char.isalpha() else None
    if 0x0300 <= code <= 0x036F or 0x2000 <= code <= 0x206F or 0x200B <= code <= 0x200D:
        return None
    for low, high, script in _RANGES:
        if low <= code <= high:
            return script
    return "latin" if char.isalpha() else None


_OTHER_SCRIPTS = re.compile(
    "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high, _s in _RANGES) + "]"
)


def runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (script, run) pieces; neutral characters join the run before them
    (or the first run, at the start)."""
    if not _OTHER_SCRIPTS.search(text):
        return [("latin", text)] if text else []
    pieces: list[tuple[str, str]] = []
    current: str | None = None
    start = 0
    for i, char in enumerate(text):
        script = script_of(char)
        if script is None or script == current:
            continue
        if current is None:
            current = script
            continue
        pieces.append((current, text[start:i]))
        current, start = script, i
    if text:
        pieces.append((current or "latin", text[start:]))
    return pieces


@dataclass
class FontSet:
    """The registered reportlab font name for each script and weight."""

    names: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    coverage: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return self.names["latin"]

    @property
    def bold(self) -> str:
        return self.names["latin-bold"]

    @property
    def italic(self) -> str:
        return self.names["latin-italic"]

    @property
    def shaped(self) -> bool:
        return self.base != "Helvetica"

    def name(self, script: str, bold: bool = False) -> str:
        if bold and f"{script}-bold" in self.names:
            return self.names[f"{script}-bold"]
        return self.names.get(script, self.bold if bold else self.base)

    def markup(self, text: str, bold: bool = False) -> str:
        """``text`` as Paragraph markup (escaped): Latin in the paragraph's own font (bold
        through ``<b>``), each other script's run in its font."""
        out = []
        for script, piece in runs(unicodedata.normalize("NFC", text or "")):
            if script == "latin":
                out.append(f"<b>{escape(piece)}</b>" if bold else escape(piece))
            else:
                out.append(self._spill(piece, script, self.name(script, bold), bold))
        return "".join(out)

    def _spill(self, piece: str, script: str, name: str, bold: bool) -> str:
        """A script run whose neutral characters the script's font lacks (a bracket, a
        digit) puts those in the Latin font."""
        covered = self.coverage.get(name)
        if covered is None:
            return f'<font name="{name}">{escape(piece)}</font>'
        out, buf, buf_font = [], [], name
        for char in piece:
            font = name if (ord(char) in covered or script_of(char) == script) else None
            if font != buf_font and buf:
                out.append(self._tag(buf_font, "".join(buf), bold))
                buf = []
            buf_font = font
            buf.append(char)
        if buf:
            out.append(self._tag(buf_font, "".join(buf), bold))
        return "".join(out)

    @staticmethod
    def _tag(font: str | None, text: str, bold: bool) -> str:
        if font is None:  # the paragraph's (Latin) font
            return f"<b>{escape(text)}</b>" if bold else escape(text)
        return f'<font name="{font}">{escape(text)}</font>'

    def plain_font(self, text: str, bold: bool = False) -> str:
        """One font for a short label drawn straight on the canvas: its main script's."""
        for script, _piece in runs(text or ""):
            if script != "latin":
                return self.name(script, bold)
        return self.name("latin", bold)


_registered: dict[tuple[str, str], str] = {}
_coverage: dict[str, frozenset[int]] = {}


def _register(key: str, path: str) -> str | None:
    """Register the font at ``path`` (``file.ttc#N`` for a subfont) once; its name or None."""
    if (key, path) in _registered:
        return _registered[(key, path)]
    file, _, index = path.partition("#")
    if not os.path.isfile(file):
        return None
    name = f"Sala-{key}-{len(_registered)}"
    try:
        pdfmetrics.registerFont(TTFont(name, file, subfontIndex=int(index or 0)))
    except Exception as exc:  # a CFF font, a broken file: try the next candidate
        log.warning("font %s cannot be used for the programme PDF: %s", path, exc)
        return None
    _registered[(key, path)] = name
    return name


def load(overrides: dict[str, str] | None = None) -> FontSet:
    """Register the programme's fonts; ``overrides`` maps a script key ("thai",
    "thai-bold", ...) to a font file tried before the defaults."""
    install_shaping_fixes()
    overrides = overrides or {}
    fonts = FontSet()
    for key, candidates in DEFAULT_FONTS.items():
        paths = ([overrides[key]] if overrides.get(key) else []) + list(candidates)
        name = next((n for p in paths if (n := _register(key, p))), None)
        if name is not None:
            fonts.names[key] = name
        elif not key.endswith(("-bold", "-italic")) or key.startswith("latin"):
            fonts.missing.append(key)
    if "latin" not in fonts.names:
        fonts.names["latin"] = "Helvetica"
        fonts.names["latin-bold"] = "Helvetica-Bold"
        fonts.names["latin-italic"] = "Helvetica-Oblique"
    fonts.names.setdefault("latin-bold", fonts.base)
    fonts.names.setdefault("latin-italic", fonts.base)
    # <b> and <i> in a paragraph set in the Latin font pick its bold and italic.
    pdfmetrics.registerFontFamily(
        fonts.base, normal=fonts.base, bold=fonts.bold, italic=fonts.italic, boldItalic=fonts.bold
    )
    for key in SCRIPTS[1:]:
        for name in (fonts.names.get(key), fonts.names.get(f"{key}-bold")):
            if name is None:
                continue
            if key != "cjk":
                COMPLEX_FONTS.add(name)
            if name not in _coverage:
                _coverage[name] = frozenset(pdfmetrics.getFont(name).face.charToGlyph)
            fonts.coverage[name] = _coverage[name]
    if fonts.missing:
        log.warning(
            "programme PDF: no font for %s; install %s (or set SALA_PROGRAMME_FONTS). "
            "Text in those scripts will not print correctly.",
            ", ".join(fonts.missing),
            " ".join(DEBIAN_PACKAGES),
        )
    return fonts


_installed = False

#: The registered fonts of scripts that need shaping (filled by ``load``).
COMPLEX_FONTS: set[str] = set()
_COMBINING = re.compile("[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def install_shaping_fixes() -> None:
    """Two repairs to reportlab's (5.1) shaping, installed once.

    - A space-separated word that mixes fonts ("COVID-19ในไทย") is shaped with the harfbuzz
      font of its first fragment, so the glyphs of the others come out wrong: each
      single-font run of the word is shaped on its own instead.
    - Shaped text is written as glyphs in visual order (a Burmese or Khmer vowel drawn before
      its consonant) and glyphs without a character of their own (a Khmer subscript, a Thai
      stacked mark) under private-use code points, so copying or searching the PDF gave
      gibberish. Each shaped string carries its text with it, and is written inside a
      marked-content span with ``/ActualText`` (PDF 1.5), which viewers use to copy and
      search."""
    global _installed
    if _installed:
        return
    _installed = True
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfgen import textobject
    from reportlab.platypus import paragraph

    if getattr(ttfonts, "uharfbuzz", None) is None:
        return
    original_shape = ttfonts.shapeFragWord

    def shape_one_font(word, *args, **kwargs):
        text = "".join(t for f, t in word[1:] if not hasattr(f, "cbDefn"))
        return _with_text(original_shape(word, *args, **kwargs), text)

    def shape(word, *args, **kwargs):
        if isinstance(word, ttfonts.ShapedFragWord):
            return word
        pieces = word[1:]
        if not any(
            getattr(f, "fontName", None) in COMPLEX_FONTS or _COMBINING.search(t) for f, t in pieces
        ):
            # Latin, Vietnamese (composed) and Chinese print as their characters: harfbuzz
            # would only add kerning, at the cost of most of the time spent on a book.
            return word
        names = {getattr(f, "fontName", None) for f, _s in pieces if not hasattr(f, "cbDefn")}
        if len(names) <= 1 or any(hasattr(f, "cbDefn") for f, _s in pieces):
            return shape_one_font(word, *args, **kwargs)
        groups: list[list] = []
        for frag, text in pieces:
            if groups and groups[-1][0][0].fontName == frag.fontName:
                groups[-1].append((frag, text))
            else:
                groups.append([(frag, text)])
        shaped = ttfonts.makeShapedFragWord(word)([])
        width = 0.0
        for group in groups:
            size = sum(pdfmetrics.stringWidth(t, f.fontName, f.fontSize) for f, t in group)
            result = shape_one_font([size, *group], *args, **kwargs)
            width += result[0]
            shaped.extend(result[1:])
        shaped.insert(0, width)
        return shaped

    paragraph.shapeFragWord = shape

    original_format = textobject.PDFTextObject._formatText

    def format_text(self, text):
        actual = _actual_text(text) if isinstance(text, ttfonts.ShapedStr) else None
        font = pdfmetrics.getFont(self._fontname)
        if actual is None or not getattr(font, "shapable", False):
            return original_format(self, text)
        doc = self._canvas._doc
        size = textobject.fp_str(self._fontsize)
        first = font.splitString(text, doc)[0][0]
        # Select the font before the span opens and again before it closes, so that a text
        # extractor flushes the text on either side of the span at its borders.
        before = f"{font.getSubsetInternalName(first, doc)} {size} Tf"
        self._curSubset = first
        code = original_format(self, text)
        after = f"{font.getSubsetInternalName(self._curSubset, doc)} {size} Tf"
        hexed = ("\ufeff" + actual).encode("utf-16-be").hex().upper()
        return f"{before} /Span <</ActualText <{hexed}>>> BDC {code} {after} EMC"

    textobject.PDFTextObject._formatText = format_text


def _logical_data():
    from reportlab.pdfbase.ttfonts import ShapeData

    class LogicalShapeData(ShapeData):
        """A glyph's shaping data and the text it stands for: its cluster's characters on
        the cluster's first glyph, "" on the others."""

    return LogicalShapeData


_LogicalShapeData = None


def _with_text(word, text: str):
    """Give the glyphs of a shaped word the characters they stand for."""
    global _LogicalShapeData
    from reportlab.pdfbase.ttfonts import ShapedFragWord, ShapedStr

    if not isinstance(word, ShapedFragWord):
        return word
    strings = [(i, item) for i, item in enumerate(word) if i and isinstance(item[1], ShapedStr)]
    clusters = sorted({sd.cluster for _i, (_f, s) in strings for sd in s.__shapeData__})
    if not clusters:
        return word
    ends = dict(zip(clusters, [*clusters[1:], len(text)], strict=True))
    if _LogicalShapeData is None:
        _LogicalShapeData = _logical_data()
    seen: set[int] = set()
    for i, (frag, string) in strings:
        data = []
        for sd in string.__shapeData__:
            logical = _LogicalShapeData(*sd)
            logical.text = "" if sd.cluster in seen else text[sd.cluster : ends[sd.cluster]]
            seen.add(sd.cluster)
            data.append(logical)
        word[i] = (frag, ShapedStr(str(string), shapeData=data))
    return word


def _actual_text(string) -> str | None:
    """The text a shaped string stands for, or None when its glyphs are its characters."""
    out = []
    carried = False
    for i, sd in enumerate(string.__shapeData__):
        logical = getattr(sd, "text", None)
        if logical is None:
            out.append(str.__getitem__(string, i))
        else:
            carried = True
            out.append(logical)
    return "".join(out) if carried else None

"""Layout of the programme book with reportlab's platypus, in one pass.

The table of contents comes first but its page numbers are known only at the end: each
number is a PDF form XObject drawn where it belongs and defined when the document is saved
(forms may be referenced before they are defined). Its lines are laid out without the numbers,
so the pass that places them is the only pass. The index of authors comes last and is made
when the story reaches it, from the pages recorded while drawing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFBase85Encode,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFZCompress,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from . import fonts as fontlib

PAPER_SIZES = {"a4": A4, "letter": LETTER}

INK = colors.HexColor("#1f2937")
ACCENT = colors.HexColor("#0f5f6b")
MUTED = colors.HexColor("#5b6472")
RULE = colors.HexColor("#c9ced6")
SHADE = colors.HexColor("#eef3f4")


@dataclass
class Rendered:
    """What was laid out: the number of pages, the page of each heading (by key), the pages
    of each author in the index, and the table of contents in order (title, key, level)."""

    pages: int = 0
    headings: dict[str, int] = field(default_factory=dict)
    index: dict[str, list[int]] = field(default_factory=dict)
    contents: list[tuple[str, str, int]] = field(default_factory=list)
    missing_fonts: list[str] = field(default_factory=list)


def render(
    snapshot: dict[str, Any],
    out: str | IO[bytes],
    *,
    paper: str = "a4",
    font_overrides: dict[str, str] | None = None,
) -> Rendered:
    """Write the programme book of ``snapshot`` to ``out`` (a path or a binary stream)."""
    fonts = fontlib.load(font_overrides)
    book = _Book(snapshot, fonts, PAPER_SIZES[paper])
    return book.build(out)


# --- Flowables that remember where they landed.


class _Heading(Paragraph):
    """A heading: a bookmark, an outline entry, and its page recorded under ``key``."""

    def __init__(self, text, style, key=None, title="", level=0, book=None, section=None, **kw):
        super().__init__(text, style, **kw)
        self.key, self.title, self.level, self.book = key, title, level, book
        self.section = section

    def draw(self):
        super().draw()
        if self.key is None:  # the second part of a split heading
            return
        canv = self.canv
        page = canv.getPageNumber()
        self.book.result.headings[self.key] = page
        canv.bookmarkPage(self.key)
        canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level > 0)
        if self.section is not None:
            self.book.section = self.section


class _Named(Paragraph):
    """A paragraph that names authors: the page it lands on goes into the index."""

    def __init__(self, text, style, names=(), book=None, **kw):
        super().__init__(text, style, **kw)
        self.names, self.book = names, book

    def draw(self):
        super().draw()
        page = self.canv.getPageNumber()
        for name in self.names if self.book else ():
            pages = self.book.index[name]
            if not pages or pages[-1] != page:
                pages.append(page)

    def split(self, width, height):
        parts = super().split(width, height)
        for part in parts:
            if isinstance(part, _Named):
                part.names, part.book = self.names, self.book
        return parts


class _ContentsLine(Flowable):
    """A line of the table of contents; its page number is the form named ``form``."""

    NUMBER_WIDTH = 14 * mm

    def __init__(self, paragraph: Paragraph, key: str, form: str):
        super().__init__()
        self.paragraph, self.key, self.form = paragraph, key, form

    def wrap(self, width, height):
        self.width = width
        _w, self.height = self.paragraph.wrap(width - self.NUMBER_WIDTH, height)
        return width, self.height

    def draw(self):
        canv = self.canv
        self.paragraph.drawOn(canv, 0, 0)
        canv.saveState()
        canv.translate(self.width, self.height - self.paragraph.style.fontSize)
        canv.doForm(self.form)
        canv.restoreState()
        canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


class _Deferred(Flowable):
    """Stands in the story for flowables made when the story reaches it."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def wrap(self, width, height):
        return 0, 0


def _compress_now(page) -> None:
    """Compress a finished page's content now rather than when the document is saved (as
    reportlab would, with the same filters), so that a long book does not hold every page
    uncompressed in memory until its end."""
    if page.Contents or not page.stream or not page.compression:
        return
    filters = [PDFBase85Encode, PDFZCompress] if rl_config.useA85 else [PDFZCompress]
    content = page.stream
    for f in reversed(filters):
        content = f.encode(content)
    names = PDFArray([PDFName(f.pdfname) for f in filters])
    page.Contents = PDFStream(dictionary=PDFDictionary({"Filter": names}), content=content)
    page.Contents.__Comment__ = "page stream"
    page.stream = None


class _Doc(BaseDocTemplate):
    def handle_flowable(self, flowables):
        if flowables and isinstance(flowables[0], _Deferred):
            flowables[0:1] = flowables[0].make()
            if not flowables:
                return
        super().handle_flowable(flowables)


# --- The book.


class _Book:
    def __init__(self, snapshot: dict[str, Any], fonts: fontlib.FontSet, pagesize):
        self.data = snapshot
        self.conf = snapshot["conference"]
        self.fonts = fonts
        self.pagesize = pagesize
        self.result = Rendered(missing_fonts=list(fonts.missing))
        self.index: dict[str, list[int]] = defaultdict(list)
        self.section = _("Contents")
        self.rooms = {r["id"]: r["name"] for r in snapshot.get("rooms", [])}
        self.themes = {t["id"]: t["title"] for t in snapshot.get("themes", [])}
        self.styles = self._styles()
        self._headers: dict[tuple[str, str], Paragraph] = {}

    # Styles and text.

    def _styles(self) -> dict[str, ParagraphStyle]:
        base = ParagraphStyle(
            "body",
            fontName=self.fonts.base,
            fontSize=9.5,
            leading=13.5,
            textColor=INK,
            shaping=1 if self.fonts.shaped else 0,
            bulletFontName=self.fonts.base,
            splitLongWords=1,
            spaceAfter=4,
        )

        def style(name, **kw):
            return ParagraphStyle(name, parent=base, **kw)

        return {
            "body": base,
            "small": style("small", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=2),
            "affiliations": style(
                "affiliations", fontSize=8, leading=12, textColor=MUTED, spaceAfter=2
            ),
            "cell": style("cell", fontSize=7.5, leading=9.5, spaceAfter=0),
            "celltime": style("celltime", fontSize=7.5, leading=9.5, spaceAfter=0, textColor=MUTED),
            "h1": style(
                "h1", fontSize=20, leading=26, spaceBefore=0, spaceAfter=12, textColor=ACCENT
            ),
            "h2": style(
                "h2", fontSize=14, leading=19, spaceBefore=10, spaceAfter=6, textColor=ACCENT
            ),
            "h3": style("h3", fontSize=11, leading=15, spaceBefore=8, spaceAfter=3),
            "paper": style(
                "paper",
                leftIndent=18 * mm,
                bulletIndent=0,
                spaceAfter=5,
                bulletFontName=self.fonts.base,
                bulletFontSize=8.5,
            ),
            "abstitle": style(
                "abstitle", fontSize=10.5, leading=13.5, spaceBefore=10, spaceAfter=2
            ),
            "abstract": style("abstract", fontSize=8.8, leading=11.6, spaceAfter=3),
            "toc0": style("toc0", fontSize=11, leading=16, spaceBefore=5, spaceAfter=0),
            "toc1": style("toc1", fontSize=9.5, leading=13, leftIndent=6 * mm, spaceAfter=0),
            "toc2": style(
                "toc2", fontSize=8.5, leading=11, leftIndent=12 * mm, spaceAfter=0, textColor=MUTED
            ),
            "index": style(
                "index",
                fontSize=8.5,
                leading=11,
                leftIndent=6 * mm,
                firstLineIndent=-6 * mm,
                spaceAfter=0,
            ),
            "cover_title": style(
                "cover_title",
                fontSize=30,
                leading=38,
                alignment=TA_CENTER,
                textColor=ACCENT,
                spaceAfter=10,
            ),
            "cover_sub": style(
                "cover_sub", fontSize=15, leading=21, alignment=TA_CENTER, spaceAfter=28
            ),
            "cover": style("cover", fontSize=12, leading=17, alignment=TA_CENTER, spaceAfter=4),
            "cover_small": style(
                "cover_small",
                fontSize=10,
                leading=14,
                alignment=TA_CENTER,
                textColor=MUTED,
                spaceAfter=2,
            ),
            "header": style("header", fontSize=7.5, leading=9, textColor=MUTED, spaceAfter=0),
            "header_right": style(
                "header_right", fontSize=7.5, leading=9, textColor=MUTED, spaceAfter=0, alignment=2
            ),
        }

    def m(self, text: str, bold: bool = False) -> str:
        return self.fonts.markup(text, bold)

    def p(self, text: str, style: str = "body", bold: bool = False) -> Paragraph:
        return Paragraph(self.m(text, bold), self.styles[style])

    def heading(self, text, style, *, key, level, section=None, contents=True, bold=True):
        if contents:
            self.result.contents.append((text, key, level))
        return _Heading(
            self.m(text, bold),
            self.styles[style],
            key=key,
            title=text,
            level=level,
            book=self,
            section=section,
        )

    def date(self, iso: str, fmt: str = "l j F Y") -> str:
        return date_format(dt.date.fromisoformat(iso), fmt)

    def dates(self) -> str:
        start, end = self.conf.get("start_date"), self.conf.get("end_date")
        if not start:
            return ""
        if not end or end == start:
            return self.date(start, "j F Y")
        return f"{self.date(start, 'j F Y')} – {self.date(end, 'j F Y')}"

    def author_names(self, authors) -> list[str]:
        return [a["name"] for a in authors if not a["withheld"] and a["name"]]

    def author_label(self, author) -> str:
        return str(_withheld()) if author["withheld"] else author["name"]

    # The document.

    def build(self, out) -> Rendered:
        width, height = self.pagesize
        margin = 18 * mm
        frame = Frame(margin, margin, width - 2 * margin, height - 2 * margin - 6 * mm, id="f")
        organisers = ", ".join(o["name"] for o in self.conf.get("organisations", []))
        doc = _Doc(
            out,
            pagesize=self.pagesize,
            leftMargin=margin,
            rightMargin=margin,
            topMargin=margin,
            bottomMargin=margin,
            title=self.conf.get("title", ""),
            author=organisers,
            subject=_("Programme and book of abstracts"),
            creator="sala",
            keywords=", ".join(self.themes.values()),
            pageCompression=1,
            initialFontName=self.fonts.base,
        )
        doc.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[frame], onPage=self._bookmark_page),
                PageTemplate(
                    id="body", frames=[frame], onPage=self._bookmark_page, onPageEnd=self._furniture
                ),
                PageTemplate(
                    id="index_first",
                    frames=[
                        Frame(
                            frame._x1,
                            frame._y1 + frame._height - 22 * mm,
                            frame._width,
                            22 * mm,
                            id="head",
                        ),
                        *self._columns(frame, top=22 * mm),
                    ],
                    onPage=self._bookmark_page,
                    onPageEnd=self._furniture,
                ),
                PageTemplate(
                    id="index",
                    frames=self._columns(frame),
                    onPage=self._bookmark_page,
                    onPageEnd=self._furniture,
                ),
            ]
        )
        story = self.story()
        book = self

        class _Canvas(Canvas):
            def showPage(self):
                super().showPage()
                _compress_now(self._doc.Pages.pages[-1])

            def save(self):
                book._define_numbers(self)
                super().save()

        doc.build(story, canvasmaker=_Canvas)
        self.result.index = dict(self.index)
        return self.result

    @staticmethod
    def _columns(frame: Frame, top: float = 0) -> list[Frame]:
        gap = 8 * mm
        width = (frame._width - gap) / 2
        height = frame._height - top
        return [
            Frame(frame._x1 + i * (width + gap), frame._y1, width, height, id=f"col{i}")
            for i in range(2)
        ]

    def _bookmark_page(self, canv, doc):
        canv.bookmarkPage(f"page{canv.getPageNumber()}")

    def _furniture(self, canv, doc):
        """Running header (conference, section) and the page number."""
        width, height = self.pagesize
        margin = 18 * mm
        page = canv.getPageNumber()
        canv.saveState()
        half = (width - 2 * margin) / 2
        left = self._header(self.conf.get("title", ""), "header", half - 3 * mm)
        right = self._header(self.section, "header_right", half - 3 * mm)
        for para, x in ((left, margin), (right, margin + half)):
            para.drawOn(canv, x, height - margin + 1 * mm)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(margin, height - margin - 0.5 * mm, width - margin, height - margin - 0.5 * mm)
        canv.setFont(self.fonts.base, 8.5)
        canv.setFillColor(MUTED)
        canv.drawCentredString(width / 2, margin - 9 * mm, str(page))
        canv.restoreState()

    def _header(self, text: str, style: str, width: float) -> Paragraph:
        """A running header's paragraph, laid out once and drawn on every page."""
        para = self._headers.get((text, style))
        if para is None:
            para = self._headers[(text, style)] = Paragraph(self.m(text), self.styles[style])
            para.wrap(width, 20)
        return para

    def _define_numbers(self, canv):
        """The page numbers of the table of contents, now that they are known."""
        for number, (_text, key, _level) in enumerate(self.result.contents):
            page = self.result.headings.get(key)
            canv.beginForm(f"pg{number}", -_ContentsLine.NUMBER_WIDTH, -4, 2, 14)
            canv.setFont(self.fonts.base, 9.5)
            canv.setFillColor(INK)
            canv.drawRightString(0, 0, str(page) if page else "")
            canv.endForm()
        self.result.pages = canv.getPageNumber() - (0 if canv._code else 1)

    # The story.

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.cover()
        story += [NextPageTemplate("body"), PageBreak()]
        body: list[Flowable] = []
        body += self.about()
        body += self.at_a_glance()
        body += self.detailed()
        body += self.abstracts()
        body += self.author_index()
        story += self.contents()
        story += body
        return story

    def cover(self) -> list[Flowable]:
        c = self.conf
        out: list[Flowable] = [Spacer(1, 45 * mm)]
        out.append(self.p(c.get("title", ""), "cover_title", bold=True))
        if c.get("subtitle"):
            out.append(self.p(c["subtitle"], "cover_sub"))
        else:
            out.append(Spacer(1, 20))
        out.append(self.p(self.dates(), "cover", bold=True))
        place = ", ".join(x for x in (c.get("venue"), c.get("city")) if x)
        if place:
            out.append(self.p(place, "cover"))
        out.append(Spacer(1, 30 * mm))
        out.append(self.p(_("Programme and book of abstracts"), "cover", bold=True))
        organisations = c.get("organisations", [])
        if organisations:
            out.append(Spacer(1, 12 * mm))
            for org in organisations:
                line = org["name"] + (f" — {org['role']}" if org.get("role") else "")
                out.append(self.p(line, "cover_small"))
        return out

    def contents(self) -> list[Flowable]:
        """The table of contents: every heading registered while making the body."""
        out: list[Flowable] = [self.p(_("Contents"), "h1", bold=True)]
        for number, (text, key, level) in enumerate(self.result.contents):
            line = Paragraph(self.m(text, level == 0), self.styles[f"toc{min(level, 2)}"])
            out.append(_ContentsLine(line, key, f"pg{number}"))
        out.append(PageBreak())
        return out

    def about(self) -> list[Flowable]:
        text = (self.conf.get("about") or "").strip()
        if not text:
            return []
        title = _("About the conference")
        out = [self.heading(title, "h1", key="about", level=0, section=title)]
        out += markdown_flowables(text, self)
        out.append(PageBreak())
        return out

    def days(self) -> list[str]:
        dates = [d["date"] for d in self.data.get("days", [])]
        for s in self.data.get("sessions", []):
            if s["date"] not in dates:
                dates.append(s["date"])
        return sorted(dates)

    def sessions_on(self, date: str) -> list[dict]:
        return [s for s in self.data.get("sessions", []) if s["date"] == date]

    def at_a_glance(self) -> list[Flowable]:
        title = _("Programme at a glance")
        out: list[Flowable] = [self.heading(title, "h1", key="glance", level=0, section=title)]
        for i, date in enumerate(self.days()):
            sessions = self.sessions_on(date)
            if not sessions:
                continue
            if i:
                out.append(CondPageBreak(60 * mm))
            out.append(self.heading(self.date(date), "h2", key=f"glance-{date}", level=1))
            out += self.grid(sessions)
        out.append(PageBreak())
        return out

    def grid(self, sessions: list[dict]) -> list[Flowable]:
        """A day as a table: time slots down, rooms across; a session without a room spans
        the width. A session that collides with one already placed is listed below."""
        room_ids = [r for r in self.rooms if any(s["room"] == r for s in sessions)]
        if not room_ids:
            room_ids = [None]
        times = sorted({s["starts"] for s in sessions} | {s["ends"] for s in sessions})
        row_of = {t: i + 1 for i, t in enumerate(times)}
        ncols = len(room_ids) + 1
        nrows = len(times)  # the header and one row per slot start but the last
        cells: list[list[Any]] = [["" for _c in range(ncols)] for _r in range(nrows)]
        cells[0][0] = Paragraph("", self.styles["cell"])
        for c, rid in enumerate(room_ids, start=1):
            cells[0][c] = Paragraph(self.m(self.rooms.get(rid, ""), True), self.styles["cell"])
        for r, t in enumerate(times[:-1], start=1):
            cells[r][0] = Paragraph(t, self.styles["celltime"])
        taken: set[tuple[int, int]] = set()
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.base),
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        left_over = []
        for s in sessions:
            top, bottom = row_of[s["starts"]], row_of[s["ends"]] - 1
            cols = (
                [room_ids.index(s["room"]) + 1] if s["room"] in room_ids else list(range(1, ncols))
            )
            area = {(r, c) for r in range(top, bottom + 1) for c in cols}
            if bottom < top or area & taken:
                left_over.append(s)
                continue
            taken |= area
            label = f"{s['starts']}–{s['ends']} " + (s["title"] or _kind_label(s["kind"]))
            body = self.m(label, True)
            if s["kind"] not in ("papers",):
                body += "<br/>" + self.m(_kind_label(s["kind"]))
            if s["room"] not in room_ids and s["room"] is not None:
                body += "<br/>" + self.m(self.rooms.get(s["room"], ""))
            cells[top][cols[0]] = Paragraph(body, self.styles["cell"])
            if len(cols) > 1 or bottom > top:
                commands.append(("SPAN", (cols[0], top), (cols[-1], bottom)))
            if s["kind"] in ("break",):
                commands.append(("BACKGROUND", (cols[0], top), (cols[-1], bottom), SHADE))
        width = self.pagesize[0] - 36 * mm
        time_width = 13 * mm
        table = Table(
            cells,
            colWidths=[time_width] + [(width - time_width) / (ncols - 1)] * (ncols - 1),
            repeatRows=1,
        )
        table.setStyle(TableStyle(commands))
        out: list[Flowable] = [table, Spacer(1, 6)]
        for s in left_over:
            room = self.rooms.get(s["room"], "")
            line = f"{s['starts']}–{s['ends']} {s['title']}" + (f" ({room})" if room else "")
            out.append(self.p(line, "small"))
        return out

    def detailed(self) -> list[Flowable]:
        title = _("Detailed programme")
        out: list[Flowable] = [self.heading(title, "h1", key="detailed", level=0, section=title)]
        for i, date in enumerate(self.days()):
            sessions = self.sessions_on(date)
            if not sessions:
                continue
            if i:
                out.append(PageBreak())
            out.append(self.heading(self.date(date), "h2", key=f"day-{date}", level=1))
            for s in sessions:
                # Made when the story reaches it, so that the book is never all in memory.
                self.result.contents.append((self.session_heading(s), f"session-{s['id']}", 2))
                out.append(_Deferred(lambda s=s: self.session_block(s)))
        out.append(PageBreak())
        return out

    def session_heading(self, s: dict) -> str:
        return f"{s['starts']}–{s['ends']}  {s['title'] or _kind_label(s['kind'])}"

    def session_block(self, s: dict) -> list[Flowable]:
        head = self.session_heading(s)
        meta = [_kind_label(s["kind"])]
        if s["room"] is not None:
            meta.append(_("Room: %(room)s") % {"room": self.rooms.get(s["room"], "")})
        if s.get("theme") in self.themes:
            meta.append(self.themes[s["theme"]])
        if s.get("chair"):
            meta.append(_("Chair: %(name)s") % {"name": s["chair"]})
        top: list[Flowable] = [
            self.heading(head, "h3", key=f"session-{s['id']}", level=2, contents=False),
            self.p(" · ".join(meta), "small"),
        ]
        if s.get("description"):
            top += [self.p(para, "body") for para in _paragraphs(s["description"])]
        papers = [self.paper_line(p) for p in s.get("presentations", [])]
        return [KeepTogether(top + papers[:1]), *papers[1:]]

    def paper_line(self, p: dict) -> Paragraph:
        people = []
        for a in p["authors"]:
            name = self.m(self.author_label(a))
            if a["presenter"] and not a["withheld"]:
                name = f"<u>{name}</u>"
            if a.get("affiliation"):
                name += " " + self.m(f"({a['affiliation']})")
            people.append(name)
        text = self.m(p["title"], True) + "<br/>" + "; ".join(people)
        bullet = p["starts"] if p.get("form") != "poster" else (p.get("code") or "")
        return _Named(
            text,
            self.styles["paper"],
            names=self.author_names(p["authors"]),
            book=self,
            bulletText=bullet,
        )

    def abstracts(self) -> list[Flowable]:
        title = _("Book of abstracts")
        out: list[Flowable] = [self.heading(title, "h1", key="abstracts", level=0, section=title)]
        for s in self.data.get("sessions", []):
            if not s.get("presentations"):
                continue
            title = s["title"] or _kind_label(s["kind"])
            self.result.contents.append((title, f"abs-session-{s['id']}", 1))
            out.append(_Deferred(lambda s=s: self.abstract_session(s)))
        return out

    def abstract_session(self, s: dict) -> list[Flowable]:
        """A session's abstracts (made when the story reaches them)."""
        where = " · ".join(
            x
            for x in (
                self.date(s["date"], "D j M"),
                f"{s['starts']}–{s['ends']}",
                self.rooms.get(s["room"], ""),
            )
            if x
        )
        out: list[Flowable] = [CondPageBreak(50 * mm)]
        out.append(
            self.heading(
                s["title"] or _kind_label(s["kind"]),
                "h2",
                key=f"abs-session-{s['id']}",
                level=1,
                contents=False,
            )
        )
        out.append(self.p(where, "small"))
        for p in s["presentations"]:
            out += self.abstract(p, s)
        return out

    def abstract(self, p: dict, s: dict) -> list[Flowable]:
        head = self.heading(p["title"], "abstitle", key=f"paper-{p['id']}", level=2, contents=False)
        affiliations: list[str] = []
        names = []
        for a in p["authors"]:
            label = self.m(self.author_label(a))
            if a["presenter"] and not a["withheld"]:
                label = f"<u>{label}</u>"
            aff = a.get("affiliation")
            if aff:
                if aff not in affiliations:
                    affiliations.append(aff)
                label += f"<super>{affiliations.index(aff) + 1}</super>"
            names.append(label)
        authors = _Named(
            ", ".join(names), self.styles["body"], names=self.author_names(p["authors"]), book=self
        )
        block: list[Flowable] = [head, authors]
        if affiliations:
            block.append(
                Paragraph(
                    "<br/>".join(
                        f"<super>{i}</super> {self.m(a)}" for i, a in enumerate(affiliations, 1)
                    ),
                    self.styles["affiliations"],
                )
            )
        meta = [x for x in (p.get("code"), p.get("type"), self.themes.get(p.get("theme"))) if x]
        if p.get("form") == "poster":
            meta.append(_("Poster"))
        block.append(self.p(" · ".join(meta), "small"))
        out: list[Flowable] = [KeepTogether(block)]
        out += [self.p(para, "abstract") for para in _paragraphs(p.get("abstract", ""))]
        if p.get("keywords"):
            out.append(
                Paragraph(
                    self.m(_("Keywords"), True) + ": " + self.m(", ".join(p["keywords"])),
                    self.styles["small"],
                )
            )
        return out

    def author_index(self) -> list[Flowable]:
        title = _("Index of authors")
        head = self.heading(title, "h1", key="index", level=0, section=title)

        def make() -> list[Flowable]:
            lines: list[Flowable] = []
            for name in sorted(self.index, key=_sort_key):
                pages = ", ".join(
                    f'<a href="#page{n}" color="#0f5f6b">{n}</a>' for n in self.index[name]
                )
                lines.append(Paragraph(f"{self.m(name)}  {pages}", self.styles["index"]))
            return lines

        # Two columns; on the first page under the heading.
        return [
            NextPageTemplate("index_first"),
            PageBreak(),
            head,
            NextPageTemplate("index"),
            FrameBreak(),
            _Deferred(make),
        ]


def _withheld() -> str:
    from ..snapshot import WITHHELD

    return str(WITHHELD)


def _kind_label(kind: str) -> str:
    from ..models import SessionKind

    try:
        return str(SessionKind(kind).label)
    except ValueError:
        return kind


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _sort_key(name: str) -> tuple:
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = plain.replace("đ", "d")
    script = fontlib.runs(name)[0][0] if name else "latin"
    return (fontlib.SCRIPTS.index(script), plain, name)


_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")


def _inline(text: str) -> str:
    """Markdown inline syntax reduced to its words: links as "text (url)", no markers."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    return _EMPHASIS.sub(lambda m: m.group(2), text)


def markdown_flowables(text: str, book: _Book) -> list[Flowable]:
    """The call text (Markdown-ish): headings, bullet lists and paragraphs."""
    out: list[Flowable] = []
    bullet_style = ParagraphStyle(
        "bullet", parent=book.styles["body"], leftIndent=5 * mm, bulletIndent=1 * mm
    )
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line.rstrip() for line in block.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        heading = _HEADING.match(lines[0].strip())
        if heading:
            level = len(heading.group(1))
            out.append(book.p(_inline(heading.group(2)), "h2" if level <= 2 else "h3", bold=True))
            lines = lines[1:]
            if not lines:
                continue
        if all(_BULLET.match(line) or line.startswith("  ") for line in lines) and _BULLET.match(
            lines[0]
        ):
            items: list[str] = []
            for line in lines:
                match = _BULLET.match(line)
                if match:
                    items.append(match.group(1))
                else:
                    items[-1] += " " + line.strip()
            for item in items:
                out.append(Paragraph(book.m(_inline(item)), bullet_style, bulletText="•"))
            continue
        out.append(book.p(_inline(" ".join(line.strip() for line in lines)), "body"))
    return out


__all__ = ["PAPER_SIZES", "Rendered", "render"]

"""Visa invitation letters as PDF (reportlab). Plain data in, bytes out; no Django here."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class LetterData:
    """What one letter says. Dates are plain dates; text is already translated."""

    conference_title: str
    conference_subtitle: str
    organisers: list[str]
    venue: str
    city: str
    country: str
    start_date: dt.date
    end_date: dt.date
    contact_email: str
    applicant_name: str
    nationality: str
    passport_number: str
    travel_from: dt.date
    travel_to: dt.date
    paper_title: str
    paper_reference: str
    issued_on: dt.date
    signatory: str
    signatory_role: str = "On behalf of the organising committee"
    #: A TrueType font (regular, bold) for names beyond Latin-1 (Vietnamese diacritics...);
    #: embedded. Without it, the PDF's standard Helvetica.
    font_path: str = ""
    bold_font_path: str = ""
    #: The PDF's title metadata (default: "Invitation letter: <conference title>").
    document_title: str = ""
    extra: list[str] = field(default_factory=list)


def _date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _fonts(data: LetterData) -> tuple[str, str]:
    """The (regular, bold) font names: the given TrueType files, registered once, or the
    standard Helvetica."""
    if not data.font_path:
        return "Helvetica", "Helvetica-Bold"
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = []
    for path, name in ((data.font_path, "LetterRegular"), (data.bold_font_path, "LetterBold")):
        path = path or data.font_path
        key = f"{name}-{abs(hash(path))}"
        if key not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(key, path))
        names.append(key)
    return names[0], names[1]


def build_visa_letter(data: LetterData) -> bytes:
    """The letter as PDF bytes: the conference's letterhead, the invitation naming the
    applicant's passport details, the travel dates and the paper, and a signature block."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table

    regular, bold = _fonts(data)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=data.document_title or "Invitation letter: " + data.conference_title,
        author=", ".join(data.organisers) or data.conference_title,
        subject="Visa invitation letter",
        creator="sala",
    )
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        if hasattr(style, "fontName"):
            style.fontName = bold if "Bold" in style.fontName else regular
    head = ParagraphStyle("head", parent=styles["Title"], fontSize=16, spaceAfter=2)
    sub = ParagraphStyle("sub", parent=styles["Normal"], alignment=1, textColor=colors.grey)
    body = ParagraphStyle("body", parent=styles["Normal"], fontSize=11, leading=15, spaceAfter=8)
    e = escape
    place = ", ".join(p for p in (data.venue, data.city, data.country) if p)
    story = [
        Paragraph(e(data.conference_title), head),
        Paragraph(e(data.conference_subtitle), sub) if data.conference_subtitle else Spacer(1, 1),
        Paragraph(e(" · ".join(data.organisers)), sub) if data.organisers else Spacer(1, 1),
        Paragraph(e(f"{place} · {data.contact_email}"), sub),
        HRFlowable(width="100%", color=colors.darkblue, thickness=1.2, spaceBefore=6),
        Spacer(1, 10 * mm),
        Paragraph(e(_date(data.issued_on)), body),
        Paragraph("To the consular officer concerned,", body),
        Paragraph("<b>Re: Invitation letter for a visa application</b>", body),
        Paragraph(
            e(
                f"We are pleased to invite {data.applicant_name} to attend and present at "
                f"{data.conference_title}, held at {place} from {_date(data.start_date)} to "
                f"{_date(data.end_date)}."
            ),
            body,
        ),
        Table(
            [
                ["Name (as in passport):", data.applicant_name],
                ["Nationality:", data.nationality],
                ["Passport number:", data.passport_number],
                ["Dates of travel:", f"{_date(data.travel_from)} to {_date(data.travel_to)}"],
                ["Accepted paper:", Paragraph(e(data.paper_title), styles["Normal"])],
                ["Reference:", data.paper_reference],
            ],
            colWidths=[45 * mm, 115 * mm],
            style=[
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (0, -1), bold),
                ("FONTNAME", (1, 0), (1, -1), regular),
            ],
        ),
        Spacer(1, 6 * mm),
        Paragraph(
            e(
                "The paper named above was accepted by the conference's committee after "
                "review. This letter is issued for the purpose of the visa application only; "
                "it does not commit the organisers to any financial support."
            ),
            body,
        ),
        *[Paragraph(e(line), body) for line in data.extra],
        Paragraph(e(f"For any question, please write to {data.contact_email}."), body),
        Spacer(1, 8 * mm),
        Paragraph("Yours faithfully,", body),
        Spacer(1, 12 * mm),
        HRFlowable(width="40%", color=colors.black, thickness=0.6, hAlign="LEFT"),
        Paragraph(e(data.signatory), body),
        Paragraph(e(data.signatory_role), body),
    ]
    doc.build(story)
    return buffer.getvalue()

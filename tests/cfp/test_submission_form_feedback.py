"""What the submission form tells its author: one round of corrections, problems at their
fields, readable messages, the double-blind acknowledgement on the draft page, the
checklist after saving a draft, and the author rows."""

import pytest
from django.urls import reverse

from cfp.models import Submission, SubmissionState
from tests.cfp.conftest import complete_draft, make_draft
from tests.cfp.test_submission_views import create_url, form_data, me, rows_of, url
from tests.factories import CustomQuestionFactory
from tests.pdfs import make_pdf


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


def _summary(html: str) -> str:
    start = html.index('id="problems"')
    return html[start : html.index("</section>", start)]


def test_a_refused_submit_lists_every_problem_in_one_summary(call, author, author_client):
    data = form_data(
        call,
        [me(author), {"full_name": "Ko Ko", "email": "notanemail"}],
        keywords="a, b, c, d, e, f, g",
        abstract=" ".join(["word"] * 51),
        ethics_statement="",
        action="submit",
        **{"authors-TOTAL_FORMS": "2", "authors-INITIAL_FORMS": "1"},
    )

    response = author_client.post(create_url(call), data)

    html = response.content.decode()
    summary = _summary(html)
    assert response.status_code == 200
    assert Submission.objects.count() == 0
    assert "alert-danger" in summary
    assert "Nothing is saved yet." in summary
    assert '<a href="#id_authors-1-email">Author 2: Email</a>: Enter a valid email address.' in (
        summary
    )
    assert '<a href="#id_keywords">Keywords</a>: Give at most 6 keywords (you gave 7).' in summary
    assert (
        '<a href="#id_abstract">Abstract</a>: Research paper: the abstract may have at most '
        "50 words (yours has 51)." in summary
    )
    assert '<a href="#id_ethics_statement">Ethics statement</a>: Research paper: an ethics' in (
        summary
    )
    # The summary comes before the form; the problems are marked at their fields too.
    assert html.index('id="problems"') < html.index('class="submission-form"')
    assert 'name="keywords" value="a, b, c, d, e, f, g"' in html
    assert html.count("Give at most 6 keywords (you gave 7).") == 2


def test_the_submit_check_marks_the_fields_that_are_missing(call, author, author_client):
    submission = make_draft(call, author, keywords=["one"], ethics_statement="")

    html = author_client.get(url("submission_edit", submission) + "?check=1").content.decode()

    summary = _summary(html)
    assert "Before you can submit" in summary
    assert "alert-warning" in summary
    assert 'form-control is-invalid" aria-invalid="true"' in html
    assert '<a href="#div_id_themes">Themes</a>: Choose at least one theme.' in html
    assert html.count("Give 3 to 6 keywords (you gave 1).") == 2
    assert html.count("Research paper: an ethics statement is needed") == 2
    assert "invalid-feedback" in html[html.index('id="id_keywords"') :]


def test_saving_a_draft_lists_what_it_still_lacks_without_marking_fields_red(
    call, author, author_client
):
    submission = make_draft(call, author)
    data = form_data(
        call, rows_of(submission), submission=submission, keywords="one", ethics_statement=""
    )

    response = author_client.post(url("submission_edit", submission), data, follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(url("submission_edit", submission) + "#problems", 302)]
    assert "Draft saved." in html
    summary = _summary(html)
    assert "Still needed before you can submit" in summary
    assert "alert-info" in summary
    assert "alert-danger" not in html
    assert "Give 3 to 6 keywords (you gave 1)." in summary
    # Listed once, at the top; no field is painted as an error.
    assert html.count("Give 3 to 6 keywords (you gave 1).") == 1
    assert "is-invalid" not in html
    assert 'aria-invalid="true"' not in html


def test_a_draft_save_refused_for_a_typed_value_marks_only_that_value(call, author, author_client):
    data = form_data(
        call,
        [me(author), {"full_name": "Ko Ko", "email": "notanemail"}],
        title="",
        keywords="",
        abstract="",
        ethics_statement="",
        themes=[],
        **{"authors-TOTAL_FORMS": "2", "authors-INITIAL_FORMS": "1"},
    )

    response = author_client.post(create_url(call), data)

    html = response.content.decode()
    summary = _summary(html)
    assert response.status_code == 200
    assert '<a href="#id_authors-1-email">Author 2: Email</a>: Enter a valid email address.' in (
        summary
    )
    # Empty fields are not errors of a draft: nothing else is listed or marked.
    assert "Also needed before you can submit" not in summary
    assert "Give your submission a title." not in html
    assert html.count("is-invalid") == 1


def test_after_a_refused_draft_a_successful_save_shows_no_old_error(call, author, author_client):
    submission = make_draft(call, author)
    bad = form_data(call, rows_of(submission), submission=submission, title="T" * 301)
    refused = author_client.post(url("submission_edit", submission), bad)
    assert "Ensure this value has at most 300 characters" in refused.content.decode()

    good = form_data(call, rows_of(submission), submission=submission, title="Fixed")
    html = author_client.post(url("submission_edit", submission), good, follow=True)
    html = html.content.decode()

    assert "Draft saved." in html
    assert "Ensure this value has at most 300 characters" not in html
    assert "Your changes are not saved yet" not in html
    assert "is-invalid" not in html


def test_a_required_question_is_named_in_its_message(call, author):
    from cfp import domain

    CustomQuestionFactory(conference=call, text="Need a visa?", required=True)
    submission = complete_draft(call, author, pdf=make_pdf(pages=1))

    problems = domain.check_complete(submission)

    assert list(problems.values()) == [["Answer the question “Need a visa?”."]]


def test_withdraw_without_the_tick_says_what_to_do(call, author, author_client):
    submission = make_draft(call, author, state="submitted")

    html = author_client.post(url("submission_withdraw", submission), {}).content.decode()

    assert "Tick the box to confirm that you want to withdraw." in html


def test_submit_without_the_double_blind_acknowledgement_stays_on_the_draft_page(
    call, author, author_client
):
    submission = complete_draft(call, author, pdf=make_pdf(pages=2, author=author.full_name))

    response = author_client.post(url("submission_submit", submission), {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tick this to submit with your name visible, or upload an anonymised PDF" in html
    assert 'class="form-check-input is-invalid"' in html
    assert 'aria-describedby="acknowledge-error"' in html
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT

    author_client.post(url("submission_submit", submission), {"acknowledge_identity": "on"})
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED


def test_add_another_author_saves_and_offers_one_more_empty_row(call, author, author_client):
    submission = make_draft(call, author)
    rows = rows_of(submission) + [{"full_name": "Sokha Chan", "email": "sokha@example.org"}]
    data = form_data(
        call,
        rows,
        submission=submission,
        action="add_author",
        **{"authors-TOTAL_FORMS": "2", "authors-INITIAL_FORMS": "1"},
    )

    response = author_client.post(url("submission_edit", submission), data)

    edit = url("submission_edit", submission)
    assert response["Location"] == f"{edit}?rows=1#new-author"
    assert submission.authorships.count() == 2
    html = author_client.get(response["Location"]).content.decode()
    assert 'name="authors-2-full_name"' in html  # the new empty row
    assert 'id="new-author"' in html
    assert 'name="authors-2-DELETE"' not in html  # nothing to delete on an empty row
    assert 'name="authors-1-DELETE"' in html
    assert 'name="authors-0-DELETE"' not in html  # the submitter's own row


def test_add_another_author_with_an_empty_row_left_offers_two(call, author, author_client):
    submission = make_draft(call, author)
    data = form_data(
        call,
        rows_of(submission) + [{"country": ""}],
        submission=submission,
        action="add_author",
        **{"authors-TOTAL_FORMS": "2", "authors-INITIAL_FORMS": "1"},
    )

    response = author_client.post(url("submission_edit", submission), data)

    assert response["Location"].endswith("?rows=2#new-author")
    html = author_client.get(response["Location"]).content.decode()
    assert 'name="authors-2-full_name"' in html


def test_the_blank_extra_author_row_is_marked_as_optional(call, author, author_client):
    html = author_client.get(create_url(call)).content.decode()

    assert 'class="author-row border rounded p-3 mb-3 author-row-extra" id="new-author"' in html
    assert 'name="authors-0-DELETE"' not in html
    assert "Needed before you submit." in html


def test_dashboard_offers_a_new_submission_per_open_call(call, author, author_client):
    html = author_client.get(reverse("cfp:dashboard")).content.decode()

    assert f'href="{create_url(call)}">New submission' in html
    assert "You have no submissions yet." in html

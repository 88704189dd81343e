"""What the portal's pages say around the forms: the organiser's list and questions, the
organiser home's numbers, dates with their zone, the call page for a logged-in author, the
login page reached from "Submit a paper", and the history."""

import datetime as dt

import pytest
from django.urls import reverse

from cfp.models import SubmissionChange
from cfp.templatetags.cfp_dates import when
from tests.cfp.conftest import make_draft
from tests.cfp.test_organiser_call import details_data
from tests.factories import (
    REFERENCE_NOW,
    CustomAnswerFactory,
    CustomQuestionFactory,
    GuidingQuestionFactory,
    SubmissionFactory,
    organiser_with_mfa,
)


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


def org(name, conference, **kwargs):
    return reverse(f"cfp:{name}", kwargs={"conference": conference.slug, **kwargs})


def test_when_shows_day_month_24_hour_time_and_the_zone():
    moment = dt.datetime(2026, 12, 29, 16, 59, tzinfo=dt.UTC)

    assert when(moment, "Asia/Bangkok") == "29 Dec 2026, 23:59 (Asia/Bangkok)"
    assert when(None, "Asia/Bangkok") == ""


def test_the_organisers_list_comes_before_the_counts_with_numbered_questions(call, client):
    GuidingQuestionFactory(conference=call, text="Who decides who is a victim?")
    SubmissionFactory(conference=call, title="Listed paper", state="submitted")
    client.force_login(organiser_with_mfa(call))

    html = client.get(org("organiser_submissions", call)).content.decode()

    assert html.index("Listed paper") < html.index('id="counts-heading"')
    assert "<details" in html[html.index('id="counts-heading"') :]
    assert "Q1: Who decides who is a victim?" in html
    assert "Guiding questions no submission here addresses" not in html
    assert "Organiser area</a>" in html


def test_a_refused_details_form_lists_its_fields_and_offers_no_date_confirmation(db, client):
    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(dates_are_placeholders=True)
    client.force_login(organiser_with_mfa(conference))
    data = details_data(conference, submission_closes="2026-04-01T17:30")

    html = client.post(org("organiser_details", conference), data).content.decode()

    assert "Nothing was saved yet. Correct these fields:" in html
    assert '<a href="#id_submission_closes">Submission deadline</a>' in html
    assert "confirm them" not in html
    assert "confirm them" in client.get(org("organiser_details", conference)).content.decode()


def test_the_question_form_says_how_many_submitted_papers_lack_an_answer(call, client, author):
    answered = SubmissionFactory(conference=call, state="submitted")
    SubmissionFactory(conference=call, state="submitted")
    SubmissionFactory(conference=call, state="submitted")
    question = CustomQuestionFactory(conference=call, text="Need a visa?", required=False)
    CustomAnswerFactory(submission=answered, question=question, value="yes")
    client.force_login(organiser_with_mfa(call))

    page = client.get(org("organiser_question_edit", call, pk=question.pk)).content.decode()
    saved = client.post(
        org("organiser_question_edit", call, pk=question.pk),
        {"text": "Need a visa?", "kind": "boolean", "required": "on", "help_text": ""},
        follow=True,
    ).content.decode()

    assert "2 submitted papers have no answer to this question." in page
    assert "they stay submitted" in page
    assert "2 submitted papers have no answer to it. They stay submitted" in saved


def test_organiser_home_counts_the_submissions(call, client, author):
    SubmissionFactory(conference=call, state="submitted")
    SubmissionFactory(conference=call, state="withdrawn")
    make_draft(call, author)
    client.force_login(organiser_with_mfa(call))

    html = client.get(org("organiser_home", call)).content.decode()

    assert "1 submitted" in html
    assert "0 late drafts" in html
    assert "1 draft in progress" in html
    assert "1 withdrawn" in html
    assert "Questions for authors</a>" in html


def test_the_call_page_tells_a_logged_in_author_about_their_drafts(call, author, author_client):
    draft = make_draft(call, author)
    SubmissionFactory(conference=call, created_by=author, state="submitted")

    html = author_client.get(call.get_absolute_url()).content.decode()

    assert f'href="{draft.get_absolute_url()}">You have 1 draft — continue it</a>' in html
    assert "You have submitted 1 paper</a>" in html


def test_the_login_page_says_why_when_submit_a_paper_led_there(call, client):
    submit = reverse("cfp:submission_create", kwargs={"conference": call.slug})

    html = client.get(reverse("account_login") + f"?next={submit}").content.decode()
    plain = client.get(reverse("account_login")).content.decode()

    assert f"Log in or create an account to submit to {call.title}." in html
    assert "submit-reason" not in plain
    assert "Sign In" not in plain
    assert "<title>Log in</title>" in plain


def test_history_hides_file_hashes_and_empty_answers_from_authors(call, author, author_client):
    submission = make_draft(call, author)
    SubmissionChange.objects.create(
        submission=submission,
        action=SubmissionChange.Action.CREATED,
        by=author,
        fields=["title", "answers"],
        at=REFERENCE_NOW,
    )
    html = author_client.get(submission.get_absolute_url()).content.decode()

    assert 'data-label="Fields">title</td>' in html
    assert "answers to further questions" not in html
    assert "sha256" not in html
    assert f"({call.timezone})</time>" in html

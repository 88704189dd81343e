"""What authors read: a reference instead of the organisers' sequential number (item 10),
names and titles isolated for bidirectional text (item 4), and the copy of item 19 (no
doubled punctuation, readable roles, a "Created" entry naming only what was filled in, the
organisers' editing heading)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.text import tidy_stops
from cfp import domain
from cfp.models import Submission, SubmissionChange
from cfp.models.submission import REFERENCE_ALPHABET
from tests.cfp.conftest import complete_draft, make_draft
from tests.cfp.test_submission_views import create_url, form_data, me, url
from tests.factories import REFERENCE_NOW, AuthorshipFactory, organiser_with_mfa


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


# --- item 10: authors see a reference, never the number


def test_references_are_random_and_unique_and_numbers_stay_sequential(call, author):
    drafts = [
        domain.create_draft(
            conference=call,
            by=author,
            data=domain.SubmissionData(title=f"Draft {i}"),
            token=None,
            now=REFERENCE_NOW,
        ).submission
        for i in range(5)
    ]

    assert [d.number for d in drafts] == [1, 2, 3, 4, 5]
    references = [d.reference for d in drafts]
    assert len(set(references)) == 5
    assert all(len(r) == 8 and set(r) <= set(REFERENCE_ALPHABET) for r in references)
    assert drafts[0].public_reference == f"{references[0][:4]}-{references[0][4:]}"


def test_no_author_page_or_mail_shows_the_number(
    call, author, author_client, django_capture_on_commit_callbacks
):
    # Others before it, so that its number tells how many came first.
    for _ in range(6):
        make_draft(call, author)
    with django_capture_on_commit_callbacks(execute=True):
        submission = complete_draft(call, author, title="Between categories")
        domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    n = submission.number
    assert n > 6
    pages = [
        submission.get_absolute_url(),
        url("submission_edit", submission),
        url("submission_withdraw", submission),
        reverse("cfp:dashboard"),
        reverse("cfp:call", kwargs={"conference": call.slug}),
    ]

    for page in pages:
        response = author_client.get(page)
        html = response.content.decode()
        assert response.status_code == 200, page
        assert f"#{n}" not in html, page
        assert f"/{n}/" not in html, page
        assert submission.reference in html or page.endswith(f"/{call.slug}/"), page
    assert mail.outbox
    for message in mail.outbox:
        assert f"#{n}" not in message.subject + message.body
        assert f"/{n}/" not in message.body
        assert submission.public_reference in message.subject


def test_the_number_in_an_author_url_finds_nothing(call, author, author_client):
    submission = make_draft(call, author)

    response = author_client.get(f"/c/{call.slug}/submissions/{submission.number}/")

    assert response.status_code == 404


def test_organisers_keep_the_sequential_number(call, author, client):
    submission = complete_draft(call, author, state="submitted", submitted_at=REFERENCE_NOW)
    client.force_login(organiser_with_mfa(call))

    html = client.get(
        reverse(
            "cfp:organiser_submission_detail",
            kwargs={"conference": call.slug, "number": submission.number},
        )
    ).content.decode()

    assert f"#{submission.number}" in html


# --- item 4: names and titles isolated


def test_titles_and_names_are_isolated_on_author_pages(call, author, author_client):
    rlo = "\u202e"
    submission = complete_draft(call, author, title="עברית title")
    AuthorshipFactory(submission=submission, full_name="محمد علي", email="m@example.org")
    submission.title = f"Injected{rlo} title"  # stored before the form's cleaning existed
    submission.save()

    detail = author_client.get(submission.get_absolute_url()).content.decode()
    dashboard = author_client.get(reverse("cfp:dashboard")).content.decode()
    form = author_client.get(url("submission_edit", submission)).content.decode()

    assert f"<h1><bdi>Injected{rlo} title</bdi></h1>" in detail
    assert "<bdi>محمد علي</bdi>" in detail
    assert f"<bdi>Injected{rlo} title</bdi>" in dashboard
    assert re.search(r'<input type="text" name="title"[^>]*dir="auto"', form)
    assert re.search(r'<input type="text" name="authors-0-full_name"[^>]*dir="auto"', form)
    assert 'name="abstract" id="id_abstract" rows="10" dir="auto"' in form


# --- item 19: the copy


@pytest.mark.parametrize(
    ("text", "tidy"),
    [
        ("Submit to Victims of Human-Trafficking?.", "Submit to Victims of Human-Trafficking?"),
        ("Hello!.", "Hello!"),
        ("Acme Ltd..", "Acme Ltd."),
        ("Wait….", "Wait…"),
        ("And so on...", "And so on..."),
        ("Version 2.0 is out.", "Version 2.0 is out."),
        ("Why? Because.", "Why? Because."),
    ],
)
def test_tidy_stops(text, tidy):
    assert tidy_stops(text) == tidy


def test_a_title_ending_in_a_question_mark_gets_no_full_stop(call, client):
    call.title = "Victims of Human-Trafficking?"
    call.save()

    html = client.get(reverse("account_login") + f"?next={create_url(call)}").content.decode()

    assert "Log in or create an account to submit to Victims of Human-Trafficking?</p>" in html
    assert "?." not in html


def test_author_roles_read_as_a_list(call, author, author_client):
    submission = make_draft(call, author)

    html = author_client.get(submission.get_absolute_url()).content.decode()

    assert "presents, corresponding author, may edit</td>" in html


def test_the_created_entry_names_only_the_fields_filled_in(call, author, author_client):
    data = form_data(
        call,
        [me(author)],
        abstract="",
        keywords="",
        ethics_statement="",
        themes=[],
    )

    author_client.post(create_url(call), data)

    created = SubmissionChange.objects.get(action=SubmissionChange.Action.CREATED)
    assert created.fields == ["contribution_type", "title", "authors"]
    assert Submission.objects.get().title == "Between categories"


def test_the_organisers_editing_heading_says_after_the_deadline_only_after_it(call, author, client):
    submission = complete_draft(call, author, state="submitted", submitted_at=REFERENCE_NOW)
    client.force_login(organiser_with_mfa(call))
    page = reverse(
        "cfp:organiser_submission_detail",
        kwargs={"conference": call.slug, "number": submission.number},
    )

    html = client.get(page).content.decode()

    assert "Editing by its authors" in html
    assert "Editing after the deadline" not in html


def test_organisers_find_a_submission_by_the_reference_its_authors_quote(call, author, client):
    from cfp.search import search_submissions

    wanted = complete_draft(call, author, state="submitted", submitted_at=REFERENCE_NOW)
    complete_draft(call, author, state="submitted", submitted_at=REFERENCE_NOW)

    found = search_submissions(Submission.objects.all(), wanted.public_reference.lower())

    assert list(found) == [wanted]
    assert wanted.public_reference in domain.late_draft_message(wanted)

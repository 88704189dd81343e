"""Accepted with required revisions: the camera-ready page shows them and asks how each was
addressed (the version cannot be confirmed without it); the organisers' list shows who
addressed them, with the response. The reminder's subject is not the acceptance mail's.
The author's submission page links to the camera-ready page and the visa letter."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programme import domain
from programme.links import submission_links
from programme.models import CameraReady
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    CameraReadyFactory,
    DecisionFactory,
    SubmissionFactory,
    verified_user,
)
from tests.pdfs import make_pdf, upload

REVISIONS = "1. Shorten the literature review.\n2. Say how consent was obtained."


def _url(submission, name="programme:camera_ready"):
    return reverse(
        name, kwargs={"conference": submission.conference.slug, "reference": submission.reference}
    )


def _decide(submission, outcome="accept_revisions", *, released=True, revisions=REVISIONS):
    return DecisionFactory(
        submission=submission,
        outcome=outcome,
        required_revisions=revisions,
        released_at=REFERENCE_NOW - dt.timedelta(days=3) if released else None,
    )


def _data(submission, **overrides):
    authorships = list(submission.authorships.all())
    data = {
        "title": "Final title",
        "abstract": "Short final abstract.",
        "presenter": str(authorships[0].pk),
        "attends": "yes",
        "bio": "",
        "file": upload(make_pdf(pages=2), name="final.pdf"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor_client(client, world, frozen_now):
    client.force_login(world["editor"])
    return client


def test_required_revisions_are_shown_and_must_be_answered(editor_client, world):
    submission = world["submission"]
    _decide(submission)
    page = editor_client.get(_url(submission)).content.decode()
    assert "Revisions required by the committee" in page
    assert "Shorten the literature review." in page and "consent was obtained" in page
    assert 'name="revisions_response"' in page

    response = editor_client.post(_url(submission), _data(submission, title="Typed title"))
    assert response.status_code == 200
    assert response.context["form"].errors["revisions_response"] == [
        "Say how this version addresses each of the required revisions."
    ]
    assert 'value="Typed title"' in response.content.decode()  # what was typed is kept
    assert not CameraReady.objects.filter(submission=submission).exists()

    answer = "1. Cut to two pages.\n2. A new section on consent."
    response = editor_client.post(_url(submission), _data(submission, revisions_response=answer))
    assert response.status_code == 302
    camera = CameraReady.objects.get(submission=submission)
    assert camera.revisions_response == answer
    assert camera.confirmed_at == REFERENCE_NOW
    # Shown again, to be changed while the page is open.
    assert "A new section on consent." in editor_client.get(_url(submission)).content.decode()


def test_no_revision_asked_without_that_outcome(editor_client, world):
    submission = world["submission"]
    _decide(submission, "accept_paper", revisions="")
    page = editor_client.get(_url(submission)).content.decode()
    assert "Revisions required by the committee" not in page
    assert 'name="revisions_response"' not in page
    response = editor_client.post(
        _url(submission), _data(submission, revisions_response="sneaked in")
    )
    assert response.status_code == 302
    assert CameraReady.objects.get(submission=submission).revisions_response == ""


def test_only_the_released_decision_counts(editor_client, world):
    submission = world["submission"]
    _decide(submission, "accept_paper", revisions="")
    later = _decide(submission, released=False)  # decided after, not released yet
    later.decided_at = REFERENCE_NOW
    later.save()
    page = editor_client.get(_url(submission)).content.decode()
    assert "Shorten the literature review." not in page
    assert domain.required_revisions(submission) is None


def test_the_domain_refuses_a_version_that_does_not_answer(world, frozen_now):
    submission = world["submission"]
    _decide(submission, revisions="")
    assert domain.required_revisions(submission) == ""
    kwargs = {
        "submission": submission,
        "by": world["editor"],
        "now": REFERENCE_NOW,
        "title": "T",
        "abstract": "A",
        "presenter_id": None,
        "presenter_attends": True,
        "presenter_bio": "",
        "public": {},
        "upload": upload(make_pdf(pages=1), name="f.pdf"),
    }
    with pytest.raises(domain.RevisionsUnanswered):
        domain.save_camera_ready(**kwargs, revisions_response="   ")
    assert not CameraReady.objects.exists()
    kwargs["upload"] = upload(make_pdf(pages=1), name="f.pdf")
    camera = domain.save_camera_ready(**kwargs, revisions_response=" Done. ")
    assert camera.revisions_response == "Done."


@pytest.fixture
def organiser_client(client, world, frozen_now):
    client.force_login(world["organiser"])
    return client


def _list(client):
    return client.get(reverse("programme:organiser_camera_ready", kwargs={"conference": "mekong"}))


def test_organisers_see_who_addressed_the_revisions_and_how(organiser_client, world):
    _decide(world["submission"])  # required, not confirmed yet
    _decide(world["other"])
    CameraReadyFactory(submission=world["other"], revisions_response="We cut and added.")
    plain = SubmissionFactory(conference=world["conference"], state="accepted")
    _decide(plain, "accept_paper", revisions="")
    response = _list(organiser_client)
    rows = {r["submission"].pk: r for r in response.context["rows"]}
    assert [rows[s.pk]["revisions"] for s in (world["submission"], world["other"], plain)] == [
        True,
        True,
        False,
    ]
    assert rows[world["other"].pk]["revisions_addressed"] is True
    assert rows[world["submission"].pk]["revisions_addressed"] is False
    page = response.content.decode()
    assert page.count("Required, not addressed yet") == 1
    assert page.count("<summary>Addressed</summary>") == 1
    assert "We cut and added." in page and "Shorten the literature review." in page


def test_list_queries_do_not_grow_with_revisions(organiser_client, world):
    _decide(world["submission"])
    with CaptureQueriesContext(connection) as few:
        assert _list(organiser_client).status_code == 200
    for _ in range(4):
        user = verified_user()
        paper = SubmissionFactory(conference=world["conference"], state="accepted", created_by=user)
        AuthorshipFactory(submission=paper, user=user, is_editor=True)
        _decide(paper)
        CameraReadyFactory(submission=paper, revisions_response="Addressed all.")
    with CaptureQueriesContext(connection) as many:
        assert _list(organiser_client).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("outcome", ["accept_paper", "accept_poster", "accept_revisions"])
def test_the_reminder_subject_cannot_be_taken_for_the_acceptance_mail(
    organiser_client, world, outcome
):
    from reviews import notifications

    decision = _decide(world["submission"], outcome)
    reminder = domain.reminder_subject(world["submission"])
    acceptance, _body = notifications.render(decision)
    assert reminder.startswith("[mekong] Action needed: final version of your paper ")
    assert world["submission"].public_reference in reminder
    assert "accepted" not in reminder.lower()
    assert reminder != acceptance and "Action needed" not in acceptance
    # The list shows it, and it is the subject the reminder mail carries.
    page = _list(organiser_client).content.decode()
    assert "Reminders are mailed to each confirmed author" in page
    assert reminder.replace("[", "") in page.replace("[", "")


def test_reminder_mail_carries_the_subject_shown(
    world, frozen_now, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        domain.remind_missing(
            conference=world["conference"], by=world["organiser"], now=REFERENCE_NOW
        )
    subjects = {m.subject for m in mail.outbox if world["submission"].public_reference in m.subject}
    assert subjects == {domain.reminder_subject(world["submission"])}


# --- the links on the author's submission page (cfp.submission_links)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", []),
        ("editor", ["camera_ready", "visa_letter_request"]),
        ("coauthor", ["visa_letter_request"]),
        ("other_author", []),
        ("reviewer", []),
        ("organiser", []),
        ("foreign_organiser", []),
        ("superuser", []),
    ],
)
def test_submission_links_per_actor(world, actor, expected):
    from django.contrib.auth.models import AnonymousUser

    user = world[actor] or AnonymousUser()
    submission = world["submission"]
    assert submission_links(submission, user) == [
        (label, _url(submission, f"programme:{name}"))
        for label, name in [
            ("Final version (camera-ready)", "camera_ready"),
            ("Visa invitation letter", "visa_letter_request"),
        ]
        if name in expected
    ]


def test_no_links_before_acceptance(world):
    submission = world["submission"]
    submission.state = "submitted"
    submission.save()
    assert submission_links(submission, world["editor"]) == []


def test_the_author_page_links_to_the_camera_ready_and_the_visa_letter(client, world, frozen_now):
    submission = world["submission"]
    client.force_login(world["editor"])
    page = client.get(submission.get_absolute_url()).content.decode()
    assert f'href="{_url(submission)}"' in page
    assert f'href="{_url(submission, "programme:visa_letter_request")}"' in page
    client.force_login(world["coauthor"])
    page = client.get(submission.get_absolute_url()).content.decode()
    assert f'href="{_url(submission)}"' not in page
    assert f'href="{_url(submission, "programme:visa_letter_request")}"' in page

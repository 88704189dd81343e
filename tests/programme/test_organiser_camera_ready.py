"""The organisers' list of missing final versions, and reminders (not twice a day)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programme import domain
from programme.models import CameraReadyReminder
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    CameraReadyFactory,
    SubmissionFactory,
    verified_user,
)


@pytest.fixture
def organiser_client(client, world, frozen_now):
    client.force_login(world["organiser"])
    return client


def _list_url():
    return reverse("programme:organiser_camera_ready", kwargs={"conference": "mekong"})


def _remind_url():
    return reverse("programme:organiser_camera_ready_remind", kwargs={"conference": "mekong"})


def test_list_shows_states(organiser_client, world):
    CameraReadyFactory(submission=world["other"])
    SubmissionFactory(conference=world["conference"], state="rejected", title="Rejected one")
    page = organiser_client.get(_list_url()).content.decode()
    assert "1 accepted paper has no confirmed final version." in page
    assert world["submission"].title in page and world["other"].title in page
    assert "Rejected one" not in page
    assert page.count("Not yet") == 1 and page.count("Confirmed") == 1


def _add_accepted(conference, n):
    for _ in range(n):
        user = verified_user()
        s = SubmissionFactory(conference=conference, state="accepted", created_by=user)
        AuthorshipFactory(submission=s, user=user, is_editor=True)
        CameraReadyFactory(submission=s)


def test_list_query_count_does_not_grow(organiser_client, world):
    with CaptureQueriesContext(connection) as few:
        assert organiser_client.get(_list_url()).status_code == 200
    _add_accepted(world["conference"], 5)
    domain.remind_missing(conference=world["conference"], by=world["organiser"], now=REFERENCE_NOW)
    with CaptureQueriesContext(connection) as many:
        assert organiser_client.get(_list_url()).status_code == 200
    assert len(many) == len(few)


def test_reminder_mail_and_record(organiser_client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(_remind_url())
    assert response.status_code == 302
    # Both accepted papers are missing; each has its confirmed authors as recipients.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world["editor"].email, world["coauthor"].email, world["other_author"].email]
    )
    ref = world["submission"].public_reference
    subjects = {m.subject for m in mail.outbox}
    assert f"[mekong] Action needed: final version of your paper {ref} due 15 June 2026" in (
        subjects
    )
    for message in mail.outbox:
        assert "accepted" not in message.subject.casefold()
    reminders = CameraReadyReminder.objects.filter(submission=world["submission"])
    assert [(r.by, r.sent_at, r.recipients) for r in reminders] == [
        (world["organiser"], REFERENCE_NOW, 2)
    ]


def test_not_reminded_twice_within_a_day(
    organiser_client, world, frozen_now, django_capture_on_commit_callbacks
):
    ids = [world["submission"].pk]
    conference, organiser = world["conference"], world["organiser"]
    with django_capture_on_commit_callbacks(execute=True):
        first = domain.remind_missing(
            conference=conference, by=organiser, now=frozen_now[0], submission_ids=ids
        )
    assert first == (1, 0) and len(mail.outbox) == 2
    frozen_now[0] = REFERENCE_NOW + dt.timedelta(hours=23, minutes=59)
    organiser_client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(_remind_url(), {"submission": ids})
    assert len(mail.outbox) == 2
    assert CameraReadyReminder.objects.count() == 1
    frozen_now[0] = REFERENCE_NOW + dt.timedelta(days=1)
    organiser_client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(_remind_url(), {"submission": ids})
    assert len(mail.outbox) == 4
    assert CameraReadyReminder.objects.count() == 2


def test_confirmed_papers_are_not_reminded(world, django_capture_on_commit_callbacks):
    CameraReadyFactory(submission=world["submission"])
    CameraReadyFactory(submission=world["other"])
    with django_capture_on_commit_callbacks(execute=True):
        result = domain.remind_missing(
            conference=world["conference"], by=world["organiser"], now=REFERENCE_NOW
        )
    assert result == (0, 0)
    assert mail.outbox == []


def test_reminders_never_reach_conflicted_organisers_papers_of_other_conferences(world):
    foreign = SubmissionFactory(state="accepted")
    result = domain.remind_missing(
        conference=world["conference"],
        by=world["organiser"],
        now=REFERENCE_NOW,
        submission_ids=[foreign.pk],
    )
    assert result == (0, 0)

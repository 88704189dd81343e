"""Draft reminders: 48 and 24 hours before the deadline, to every author, never twice."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from cfp.domain import send_draft_reminders
from cfp.models import DraftReminder
from tests.cfp.conftest import make_draft
from tests.factories import REFERENCE_NOW, AuthorshipFactory, UserFactory

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def draft(call, author):
    submission = make_draft(call, author)
    sokha = UserFactory(email="sokha@example.org", full_name="Sokha Chan")
    AuthorshipFactory(
        submission=submission,
        user=sokha,
        email="sokha@example.org",
        full_name="Sokha Chan",
        confirmed_at=REFERENCE_NOW,
    )
    return submission


def test_an_unconfirmed_co_author_gets_no_reminder(
    call, author, django_capture_on_commit_callbacks
):
    submission = make_draft(call, author, title="Not for strangers")
    AuthorshipFactory(submission=submission, email="typo@example.org", full_name="Hidden")
    assert run(call.submission_closes - 47 * HOUR, django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [[author.email]]


def run(now, capture):
    with capture(execute=True):
        return send_draft_reminders(now=now)


def test_nothing_is_sent_more_than_48_hours_before(call, draft, django_capture_on_commit_callbacks):
    assert run(call.submission_closes - 49 * HOUR, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_48_hour_reminder_goes_to_every_author_once(
    call, draft, django_capture_on_commit_callbacks
):
    now = call.submission_closes - 47 * HOUR
    assert run(now, django_capture_on_commit_callbacks) == 2
    assert run(now + HOUR, django_capture_on_commit_callbacks) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["khai@example.org", "sokha@example.org"]
    assert mail.outbox[0].subject == (
        f"[mekong] Submission {draft.public_reference} is not submitted yet: 48 hours to the "
        "deadline"
    )
    assert "1 day and 23 hours left" in mail.outbox[0].body


def test_24_hour_reminder_follows_the_48_hour_one(call, draft, django_capture_on_commit_callbacks):
    run(call.submission_closes - 47 * HOUR, django_capture_on_commit_callbacks)
    assert run(call.submission_closes - 23 * HOUR, django_capture_on_commit_callbacks) == 2
    assert sorted(DraftReminder.objects.values_list("hours_before", flat=True)) == [24, 24, 48, 48]


def test_a_late_first_run_sends_only_the_nearest_reminder(
    call, draft, django_capture_on_commit_callbacks
):
    assert run(call.submission_closes - 2 * HOUR, django_capture_on_commit_callbacks) == 2
    assert set(DraftReminder.objects.values_list("hours_before", flat=True)) == {24}


def test_submitted_and_withdrawn_submissions_and_past_deadlines_get_nothing(
    call, author, django_capture_on_commit_callbacks
):
    make_draft(call, author, state="submitted")
    make_draft(call, UserFactory(), state="withdrawn")
    assert run(call.submission_closes - 2 * HOUR, django_capture_on_commit_callbacks) == 0
    make_draft(call, UserFactory())
    assert run(call.submission_closes + HOUR, django_capture_on_commit_callbacks) == 0


def test_command_is_safe_to_run_twice(call, draft, django_capture_on_commit_callbacks):
    now = (call.submission_closes - 10 * HOUR).isoformat()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_draft_reminders", now=now, stdout=out)
        call_command("send_draft_reminders", now=now, stdout=out)
    assert out.getvalue() == "2 reminder(s) queued.\n0 reminder(s) queued.\n"
    assert len(mail.outbox) == 2


def test_celery_task_runs_the_same_reminders(
    call, draft, monkeypatch, django_capture_on_commit_callbacks
):
    from cfp.tasks import send_draft_reminders as task

    monkeypatch.setattr("django.utils.timezone.now", lambda: call.submission_closes - 5 * HOUR)
    with django_capture_on_commit_callbacks(execute=True):
        assert task.delay().get() == 2
    assert len(mail.outbox) == 2


def test_each_author_is_greeted_by_their_own_name(call, draft, django_capture_on_commit_callbacks):
    run(call.submission_closes - 47 * HOUR, django_capture_on_commit_callbacks)

    greetings = sorted((m.to[0], m.body.splitlines()[0]) for m in mail.outbox)
    assert greetings == [
        ("khai@example.org", "Dear Nguyễn Thị Minh Khai,"),
        ("sokha@example.org", "Dear Sokha Chan,"),
    ]

"""The chair's cockpit: who reaches the progress page, the ranked table, its exports and the
reminders, and what each of them lists (never a conflicted submission)."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import REFERENCE_NOW, cockpit_world

pytestmark = pytest.mark.django_db

ACTORS = [
    "anonymous",
    "author",
    "coauthor",
    "reviewer_before",
    "reviewer_after",
    "unassigned",
    "conflicted_reviewer",
    "chair_a",
    "chair_b",
    "organiser",
    "conflicted_organiser",
    "superuser",
]
COCKPIT = {"chair_a", "chair_b", "organiser", "conflicted_organiser"}
SEES_PAPER = {"chair_a", "organiser"}


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)


@pytest.fixture
def world():
    return cockpit_world()


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


PAGES = ["cockpit_progress", "cockpit_ranking", "cockpit_ranking_csv", "cockpit_ranking_xlsx"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("actor", ACTORS)
def test_cockpit_access_matrix(client, world, actor, page):
    conference = world["conference"]
    response = _get(
        client, world["actors"][actor], reverse(f"reviews:{page}", args=[conference.slug])
    )
    if actor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif actor in COCKPIT:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def _text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxml"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        return "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    return response.content.decode("utf-8-sig")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("actor", sorted(COCKPIT))
def test_the_paper_is_listed_only_to_who_manages_it(client, world, actor, page):
    conference = world["conference"]
    response = _get(
        client, world["actors"][actor], reverse(f"reviews:{page}", args=[conference.slug])
    )
    text = _text(response)
    assert ("Voices at the border" in text) == (actor in SEES_PAPER)
    if page != "cockpit_progress":  # the progress page names papers with missing reviews only
        assert ("Shelter practice" in text) == (
            actor in {"chair_b", "organiser", "conflicted_organiser"}
        )


def test_an_unpublished_conference_answers_404_to_strangers(client, world):
    conference = world["conference"]
    conference.is_public = False
    conference.save()
    response = _get(
        client,
        world["actors"]["reviewer_after"],
        reverse("reviews:cockpit_progress", args=[conference.slug]),
    )
    assert response.status_code == 404


def test_a_chair_without_mfa_is_sent_to_set_it_up(client, world):
    from allauth.mfa.models import Authenticator

    chair = world["actors"]["chair_a"]
    Authenticator.objects.filter(user=chair).delete()
    response = _get(
        client, chair, reverse("reviews:cockpit_progress", args=[world["conference"].slug])
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_progress_counts_by_theme_and_reviewer(client, world):
    response = _get(
        client,
        world["actors"]["organiser"],
        reverse("reviews:cockpit_progress", args=[world["conference"].slug]),
    )
    progress = response.context["progress"]
    # The paper (3 assigned, 2 submitted) is hidden from nobody for this organiser.
    assert (progress.total.due, progress.total.done) == (3, 2)
    assert [(t, c.due, c.done) for t, c in progress.themes] == [
        ("Advocacy", 0, 0),
        ("Displacement", 3, 2),
    ]
    before = world["actors"]["reviewer_before"]
    (person,) = [p for p in progress.reviewers if p.reviewer_id == before.pk]
    assert person.missing_items == [(world["paper"].number, "Voices at the border")]
    # Not overdue before the deadline (10 June, Bangkok): the server decides.
    assert progress.is_overdue is False and progress.overdue == []


def test_overdue_after_the_deadline(client, world, monkeypatch):
    import datetime as dt

    # 10 June 2026 ends at 17:00 UTC in Bangkok.
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: dt.datetime(2026, 6, 10, 17, 0, tzinfo=dt.UTC)
    )
    response = _get(
        client,
        world["actors"]["organiser"],
        reverse("reviews:cockpit_progress", args=[world["conference"].slug]),
    )
    progress = response.context["progress"]
    assert progress.is_overdue is True
    assert [(p.reviewer_id, n) for p, n, _t in progress.overdue] == [
        (world["actors"]["reviewer_before"].pk, world["paper"].number)
    ]
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: dt.datetime(2026, 6, 10, 16, 59, tzinfo=dt.UTC)
    )
    response = client.get(reverse("reviews:cockpit_progress", args=[world["conference"].slug]))
    assert response.context["progress"].is_overdue is False


def _remind(client, user, conference, **data):
    client.force_login(user)
    return client.post(reverse("reviews:cockpit_remind", args=[conference.slug]), data, follow=True)


def test_remind_sends_one_mail_listing_what_is_missing_without_authors(
    client, world, django_capture_on_commit_callbacks
):
    conference, before = world["conference"], world["actors"]["reviewer_before"]
    with django_capture_on_commit_callbacks(execute=True):
        response = _remind(client, world["actors"]["chair_a"], conference, reviewer=before.pk)
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [before.email]
    assert "Voices at the border" in message.body
    # The link to the reviewer's queue, on the configured site address.
    queue = reverse("reviews:queue", kwargs={"conference": conference.slug})
    assert f"{settings.SALA_BASE_URL}{queue}" in message.body
    for leak in ("Zephyrine", "Quillfeather", "Oyelaran", "Ulaanbaatar", "Lagos", "rare.example"):
        assert leak not in message.body and leak not in message.subject
    from reviews.models import ReviewReminder

    (reminder,) = ReviewReminder.objects.all()
    assert reminder.missing == [world["paper"].number]
    assert reminder.sent_by == world["actors"]["chair_a"]


def test_reminder_not_twice_within_a_day(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    import datetime as dt

    conference, before = world["conference"], world["actors"]["reviewer_before"]
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, world["actors"]["chair_a"], conference, reviewer=before.pk)
    # Another organiser, 23h59 later: refused, politely, saying when the last one went.
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: REFERENCE_NOW + dt.timedelta(hours=23, minutes=59)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _remind(client, world["actors"]["organiser"], conference, reviewer=before.pk)
    assert len(mail.outbox) == 1
    assert (
        "already reminded on 1 June 2026, 7 p.m." in response.content.decode()
        or "already reminded" in response.content.decode()
    )
    # The progress page says when.
    assert response.context["progress"].reviewers[0].last_reminder == REFERENCE_NOW
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, world["actors"]["organiser"], conference, reviewer=before.pk)
    assert len(mail.outbox) == 2


def test_remind_everyone_reminds_each_reviewer_with_missing_reviews_once(
    client, world, django_capture_on_commit_callbacks
):
    conference = world["conference"]
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, world["actors"]["organiser"], conference, everyone="on")
    assert [m.to for m in mail.outbox] == [[world["actors"]["reviewer_before"].email]]
    with django_capture_on_commit_callbacks(execute=True):
        response = _remind(client, world["actors"]["organiser"], conference, everyone="on")
    assert len(mail.outbox) == 1
    assert "Nobody needed a reminder" in response.content.decode()


def test_a_chair_cannot_remind_about_another_theme(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _remind(
            client,
            world["actors"]["chair_b"],
            world["conference"],
            reviewer=world["actors"]["reviewer_before"].pk,
        )
    assert mail.outbox == []


@pytest.mark.parametrize("actor", ACTORS)
def test_reminder_mail_access_matrix(client, world, actor, django_capture_on_commit_callbacks):
    """Only who manages the paper can have its reviewer reminded of it."""
    user = world["actors"][actor]
    if user is not None:
        client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:cockpit_remind", args=[world["conference"].slug]),
            {"reviewer": world["actors"]["reviewer_before"].pk},
        )
    if actor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif actor in COCKPIT:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    assert len(mail.outbox) == (1 if actor in SEES_PAPER else 0)


def test_a_conflicted_reviewer_is_not_reminded_of_the_conflicted_paper(
    client, world, django_capture_on_commit_callbacks
):
    from reviews.models import Review

    conflicted = world["actors"]["conflicted_reviewer"]
    Review.objects.filter(reviewer=conflicted).update(state="draft")
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, world["actors"]["organiser"], world["conference"], reviewer=conflicted.pk)
    assert mail.outbox == []


def test_csv_export_neutralises_formulas(client, world):
    paper = world["paper"]
    paper.title = '=HYPERLINK("http://evil")'
    paper.save()
    response = _get(
        client,
        world["actors"]["organiser"],
        reverse("reviews:cockpit_ranking_csv", args=[world["conference"].slug]),
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in titles
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{world["conference"].slug}-ranking-'
    )

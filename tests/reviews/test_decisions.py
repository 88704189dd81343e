"""Decisions: the access matrix over every decisions page, deciding one and many, history,
releasing (state through cfp, messages queued in the same transaction), and what authors see.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

from cfp.models import SubmissionState
from reviews.domain import decisions as domain
from reviews.models import Decision, NotificationMessage, ReviewingSettings
from tests.factories import (
    REFERENCE_NOW,
    AssignmentFactory,
    AuthorshipFactory,
    ConferenceFactory,
    ConflictFactory,
    DecisionFactory,
    ReviewFactory,
    SubmissionFactory,
    ThemeFactory,
    committee_with_mfa,
    organiser_with_mfa,
    verified_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    return REFERENCE_NOW


def build_world():
    """A conference with one submission (theme A) and every kind of person around it."""
    conference = ConferenceFactory()
    theme_a = ThemeFactory(conference=conference)
    theme_b = ThemeFactory(conference=conference)
    author = verified_user(full_name="Wanwisa Distinctauthor")
    coauthor = verified_user(full_name="Khamla Coauthorname")
    submission = SubmissionFactory(
        conference=conference, created_by=author, themes=[theme_a], title="Border stories"
    )
    AuthorshipFactory(submission=submission, user=author, is_editor=True, order=0)
    AuthorshipFactory(submission=submission, user=coauthor, is_editor=False, order=1)
    reviewer = committee_with_mfa(conference, full_name="Rita Reviewername")
    AssignmentFactory(submission=submission, reviewer=reviewer)
    review = ReviewFactory(
        submission=submission,
        reviewer=reviewer,
        comments_to_authors="The fieldwork is careful.",
        confidential_comments="SECRET-NOTE for the committee only.",
    )
    unassigned = committee_with_mfa(conference)
    conflicted_reviewer = committee_with_mfa(conference)
    AssignmentFactory(submission=submission, reviewer=conflicted_reviewer)
    ConflictFactory(submission=submission, user=conflicted_reviewer)
    chair_a = committee_with_mfa(conference, role="theme_chair", themes=[theme_a])
    chair_b = committee_with_mfa(conference, role="theme_chair", themes=[theme_b])
    organiser = organiser_with_mfa(conference)
    conflicted_organiser = organiser_with_mfa(conference)
    ConflictFactory(submission=submission, user=conflicted_organiser)
    superuser = verified_user(is_superuser=True, is_staff=True)
    return SimpleNamespace(**locals())


@pytest.fixture
def world():
    return build_world()


PEOPLE = [
    "anonymous",
    "author",
    "coauthor",
    "reviewer",
    "unassigned",
    "conflicted_reviewer",
    "chair_a",
    "chair_b",
    "organiser",
    "conflicted_organiser",
    "superuser",
]


def _client(client, world, who):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    return client


def _status(response) -> int | str:
    if response.status_code == 302:
        return "login" if "/accounts/login/" in response["Location"] else 302
    return response.status_code


# Expected status of each page for each person (403: the conference is public, so its
# decisions area's existence is not secret; 404: the submission's is).
LIST = {
    "anonymous": "login",
    "author": 403,
    "coauthor": 403,
    "reviewer": 403,
    "unassigned": 403,
    "conflicted_reviewer": 403,
    "chair_a": 200,
    "chair_b": 200,
    "organiser": 200,
    "conflicted_organiser": 200,
    "superuser": 403,
}
DETAIL = {**LIST, "chair_b": 404, "conflicted_organiser": 404}
ORGANISER_ONLY = {**LIST, "chair_a": 403, "chair_b": 403}


@pytest.mark.parametrize("who", PEOPLE)
def test_access_matrix_of_decisions_pages(client, world, who):
    c = _client(client, world, who)
    slug = world.conference.slug
    number = world.submission.number
    got = {
        "list": _status(c.get(reverse("reviews:decisions", kwargs={"conference": slug}))),
        "detail": _status(
            c.get(reverse("reviews:decision_detail", kwargs={"conference": slug, "number": number}))
        ),
        "templates": _status(
            c.get(reverse("reviews:notification_templates", kwargs={"conference": slug}))
        ),
        "template": _status(
            c.get(
                reverse(
                    "reviews:notification_template",
                    kwargs={"conference": slug, "outcome": "reject"},
                )
            )
        ),
        "messages": _status(
            c.get(reverse("reviews:notification_messages", kwargs={"conference": slug}))
        ),
    }
    assert got == {
        "list": LIST[who],
        "detail": DETAIL[who],
        "templates": ORGANISER_ONLY[who],
        "template": ORGANISER_ONLY[who],
        "messages": ORGANISER_ONLY[who],
    }


BULK = {**DETAIL}  # deciding posted ids: the same people as the decision page
RELEASE = {**ORGANISER_ONLY, "conflicted_organiser": 404}


@pytest.mark.parametrize("who", PEOPLE)
def test_access_matrix_of_bulk_decision_and_release(client, world, who):
    c = _client(client, world, who)
    slug = world.conference.slug
    data = {"submission": [world.submission.pk], "outcome": "reject"}
    bulk = c.post(reverse("reviews:decisions_bulk", kwargs={"conference": slug}), data)
    decided = Decision.objects.filter(submission=world.submission).exists()
    expected = BULK[who]
    assert _status(bulk) == (302 if expected == 200 else expected)
    assert decided == (expected == 200)
    if not decided:
        DecisionFactory(submission=world.submission, outcome="reject")
    release = c.post(
        reverse("reviews:decisions_release", kwargs={"conference": slug}),
        {"submission": [world.submission.pk]},
    )
    released = Decision.objects.filter(
        submission=world.submission, released_at__isnull=False
    ).exists()
    assert _status(release) == (302 if RELEASE[who] == 200 else RELEASE[who])
    assert released == (RELEASE[who] == 200)
    retry = c.post(reverse("reviews:notification_retry", kwargs={"conference": slug}))
    assert _status(retry) == (302 if ORGANISER_ONLY[who] == 200 else ORGANISER_ONLY[who])


AUTHOR_PAGE = {
    "anonymous": "login",
    "author": 200,
    "coauthor": 200,
    "reviewer": 404,
    "unassigned": 404,
    "conflicted_reviewer": 404,
    "chair_a": 404,
    "chair_b": 404,
    "organiser": 404,
    "conflicted_organiser": 404,
    "superuser": 404,
}
RESPONSE_PAGE = {
    **dict.fromkeys(PEOPLE, 404),
    "anonymous": "login",
    "reviewer": 200,
    "chair_a": 200,
    "organiser": 200,
}


@pytest.mark.parametrize("who", PEOPLE)
def test_access_matrix_of_author_pages(client, world, who, frozen_now):
    DecisionFactory(submission=world.submission, released_at=REFERENCE_NOW)
    c = _client(client, world, who)
    author_page = c.get(
        reverse(
            "reviews:author_reviews",
            kwargs={"conference": world.conference.slug, "reference": world.submission.reference},
        )
    )
    response_page = c.get(
        reverse(
            "reviews:committee_author_response",
            kwargs={"conference": world.conference.slug, "number": world.submission.number},
        )
    )
    assert (_status(author_page), _status(response_page)) == (
        AUTHOR_PAGE[who],
        RESPONSE_PAGE[who],
    )


def test_bulk_refuses_the_whole_batch_when_one_id_is_not_yours(client, world):
    other = SubmissionFactory(conference=world.conference, themes=[world.theme_b])
    client.force_login(world.chair_a)
    response = client.post(
        reverse("reviews:decisions_bulk", kwargs={"conference": world.conference.slug}),
        {"submission": [world.submission.pk, other.pk], "outcome": "reject"},
    )
    assert response.status_code == 404
    assert Decision.objects.count() == 0


def test_bulk_from_another_page_returns_there(client, world):
    client.force_login(world.organiser)
    back = f"/c/{world.conference.slug}/committee/cockpit/ranked/?sort=mean"
    response = client.post(
        reverse("reviews:decisions_bulk", kwargs={"conference": world.conference.slug}),
        {"submission": [world.submission.pk], "outcome": "waitlist", "next": back},
    )
    assert response["Location"] == back
    assert Decision.objects.get().outcome == "waitlist"
    assert Decision.objects.get().decided_by == world.organiser


def test_decision_history_lists_every_decision(client, world):
    client.force_login(world.organiser)
    url = reverse(
        "reviews:decision_detail",
        kwargs={"conference": world.conference.slug, "number": world.submission.number},
    )
    client.post(url, {"outcome": "waitlist"})
    client.post(url, {"outcome": "accept_revisions", "required_revisions": "Shorten part 2."})
    assert list(Decision.objects.values_list("outcome", flat=True)) == [
        "accept_revisions",
        "waitlist",
    ]
    page = client.get(url).content.decode()
    assert "Shorten part 2." in page
    assert page.count("<tr><td>") == 2


def test_revisions_need_their_text(client, world):
    client.force_login(world.organiser)
    url = reverse(
        "reviews:decision_detail",
        kwargs={"conference": world.conference.slug, "number": world.submission.number},
    )
    response = client.post(url, {"outcome": "accept_revisions", "required_revisions": " "})
    assert response.status_code == 200
    assert "Say which revisions are required." in response.content.decode()
    assert Decision.objects.count() == 0


def test_poster_only_when_the_conference_offers_posters(world):
    ReviewingSettings.objects.create(conference=world.conference, offers_posters=False)
    with pytest.raises(domain.DecisionError):
        domain.decide(submission=world.submission, outcome="accept_poster", by=world.organiser)
    assert "accept_poster" not in dict(domain.allowed_outcomes(world.conference))


def test_a_draft_cannot_be_decided(world):
    draft = SubmissionFactory(conference=world.conference, state="draft", submitted_at=None)
    with pytest.raises(domain.DecisionError):
        domain.decide(submission=draft, outcome="reject", by=world.organiser)


@pytest.mark.parametrize(
    ("outcome", "state"),
    [
        ("accept_paper", SubmissionState.ACCEPTED),
        ("accept_poster", SubmissionState.ACCEPTED),
        ("accept_revisions", SubmissionState.ACCEPTED),
        ("reject", SubmissionState.REJECTED),
        ("waitlist", SubmissionState.SUBMITTED),
    ],
)
def test_release_sets_state_and_queues_one_message_per_confirmed_author(
    world, outcome, state, django_capture_on_commit_callbacks
):
    AuthorshipFactory(submission=world.submission, email="unconfirmed@example.org")
    domain.decide(
        submission=world.submission,
        outcome=outcome,
        required_revisions="Fix it." if outcome == "accept_revisions" else "",
        by=world.organiser,
    )
    with django_capture_on_commit_callbacks(execute=True):
        released = domain.release_decisions(
            submissions=[world.submission], by=world.organiser, now=REFERENCE_NOW
        )
    assert [d.released_at for d in released] == [REFERENCE_NOW]
    world.submission.refresh_from_db()
    assert world.submission.state == state
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.author.email, world.coauthor.email]
    )
    assert set(NotificationMessage.objects.values_list("state", flat=True)) == {"sent"}


def test_releasing_twice_mails_nobody_twice(world, django_capture_on_commit_callbacks):
    domain.decide(submission=world.submission, outcome="reject", by=world.organiser)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            domain.release_decisions(submissions=[world.submission], by=world.organiser)
    assert len(mail.outbox) == 2
    assert NotificationMessage.objects.count() == 2


def test_a_new_decision_after_release_is_unreleased_until_released_again(client, world):
    DecisionFactory(submission=world.submission, outcome="waitlist", released_at=REFERENCE_NOW)
    DecisionFactory(submission=world.submission, outcome="accept_paper")
    client.force_login(world.author)
    page = client.get(
        reverse(
            "reviews:author_reviews",
            kwargs={"conference": world.conference.slug, "reference": world.submission.reference},
        )
    )
    assert page.status_code == 404


def test_authors_see_nothing_before_release(client, world, frozen_now):
    DecisionFactory(submission=world.submission, outcome="accept_paper")
    client.force_login(world.author)
    detail = client.get(world.submission.get_absolute_url()).content.decode()
    assert "Reviews and decision" not in detail
    assert "Accept" not in detail
    page = client.get(
        reverse(
            "reviews:author_reviews",
            kwargs={"conference": world.conference.slug, "reference": world.submission.reference},
        )
    )
    assert page.status_code == 404


def test_authors_see_released_decision_without_reviews_unless_released(client, world):
    from reviews.models import ReviewCriterion, ReviewScore

    criterion = ReviewCriterion.objects.create(conference=world.conference, name="Originality")
    ReviewScore.objects.create(review=world.review, criterion=criterion, value=4)
    DecisionFactory(submission=world.submission, outcome="accept_paper", released_at=REFERENCE_NOW)
    client.force_login(world.coauthor)
    url = reverse(
        "reviews:author_reviews",
        kwargs={"conference": world.conference.slug, "reference": world.submission.reference},
    )
    page = client.get(url).content.decode()
    assert "Accept as a paper presentation" in page
    assert "The fieldwork is careful." not in page
    assert "Originality" not in page
    detail = client.get(world.submission.get_absolute_url()).content.decode()
    assert url in detail

    ReviewingSettings.objects.create(conference=world.conference, reviews_released_to_authors=True)
    page = client.get(url).content.decode()
    assert "Review 1" in page
    assert "The fieldwork is careful." in page
    assert "Originality" in page
    assert "4 (Very good)" in page
    assert "SECRET-NOTE" not in page
    assert "Reviewername" not in page
    assert world.reviewer.email not in page


def test_demo_decisions(world):
    from reviews.demo_decisions import add_demo_decisions

    for n in range(3):
        SubmissionFactory(conference=world.conference, title=f"Demo paper {n}")
    released = add_demo_decisions(world.conference)
    assert len(released) >= 3
    assert all(d.released_at for d in released)
    assert add_demo_decisions(world.conference) == []


@pytest.mark.parametrize("released", [False, True])
def test_decision_rules_and_queries_agree(world, released):
    from cfp.rules import allowed
    from reviews import queries, rules

    DecisionFactory(submission=world.submission, released_at=REFERENCE_NOW if released else None)
    other = SubmissionFactory(conference=world.conference, themes=[world.theme_b])
    for who in PEOPLE[1:]:
        user = getattr(world, who)
        for submission in (world.submission, other):
            assert rules.can_decide_submission(user, submission) == (
                queries.decidable_submissions(user, world.conference)
                .filter(pk=submission.pk)
                .exists()
            ), (who, submission)
            assert rules.can_read_author_response(user, submission) == (
                queries.response_readable(user, world.conference).filter(pk=submission.pk).exists()
            ), (who, submission)
            assert allowed(user, "reviews.see_released_decision", submission) == (
                queries.released_decision_submissions(user).filter(pk=submission.pk).exists()
            ), (who, submission)
    assert queries.released_decision_submissions(world.author).exists() == released


def test_record_decision_state_refuses_withdrawn_and_unknown_states(world):
    from cfp.domain.data import SubmissionClosed
    from cfp.domain.lifecycle import record_decision_state

    with pytest.raises(ValueError, match="not a decision state"):
        record_decision_state(submission=world.submission, state="draft", by=world.organiser)
    withdrawn = SubmissionFactory(conference=world.conference, state="withdrawn")
    with pytest.raises(SubmissionClosed):
        record_decision_state(submission=withdrawn, state="accepted", by=world.organiser)
    record_decision_state(submission=world.submission, state="accepted", by=world.organiser)
    world.submission.refresh_from_db()
    assert world.submission.state == "accepted"
    assert world.submission.changes.get().fields == ["state"]


def test_deciding_mails_nobody_and_changes_no_state(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        domain.decide(submission=world.submission, outcome="reject", by=world.organiser)
        domain.decide_many(submissions=[world.submission], outcome="waitlist", by=world.chair_a)
    world.submission.refresh_from_db()
    assert world.submission.state == SubmissionState.SUBMITTED
    assert mail.outbox == []
    assert not NotificationMessage.objects.exists()
    with pytest.raises(domain.DecisionError):
        domain.decide_many(
            submissions=[world.submission], outcome="accept_revisions", by=world.organiser
        )

"""The author response phase: authors read the comments to authors (numbered, no names, no
confidential comments) and answer once within the word limit; reviewers who submitted their
review and the chairs read the answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reviews.domain import decisions as domain
from reviews.models import AuthorResponse, ReviewingSettings
from tests.factories import REFERENCE_NOW, ReviewFactory
from tests.reviews.test_decisions import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    return REFERENCE_NOW


@pytest.fixture
def world(frozen_now):
    world = build_world()
    world.settings = ReviewingSettings.objects.create(
        conference=world.conference,
        author_response_opens=REFERENCE_NOW - dt.timedelta(days=1),
        author_response_closes=REFERENCE_NOW + dt.timedelta(days=1),
        author_response_word_limit=5,
    )
    world.url = reverse(
        "reviews:author_reviews",
        kwargs={"conference": world.conference.slug, "reference": world.submission.reference},
    )
    return world


def test_author_reads_comments_without_names_or_confidential_comments(client, world):
    from reviews.models import ReviewCriterion, ReviewScore

    criterion = ReviewCriterion.objects.create(conference=world.conference, name="Originality")
    ReviewScore.objects.create(review=world.review, criterion=criterion, value=4)
    ReviewFactory(submission=world.submission, state="draft", comments_to_authors="DRAFT-TEXT")
    client.force_login(world.author)
    detail = client.get(world.submission.get_absolute_url()).content.decode()
    assert world.url in detail
    page = client.get(world.url).content.decode()
    assert "Review 1" in page
    assert "The fieldwork is careful." in page
    assert "Review 2" not in page
    for secret in ("DRAFT-TEXT", "SECRET-NOTE", "Reviewername", world.reviewer.email):
        assert secret not in page
    assert 'id="decision-heading"' not in page
    assert "Originality" not in page  # scores only once released with the decision
    assert "Send my response (once)" in page


def test_editor_answers_once_within_the_limit(client, world):
    client.force_login(world.author)
    too_long = client.post(world.url, {"text": "one two three four five six"})
    assert "Your response has 6 words; the limit is 5." in too_long.content.decode()
    assert not AuthorResponse.objects.exists()
    ok = client.post(world.url, {"text": "Thank you, we agree."})
    assert ok["Location"] == world.url
    assert AuthorResponse.objects.get().text == "Thank you, we agree."
    again = client.post(world.url, {"text": "Changed."})
    assert again.status_code == 404
    assert AuthorResponse.objects.get().text == "Thank you, we agree."
    with pytest.raises(domain.DecisionError):
        domain.submit_author_response(
            submission=world.submission, text="More.", by=world.author, now=REFERENCE_NOW
        )


def test_co_author_who_is_not_an_editor_reads_but_cannot_answer(client, world):
    client.force_login(world.coauthor)
    page = client.get(world.url).content.decode()
    assert "The fieldwork is careful." in page
    assert "Send my response (once)" not in page
    assert client.post(world.url, {"text": "Hello."}).status_code == 404


def test_outside_the_phase_nothing_to_answer(client, world):
    world.settings.author_response_closes = REFERENCE_NOW
    world.settings.save()
    client.force_login(world.author)
    assert client.get(world.url).status_code == 404
    with pytest.raises(domain.DecisionError):
        domain.submit_author_response(
            submission=world.submission, text="Late.", by=world.author, now=REFERENCE_NOW
        )


def test_thai_words_counted_by_cfp_wordcount(world):
    # Thai has no spaces: 21 letters count as 6 words (refused), 20 as 5 (at the limit).
    letters = "กขคงจฉชซญฎฏฐฑฒณดตถทธน"
    with pytest.raises(domain.DecisionError, match="has 6 words"):
        domain.submit_author_response(
            submission=world.submission, text=letters, by=world.author, now=REFERENCE_NOW
        )
    domain.submit_author_response(
        submission=world.submission, text=letters[:20], by=world.author, now=REFERENCE_NOW
    )
    assert AuthorResponse.objects.count() == 1


def test_reviewers_see_the_response_only_after_their_own_review(client, world):
    AuthorResponse.objects.create(submission=world.submission, text="Our answer.")
    url = reverse(
        "reviews:committee_author_response",
        kwargs={"conference": world.conference.slug, "number": world.submission.number},
    )
    client.force_login(world.reviewer)
    assert "Our answer." in client.get(url).content.decode()
    world.review.state = "draft"
    world.review.save()
    assert client.get(url).status_code == 404
    client.force_login(world.chair_a)
    assert "Our answer." in client.get(url).content.decode()
    decision_page = reverse(
        "reviews:decision_detail",
        kwargs={"conference": world.conference.slug, "number": world.submission.number},
    )
    assert "Our answer." in client.get(decision_page).content.decode()

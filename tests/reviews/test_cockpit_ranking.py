"""The ranked table: scores from the database, sorting, filters, constant queries."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import ReviewingSettings
from tests.factories import (
    REFERENCE_NOW,
    AssignmentFactory,
    AuthorshipFactory,
    CommitteeMemberFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    ReviewCriterionFactory,
    ReviewFactory,
    ReviewScoreFactory,
    SubmissionFactory,
    ThemeFactory,
    organiser_with_mfa,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)


@pytest.fixture
def setup():
    conference = ConferenceFactory(is_public=True)
    organiser = organiser_with_mfa(conference)
    return conference, organiser


def _reviewer(conference):
    return CommitteeMemberFactory(conference=conference).user


def _review(paper, reviewer, rec, conf=3, scores=()):
    AssignmentFactory(submission=paper, reviewer=reviewer)
    review = ReviewFactory(submission=paper, reviewer=reviewer, recommendation=rec, confidence=conf)
    for criterion, value in scores:
        ReviewScoreFactory(review=review, criterion=criterion, value=value)
    return review


def _ranking(client, organiser, conference, **params):
    client.force_login(organiser)
    return client.get(reverse("reviews:cockpit_ranking", args=[conference.slug]), params)


def test_harsh_reviewer_does_not_sink_the_papers_they_were_given(client, setup):
    conference, organiser = setup
    harsh = _reviewer(conference)
    pool = [_reviewer(conference) for _ in range(3)]
    papers = [SubmissionFactory(conference=conference, title=f"P{i}") for i in range(6)]
    for i, paper in enumerate(papers):
        _review(paper, pool[i % 3], 5)
        _review(paper, pool[(i + 1) % 3], 5)
    # The harsh reviewer gives 1 to P0 and P1, and to two papers the pool rates 2.
    _review(papers[0], harsh, 1)
    _review(papers[1], harsh, 1)
    for i in range(2):
        low = SubmissionFactory(conference=conference, title=f"L{i}")
        _review(low, pool[i % 3], 2)
        _review(low, harsh, 1)
    rows = _ranking(client, organiser, conference, sort="mean").context["page"].object_list
    assert [r.title for r in rows][-4:-2] == ["P0", "P1"]  # by the raw mean they drop
    rows = _ranking(client, organiser, conference, sort="score").context["page"].object_list
    titles = [r.title for r in rows]
    assert titles.index("P1") < titles.index("L0")
    by_title = {r.title: r for r in rows}
    raw_gap = by_title["P2"].scores.review_score_mean - by_title["P0"].scores.review_score_mean
    normalised_gap = by_title["P2"].scores.normalised - by_title["P0"].scores.normalised
    # A third or more of the harsh reviewer's pull is taken out (with 4 reviews, shrinkage
    # keeps part of it).
    assert raw_gap == pytest.approx(0.8 - 1.6 / 3)
    assert 0 < normalised_gap < raw_gap * 2 / 3


def test_criteria_weights_and_flag_from_settings(client, setup):
    conference, organiser = setup
    ReviewingSettings.objects.create(conference=conference, disagreement_threshold=3)
    originality = ReviewCriterionFactory(conference=conference, name="Originality", weight=2)
    clarity = ReviewCriterionFactory(
        conference=conference,
        name="Clarity",
        required=False,
        scale=[{"value": 0, "label": "no"}, {"value": 2, "label": "yes"}],
    )
    paper = SubmissionFactory(conference=conference, title="Split")
    _review(paper, _reviewer(conference), 2, conf=1, scores=[(originality, 2)])
    _review(paper, _reviewer(conference), 5, conf=4, scores=[(originality, 4), (clarity, 2)])
    calm = SubmissionFactory(conference=conference, title="Calm")
    _review(calm, _reviewer(conference), 4)
    _review(calm, _reviewer(conference), 5)
    response = _ranking(client, organiser, conference, sort="title")
    rows = {r.title: r for r in response.context["page"].object_list}
    split = rows["Split"].scores
    assert split.recommendation_mean == 3.5
    assert split.recommendation_weighted == pytest.approx((2 + 5 * 4) / 5)
    assert split.spread == 3 and split.flagged is True
    assert split.criteria == {originality.pk: 3.0, clarity.pk: 2.0}
    assert rows["Calm"].scores.flagged is False
    html = response.content.decode()
    assert "Reviewers disagree" in html and "Originality" in html and "Clarity" in html
    flagged = _ranking(client, organiser, conference, flagged="on").context["page"].object_list
    assert [r.title for r in flagged] == ["Split"]


def test_sorting_and_filters(client, setup):
    conference, organiser = setup
    theme = ThemeFactory(conference=conference)
    kind = ContributionTypeFactory(conference=conference)
    a = SubmissionFactory(
        conference=conference, title="Alpha", themes=[theme], contribution_type=kind
    )
    b = SubmissionFactory(conference=conference, title="Beta")
    c = SubmissionFactory(conference=conference, title="Gamma")
    _review(a, _reviewer(conference), 6)
    _review(b, _reviewer(conference), 2)
    _review(b, _reviewer(conference), 3)
    AssignmentFactory(submission=c, reviewer=_reviewer(conference))  # nothing submitted

    def titles(**params):
        return [
            r.title
            for r in _ranking(client, organiser, conference, **params).context["page"].object_list
        ]

    assert titles(sort="mean") == ["Alpha", "Beta", "Gamma"]  # no score: last
    assert titles(sort="-mean") == ["Beta", "Alpha", "Gamma"]
    assert titles(sort="reviews") == ["Beta", "Alpha", "Gamma"]
    assert titles(sort="-title") == ["Gamma", "Beta", "Alpha"]
    assert titles(sort="spread") == ["Beta", "Alpha", "Gamma"]
    assert titles(theme=theme.pk) == ["Alpha"]
    assert titles(contribution_type=kind.pk) == ["Alpha"]
    assert titles(completeness="complete", sort="title") == ["Alpha", "Beta"]
    assert titles(completeness="incomplete") == ["Gamma"]
    assert titles(sort="nonsense", theme="x") == ["Alpha", "Beta", "Gamma"]


def _populate(conference, n):
    criterion = ReviewCriterionFactory(conference=conference)
    theme = ThemeFactory(conference=conference)
    reviewers = [_reviewer(conference) for _ in range(3)]
    for i in range(n):
        paper = SubmissionFactory(conference=conference, themes=[theme])
        AuthorshipFactory(submission=paper)
        for j, reviewer in enumerate(reviewers):
            _review(paper, reviewer, 1 + (i + j) % 6, scores=[(criterion, 1 + i % 5)])


# Queries of each page at any size: (aggregates cached, recomputed). The ranked pages read
# the conference's score aggregates from the cache while its reviews do not change
# (reviews.domain.cockpit.conference_scores): one query less than when they recompute them.
QUERIES = {
    "cockpit_ranking": (18, 19),
    "cockpit_progress": (14, 14),
    "cockpit_ranking_csv": (15, 16),
    "cockpit_ranking_xlsx": (15, 16),
}


def _count(client, url, *, cached: bool) -> int:
    from django.core.cache import cache

    if cached:
        client.get(url)  # the aggregates of the reviews as they are now go to the cache
    else:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", list(QUERIES))
def test_a_constant_number_of_queries(client, setup, name):
    conference, organiser = setup
    client.force_login(organiser)
    url = reverse(f"reviews:{name}", args=[conference.slug])
    _populate(conference, 1)
    client.get(url)  # warm caches (content types, sessions)
    one = (_count(client, url, cached=True), _count(client, url, cached=False))
    _populate(conference, 12)
    many = (_count(client, url, cached=True), _count(client, url, cached=False))
    assert one == many == QUERIES[name]


def test_the_database_computes_review_scores_as_the_pure_module_does(setup):
    from cfp.models import Submission
    from reviews import scoring
    from reviews.domain import cockpit

    conference, _organiser = setup
    a = ReviewCriterionFactory(conference=conference, weight=2.5)
    b = ReviewCriterionFactory(
        conference=conference, scale=[{"value": 0, "label": "x"}, {"value": 10, "label": "y"}]
    )
    c = ReviewCriterionFactory(conference=conference, weight=0)
    flat = ReviewCriterionFactory(conference=conference, scale=[{"value": 3, "label": "only"}])
    data = []
    for i, scores in enumerate([[(a, 5), (b, 3)], [(b, 12), (c, 1)], [(a, 1)], [(flat, 3)], []]):
        paper = SubmissionFactory(conference=conference)
        review = _review(paper, _reviewer(conference), 1 + i, scores=scores)
        data.append(
            scoring.ReviewData(
                paper.pk,
                review.reviewer_id,
                review.recommendation,
                review.confidence,
                {crit.pk: value for crit, value in scores},
            )
        )
    _names, criteria = cockpit.criteria_of(conference)
    expected = scoring.aggregate(data, criteria, disagreement_threshold=2)
    rows, _ = cockpit.score_rows(
        conference=conference, submissions=Submission.objects.filter(conference=conference)
    )
    for row in rows:
        assert row.scores.review_score_mean == pytest.approx(expected[row.pk].review_score_mean)
        assert row.scores.normalised == pytest.approx(expected[row.pk].normalised)
    cockpit.attach_criteria_means(rows)
    assert [r.scores.criteria for r in rows] == [expected[r.pk].criteria for r in rows]


def _table(client, organiser, conference):
    rows = _ranking(client, organiser, conference).context["page"].object_list
    return sorted((r.number, r.scores) for r in rows)


def test_cached_aggregates_are_those_computed_afresh_and_follow_every_change(client, setup):
    from django.core.cache import cache

    from reviews.domain import reviewing
    from reviews.models import Review

    conference, organiser = setup
    criterion = ReviewCriterionFactory(conference=conference)
    reviewers = [_reviewer(conference) for _ in range(3)]
    papers = [SubmissionFactory(conference=conference) for _ in range(3)]
    for i, paper in enumerate(papers):
        for j, reviewer in enumerate(reviewers):
            _review(paper, reviewer, 1 + (i + 2 * j) % 6, scores=[(criterion, 1 + (i + j) % 5)])
    fresh = _table(client, organiser, conference)
    assert _table(client, organiser, conference) == fresh  # from the cache, the same

    # The reviewer changes one score only, through the domain: the review's updated_at moves,
    # so the table is recomputed with the new score.
    review = Review.objects.get(submission=papers[0], reviewer=reviewers[0])
    before = review.updated_at
    later = REFERENCE_NOW + dt.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        reviewing.save_review(
            submission=papers[0],
            reviewer=reviewers[0],
            scores={criterion.pk: 5 if review.scores.get().value != 5 else 1},
            recommendation=review.recommendation,
            confidence=review.confidence,
            comments_to_authors=review.comments_to_authors,
            confidential_comments=review.confidential_comments,
            submit=True,
        )
    review.refresh_from_db()
    assert review.updated_at > before
    changed = _table(client, organiser, conference)
    assert changed != fresh
    cache.clear()
    assert _table(client, organiser, conference) == changed  # afresh: the same figures

    # A review deleted, or its reviewer's account gone: new figures too.
    Review.objects.filter(submission=papers[1], reviewer=reviewers[1]).delete()
    after_delete = _table(client, organiser, conference)
    assert after_delete[1][1].reviews == 2
    Review.objects.filter(submission=papers[2], reviewer=reviewers[2]).update(reviewer=None)
    detached = _table(client, organiser, conference)
    assert detached != after_delete  # the bias fit no longer knows that reviewer there
    cache.clear()
    assert _table(client, organiser, conference) == detached

    # A criterion's weight, or the disagreement threshold: new figures.
    criterion.weight = 0
    criterion.save()
    unweighted = _table(client, organiser, conference)
    assert unweighted != detached
    cache.clear()
    assert _table(client, organiser, conference) == unweighted
    ReviewingSettings.objects.update_or_create(
        conference=conference, defaults={"disagreement_threshold": 5}
    )
    flagged = _table(client, organiser, conference)
    assert [s.flagged for _n, s in flagged] != [s.flagged for _n, s in unweighted]
    cache.clear()
    assert _table(client, organiser, conference) == flagged

"""The affinity score: a weighted sum of parts, each explained."""

from __future__ import annotations

import pytest

from reviews.affinity import compute_affinities
from reviews.models import Bid
from tests.factories import CommitteeMemberFactory, SubmissionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_bid_and_theme_parts_sum_to_the_score(conference):
    theme = ThemeFactory(conference=conference)
    paper = SubmissionFactory(conference=conference, themes=[theme])
    other = SubmissionFactory(conference=conference)
    expert = CommitteeMemberFactory(conference=conference, expertise_themes=[theme]).user
    Bid.objects.create(submission=paper, user=expert, preference=Bid.Preference.EAGER)
    table = compute_affinities(conference)
    assert table.parts(expert.pk, paper.pk) == {"bid": 1.0, "theme": 0.5}
    assert table.score(expert.pk, paper.pk) == 1.5
    assert table.score(expert.pk, other.pk) == 0.0
    assert table.score(expert.pk, 10**9) == 0.0

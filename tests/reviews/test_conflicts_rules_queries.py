"""The new predicates and their querysets agree, for every actor and every submission."""

from __future__ import annotations

import pytest
import rules

from cfp.models import Submission
from reviews import queries
from tests.factories import SubmissionFactory
from tests.reviews import conflicts_world
from tests.reviews.conflicts_world import ACTORS

pytestmark = pytest.mark.django_db
now = conflicts_world.now
world = conflicts_world.world


def _papers(world):
    draft = SubmissionFactory(
        conference=world.conference,
        state="draft",
        submitted_at=None,
        created_by=world.users["author"],
        title="A draft",
    )
    withdrawn = SubmissionFactory(
        conference=world.conference, state="withdrawn", created_by=world.users["author"]
    )
    return [world.paper, world.other_paper, draft, withdrawn]


@pytest.mark.parametrize("actor", [a for a in ACTORS if a != "anonymous"])
def test_bid_on_submission_mirrors_biddable_submissions(world, actor):
    from django.contrib.auth.models import AnonymousUser

    user = world.users[actor] or AnonymousUser()
    papers = _papers(world)
    listed = set(queries.biddable_submissions(user, world.conference).values_list("pk", flat=True))
    for paper in papers:
        assert rules.has_perm("reviews.bid_on_submission", user, paper) == (paper.pk in listed), (
            paper
        )


@pytest.mark.parametrize("actor", [a for a in ACTORS if a != "anonymous"])
def test_declare_author_conflicts_mirrors_its_queryset(world, actor):
    user = world.users[actor]
    papers = _papers(world)
    listed = set(queries.author_conflict_submissions(user).values_list("pk", flat=True))
    for paper in papers:
        paper = Submission.objects.get(pk=paper.pk)
        assert rules.has_perm("reviews.declare_author_conflicts", user, paper) == (
            paper.pk in listed
        ), paper


def test_the_expected_answers(world):
    reviewer, conflicted = world.users["reviewer"], world.users["conflicted_reviewer"]
    assert rules.has_perm("reviews.bid_on_submission", reviewer, world.paper)
    assert not rules.has_perm("reviews.bid_on_submission", conflicted, world.paper)
    assert rules.has_perm("reviews.declare_author_conflicts", world.users["author"], world.paper)
    assert not rules.has_perm(
        "reviews.declare_author_conflicts", world.users["coauthor"], world.paper
    )

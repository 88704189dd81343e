"""reviews/rules.py and reviews/queries.py answer the same, for every actor and submission."""

from __future__ import annotations

import pytest
import rules

from reviews import queries
from reviews.models import CommitteeMember
from tests.factories import (
    AssignmentFactory,
    CommitteeMemberFactory,
    ConferenceFactory,
    ConflictFactory,
    SubmissionFactory,
    ThemeFactory,
    organiser_with_mfa,
    verified_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    conference = ConferenceFactory()
    displacement, advocacy = (
        ThemeFactory(conference=conference),
        ThemeFactory(conference=conference),
    )
    papers = {
        "displacement": SubmissionFactory(conference=conference, themes=[displacement]),
        "advocacy": SubmissionFactory(conference=conference, themes=[advocacy]),
        "both": SubmissionFactory(conference=conference, themes=[displacement, advocacy]),
        "conflicted": SubmissionFactory(conference=conference, themes=[displacement]),
        "draft": SubmissionFactory(
            conference=conference, themes=[displacement], state="draft", submitted_at=None
        ),
    }
    chair = CommitteeMemberFactory(
        conference=conference, role=CommitteeMember.Role.THEME_CHAIR, themes=[displacement]
    ).user
    reviewer = CommitteeMemberFactory(conference=conference).user
    organiser = organiser_with_mfa(conference)
    for user in (chair, reviewer, organiser):
        ConflictFactory(submission=papers["conflicted"], user=user)
        AssignmentFactory(submission=papers["conflicted"], reviewer=user)
    AssignmentFactory(submission=papers["advocacy"], reviewer=reviewer)
    actors = {
        "organiser": organiser,
        "chair": chair,
        "reviewer": reviewer,
        "stranger": verified_user(),
    }
    return conference, papers, actors


MANAGED = {
    "organiser": {"displacement", "advocacy", "both"},
    "chair": {"displacement", "both"},
    "reviewer": set(),
    "stranger": set(),
}
ASSIGNED = {"organiser": set(), "chair": set(), "reviewer": {"advocacy"}, "stranger": set()}


@pytest.mark.parametrize("actor", MANAGED)
def test_managed_submissions_mirror_the_rule(world, actor):
    conference, papers, actors = world
    user = actors[actor]
    by_rule = {
        name
        for name, paper in papers.items()
        if rules.has_perm("reviews.manage_submission", user, paper)
    }
    by_query = {
        name
        for name, paper in papers.items()
        if queries.managed_submissions(user, conference).filter(pk=paper.pk).exists()
    }
    assert by_rule == by_query == MANAGED[actor]


@pytest.mark.parametrize("actor", ASSIGNED)
def test_assigned_submissions_mirror_the_rule_and_a_conflict_wins(world, actor):
    conference, papers, actors = world
    user = actors[actor]
    by_rule = {
        name
        for name, paper in papers.items()
        if rules.has_perm("reviews.review_submission", user, paper)
    }
    by_query = {
        name
        for name, paper in papers.items()
        if queries.assigned_submissions(user, conference).filter(pk=paper.pk).exists()
    }
    assert by_rule == by_query == ASSIGNED[actor]


def test_committee_area_is_for_members_and_organisers(world):
    conference, _papers, actors = world
    allowed = {
        name
        for name, user in actors.items()
        if rules.has_perm("reviews.view_committee_area", user, conference)
    }
    assert allowed == {"organiser", "chair", "reviewer"}
    managers = {
        name
        for name, user in actors.items()
        if rules.has_perm("reviews.manage_committee", user, conference)
    }
    assert managers == {"organiser", "chair"}

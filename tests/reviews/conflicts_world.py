"""A conference in its bidding phase with every actor of the access tests (the conflicts
helper's fixtures, shared by test_conflicts*.py and test_bidding*.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from accounts.models import User
from cfp.models import Conference, Submission, Theme
from reviews.models import AssignmentSettings, CommitteeMember, Conflict, ConflictReason
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    CommitteeMemberFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    SubmissionFactory,
    ThemeFactory,
    organiser_with_mfa,
    verified_user,
)


def with_mfa(user: User) -> User:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


def bidding_conference(**kwargs) -> Conference:
    """A conference whose submission deadline passed a day before REFERENCE_NOW and whose
    reviewing begins ten days after: bidding is open at REFERENCE_NOW."""
    return ConferenceFactory(
        submission_opens=REFERENCE_NOW - dt.timedelta(days=40),
        submission_closes=REFERENCE_NOW - dt.timedelta(days=1),
        reviewing_opens=(REFERENCE_NOW + dt.timedelta(days=10)).date(),
        **kwargs,
    )


@dataclass
class World:
    conference: Conference
    theme_a: Theme
    theme_b: Theme
    paper: Submission
    other_paper: Submission
    users: dict[str, User | None]


ACTORS = (
    "anonymous",
    "author",
    "coauthor",
    "reviewer",
    "conflicted_reviewer",
    "chair_a",
    "chair_b",
    "organiser",
    "conflicted_organiser",
    "superuser",
)


def make_world(**conference_kwargs) -> World:
    conference = bidding_conference(**conference_kwargs)
    AssignmentSettings.objects.create(conference=conference)
    theme_a = ThemeFactory(conference=conference, title="Displacement")
    theme_b = ThemeFactory(conference=conference, title="Advocacy")
    ctype = ContributionTypeFactory(conference=conference, name="Full paper")
    author = verified_user(
        full_name="Somchai Jaidee", email="somchai@author.example", affiliation="Author Institute"
    )
    coauthor = verified_user(
        full_name="Nguyễn Thị Hoa", email="hoa@coauthor.example", affiliation="Hanoi Institute"
    )
    paper = SubmissionFactory(
        conference=conference,
        title="Paper in theme A",
        abstract="Labour migration across the Mekong and the categories of trafficking.",
        keywords=["labour migration", "Mekong"],
        contribution_type=ctype,
        themes=[theme_a],
        created_by=author,
    )
    AuthorshipFactory(
        submission=paper,
        user=author,
        email=author.email,
        affiliation="Author Institute",
        is_editor=True,
    )
    AuthorshipFactory(
        submission=paper, user=coauthor, email=coauthor.email, affiliation="Hanoi Institute"
    )
    other_paper = SubmissionFactory(
        conference=conference,
        title="Paper in theme B",
        abstract="Advocacy with and for refugees in detention.",
        keywords=["advocacy"],
        contribution_type=ctype,
        themes=[theme_b],
    )
    AuthorshipFactory(submission=other_paper, email="someone@other.example", affiliation="Other")

    def member(name, role=CommitteeMember.Role.REVIEWER, themes=(), mfa=False):
        user = verified_user(
            full_name=name,
            email=f"{name.lower().replace(' ', '.')}@committee.example",
            affiliation=f"{name} College",
        )
        if mfa:
            with_mfa(user)
        CommitteeMemberFactory(conference=conference, user=user, role=role, themes=list(themes))
        return user

    reviewer = member("Reviewer One")
    conflicted_reviewer = member("Reviewer Conflicted")
    chair_a = member("Chair A", CommitteeMember.Role.THEME_CHAIR, [theme_a], mfa=True)
    chair_b = member("Chair B", CommitteeMember.Role.THEME_CHAIR, [theme_b], mfa=True)
    organiser = organiser_with_mfa(conference, full_name="Organiser", affiliation="Org U")
    conflicted_organiser = organiser_with_mfa(
        conference, full_name="Organiser Conflicted", affiliation="Org V"
    )
    superuser = verified_user(full_name="Site Admin", is_superuser=True, is_staff=True)
    for user in (conflicted_reviewer, conflicted_organiser):
        Conflict.objects.create(
            submission=paper,
            user=user,
            source=Conflict.Source.CHAIR,
            reason=ConflictReason.COLLABORATOR,
        )
    return World(
        conference=conference,
        theme_a=theme_a,
        theme_b=theme_b,
        paper=paper,
        other_paper=other_paper,
        users={
            "anonymous": None,
            "author": author,
            "coauthor": coauthor,
            "reviewer": reviewer,
            "conflicted_reviewer": conflicted_reviewer,
            "chair_a": chair_a,
            "chair_b": chair_b,
            "organiser": organiser,
            "conflicted_organiser": conflicted_organiser,
            "superuser": superuser,
        },
    )


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    return REFERENCE_NOW


@pytest.fixture
def world(db, now) -> World:
    return make_world()


def client_for(client, world: World, actor: str):
    user = world.users[actor]
    if user is not None:
        client.force_login(user)
    return client

"""One place decides visibility: the QuerySets that views, lists, counts, searches and exports
use answer exactly what the registered permissions answer for one object, for every actor and
every kind of submission (cfp/rules.py: "Mirrors SubmissionQuerySet...")."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from cfp.models import Submission, SubmissionChange, SubmissionState
from reviews.models import CommitteeMember
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    ConferenceFactory,
    EmailAddressFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    UserFactory,
    organiser_with_mfa,
    verified_user,
)

pytestmark = pytest.mark.django_db

SUBMITTED_AT = REFERENCE_NOW
#: Every kind of submission: (name, state, submitted_at, change recorded).
KINDS = [
    ("draft", SubmissionState.DRAFT, None, None),
    ("saved draft", SubmissionState.DRAFT, None, SubmissionChange.Action.SAVED),
    ("late draft", SubmissionState.DRAFT, None, SubmissionChange.Action.LATE_POST_SAVED_AS_DRAFT),
    ("submitted", SubmissionState.SUBMITTED, SUBMITTED_AT, None),
    ("accepted", SubmissionState.ACCEPTED, SUBMITTED_AT, None),
    ("rejected", SubmissionState.REJECTED, SUBMITTED_AT, None),
    ("withdrawn once submitted", SubmissionState.WITHDRAWN, SUBMITTED_AT, None),
    ("withdrawn draft", SubmissionState.WITHDRAWN, None, None),
]
ALL = {f"{slug}: {kind[0]}" for slug in ("mekong", "elsewhere") for kind in KINDS}
SHOWN_TO_ORGANISERS = (
    "late draft",
    "submitted",
    "accepted",
    "rejected",
    "withdrawn once submitted",
)
NOTHING: set[str] = set()
#: What each actor may see, by title ("<conference slug>: <kind>").
EXPECTED = {
    "anonymous": NOTHING,
    "stranger": NOTHING,
    "submitter": ALL,
    "confirmed co-author": ALL,
    # Named with one of their verified addresses: may read the submission and confirm.
    "unconfirmed co-author": ALL,
    # Linked to the account but not confirmed yet.
    "linked unconfirmed co-author": ALL,
    # Named with an address they have not verified: a stranger until they do.
    "holder of the unverified address": NOTHING,
    "organiser with MFA": {f"mekong: {kind}" for kind in SHOWN_TO_ORGANISERS},
    # MFA is a gate of the organiser pages (cfp.access), not part of what is visible.
    "organiser without MFA": {f"mekong: {kind}" for kind in SHOWN_TO_ORGANISERS},
    "organiser of another conference": {f"elsewhere: {kind}" for kind in SHOWN_TO_ORGANISERS},
    # cfp's submission pages show reviewers and theme chairs nothing yet (reviews app).
    "reviewer": NOTHING,
    "theme chair": NOTHING,
}


@pytest.fixture
def world(db):
    mekong = ConferenceFactory(slug="mekong")
    elsewhere = ConferenceFactory(slug="elsewhere")
    submitter = verified_user(email="submitter@example.org")
    co_author = verified_user(email="co-author@example.org")
    invited = verified_user(email="invited@example.org")
    linked = verified_user(email="linked@example.org")
    unverified = UserFactory(email="unverified@example.org")
    EmailAddressFactory(user=unverified, verified=False)
    organiser_without_mfa = verified_user(email="chair-without-mfa@example.org")
    mekong.organisers.add(organiser_without_mfa)
    reviewer = verified_user(email="reviewer@example.org")
    CommitteeMember.objects.create(conference=mekong, user=reviewer)
    theme_chair = verified_user(email="theme-chair@example.org")
    CommitteeMember.objects.create(
        conference=mekong, user=theme_chair, role=CommitteeMember.Role.THEME_CHAIR
    )
    actors = {
        "anonymous": AnonymousUser(),
        "stranger": verified_user(email="stranger@example.org"),
        "submitter": submitter,
        "confirmed co-author": co_author,
        "unconfirmed co-author": invited,
        "linked unconfirmed co-author": linked,
        "holder of the unverified address": unverified,
        "organiser with MFA": organiser_with_mfa(mekong, email="chair@example.org"),
        "organiser without MFA": organiser_without_mfa,
        "organiser of another conference": organiser_with_mfa(
            elsewhere, email="elsewhere-chair@example.org"
        ),
        "reviewer": reviewer,
        "theme chair": theme_chair,
    }
    assert set(actors) == set(EXPECTED)
    for conference in (mekong, elsewhere):
        for name, state, submitted_at, change in KINDS:
            submission = SubmissionFactory(
                conference=conference,
                title=f"{conference.slug}: {name}",
                state=state,
                submitted_at=submitted_at,
                created_by=submitter,
            )
            AuthorshipFactory(submission=submission, user=submitter, is_editor=True, order=0)
            AuthorshipFactory(submission=submission, user=co_author, order=1)
            AuthorshipFactory(submission=submission, email="INVITED@example.org", order=2)
            AuthorshipFactory(submission=submission, user=linked, confirmed_at=None, order=3)
            AuthorshipFactory(submission=submission, email="unverified@example.org", order=4)
            if change:
                SubmissionChange.objects.create(submission=submission, action=change)
            SubmissionFileFactory(submission=submission)
    return SimpleNamespace(actors=actors, conferences=(mekong, elsewhere))


def titles(submissions) -> set[str]:
    return {s.title for s in submissions}


@pytest.mark.parametrize("name", EXPECTED)
def test_visible_to_holds_exactly_what_view_submission_allows(world, name):
    user = world.actors[name]
    allowed = [s for s in Submission.objects.all() if user.has_perm("cfp.view_submission", s)]

    assert titles(Submission.objects.visible_to(user)) == titles(allowed) == EXPECTED[name]


@pytest.mark.parametrize("name", EXPECTED)
def test_a_file_may_be_downloaded_exactly_when_its_submission_is_visible(world, name):
    user = world.actors[name]
    visible = set(Submission.objects.visible_to(user).values_list("pk", flat=True))

    for submission in Submission.objects.prefetch_related("files"):
        for stored in submission.files.all():
            allowed = user.has_perm("cfp.download_submission_file", stored)
            assert allowed == (submission.pk in visible), submission.title


@pytest.mark.parametrize("name", EXPECTED)
def test_for_organisers_of_holds_exactly_what_the_organiser_rule_allows(world, name):
    user = world.actors[name]

    for conference in world.conferences:
        submissions = Submission.objects.filter(conference=conference)
        allowed = [s for s in submissions if user.has_perm("cfp.view_submission_as_organiser", s)]
        if user.has_perm("cfp.organise_conference", conference):
            # The organiser pages list this set (cfp.views.organiser_submissions._visible).
            listed = Submission.objects.for_organisers_of(conference, user)
            assert titles(listed) == titles(allowed)
            assert titles(allowed) == {f"{conference.slug}: {k}" for k in SHOWN_TO_ORGANISERS}
        else:
            assert allowed == []


def test_change_submission_is_only_for_the_submitter_and_confirmed_editors(world):
    submission = Submission.objects.get(title="mekong: submitted")
    editor = world.actors["confirmed co-author"]
    submission.authorships.filter(user=editor).update(is_editor=True)

    allowed = {
        name
        for name, user in world.actors.items()
        if user.has_perm("cfp.change_submission", submission)
    }

    assert allowed == {"submitter", "confirmed co-author"}


def test_a_site_admin_gets_404_on_submissions_they_neither_author_nor_organise(world, client):
    # User.has_perm grants an active superuser every permission before any rule runs, so the
    # views decide through visible_to and the predicates, never user.has_perm: the Django
    # admin is not a way round the access rules.
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    submitted = Submission.objects.filter(state=SubmissionState.SUBMITTED).first()
    assert client.get(submitted.get_absolute_url()).status_code == 404


def test_the_rule_itself_agrees_with_visible_to_for_a_site_admin(world):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    allowed = [
        s for s in Submission.objects.all() if rules.has_perm("cfp.view_submission", admin, s)
    ]

    assert titles(Submission.objects.visible_to(admin)) == titles(allowed) == NOTHING

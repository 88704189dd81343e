import datetime as dt

import pytest

from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    CommitteeMemberFactory,
    ConferenceFactory,
    SubmissionFactory,
    UserFactory,
    organiser_with_mfa,
    verified_user,
)


@pytest.fixture
def frozen_now(monkeypatch):
    """django.utils.timezone.now() answers REFERENCE_NOW (a list, so a test can move it)."""
    clock = [REFERENCE_NOW]
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock[0])
    return clock


@pytest.fixture
def world(db):
    """An accepted paper with an editing author, a non-editing confirmed co-author, and the
    other people of the access matrix."""
    from cfp.models import ContributionType

    conference = ConferenceFactory(
        slug="mekong", camera_ready_deadline=dt.date(2026, 6, 15), max_upload_megabytes=1
    )
    ctype = ContributionType.objects.create(
        conference=conference,
        name="Research paper",
        slug="research",
        abstract_word_limit=20,
        page_limit=3,
    )
    editor = verified_user(full_name="Nguyễn Thị Minh Khai")
    coauthor = verified_user(full_name="Somchai Jaidee")
    submission = SubmissionFactory(
        conference=conference, created_by=editor, state="accepted", contribution_type=ctype
    )
    AuthorshipFactory(
        submission=submission, user=editor, is_editor=True, is_presenter=True, order=0
    )
    AuthorshipFactory(submission=submission, user=coauthor, is_editor=False, order=1)
    other_author = verified_user()
    other = SubmissionFactory(conference=conference, created_by=other_author, state="accepted")
    AuthorshipFactory(submission=other, user=other_author, is_editor=True, order=0)
    reviewer = verified_user()
    CommitteeMemberFactory(conference=conference, user=reviewer)
    organiser = organiser_with_mfa(conference, full_name="Chair Person")
    other_conference = ConferenceFactory()
    foreign_organiser = organiser_with_mfa(other_conference)
    superuser = verified_user(is_superuser=True, is_staff=True)
    return {
        "conference": conference,
        "submission": submission,
        "other": other,
        "anonymous": None,
        "editor": editor,
        "coauthor": coauthor,
        "other_author": other_author,
        "reviewer": reviewer,
        "organiser": organiser,
        "foreign_organiser": foreign_organiser,
        "superuser": superuser,
        "_unused": UserFactory,
    }

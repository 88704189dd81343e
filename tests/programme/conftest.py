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


WITHHELD_NAME = "Zawadi Hiddenname"
WITHHELD_AFFILIATION = "Secret Shelter Foundation"


@pytest.fixture
def programme_world(world):
    """``world``'s conference with a published programme (issue 13, publishing): a day,
    two rooms, a paper session holding the editor's paper (with a co-author who asked not to
    be named), a keynote with no papers, then version 1 published by the organiser."""
    from programme.domain.publishing import publish
    from tests.factories import (
        PresentationFactory,
        ProgrammeDayFactory,
        RoomFactory,
        SessionFactory,
        ThemeFactory,
    )

    conference = world["conference"]
    theme = ThemeFactory(conference=conference, title="Trafficking and labour")
    submission = world["submission"]
    submission.title = "Brokers on the Mekong"
    submission.abstract = "How recruitment brokers shape migration from Savannakhet."
    submission.keywords = ["brokers", "Lao PDR"]
    submission.save()
    submission.themes.add(theme)
    AuthorshipFactory(
        submission=submission,
        full_name=WITHHELD_NAME,
        affiliation=WITHHELD_AFFILIATION,
        email="zawadi@example.org",
        public_name=False,
        order=2,
    )
    day = ProgrammeDayFactory(conference=conference, date=conference.start_date)
    hall, side = (
        RoomFactory(conference=conference, name="Main hall"),
        RoomFactory(conference=conference, name="Room B"),
    )
    session = SessionFactory(
        conference=conference,
        day=day,
        room=side,
        theme=theme,
        title="Brokers and borders",
        starts=dt.time(9, 0),
        ends=dt.time(10, 30),
        chair_name="Dr. Chair",
    )
    presentation = PresentationFactory(session=session, submission=submission, order=0)
    keynote = SessionFactory(
        conference=conference,
        day=day,
        room=hall,
        kind="plenary",
        title="Keynote: categories that travel",
        starts=dt.time(11, 0),
        ends=dt.time(12, 0),
    )
    version = publish(
        conference=conference, by=world["organiser"], note="First programme", now=REFERENCE_NOW
    )
    return {
        **world,
        "theme": theme,
        "day": day,
        "rooms": (hall, side),
        "session": session,
        "keynote": keynote,
        "presentation": presentation,
        "version": version,
    }

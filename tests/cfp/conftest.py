import pytest

from tests.factories import REFERENCE_NOW, organiser_with_mfa

# --- organiser pages (organiser submissions / custom questions)


@pytest.fixture
def frozen_now(monkeypatch):
    """django.utils.timezone.now() answers REFERENCE_NOW for the whole test."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    return REFERENCE_NOW


@pytest.fixture
def organiser(conference):
    """An organiser of ``conference`` with MFA set up, as organiser pages require."""
    return organiser_with_mfa(conference, full_name="Chair Person")


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


# --- the author's side (submissions, uploads, dashboard)


@pytest.fixture
def call(db):
    """A published, double-blind conference open at REFERENCE_NOW (closing two days later),
    with one contribution type (50 words, 3 pages, ethics statement) and two themes."""
    import datetime as dt

    from tests.factories import (
        REFERENCE_NOW,
        ConferenceFactory,
        ContributionTypeFactory,
        ThemeFactory,
    )

    # Closes two days after REFERENCE_NOW: tests that move the clock past the deadline stay
    # within the login session's lifetime.
    conference = ConferenceFactory(
        slug="mekong",
        max_upload_megabytes=1,
        submission_closes=REFERENCE_NOW + dt.timedelta(days=2),
    )
    ContributionTypeFactory(
        conference=conference,
        name="Research paper",
        slug="research",
        abstract_word_limit=50,
        page_limit=3,
        requires_ethics_statement=True,
    )
    ThemeFactory(conference=conference, title="Categorisations", slug="categorisations")
    ThemeFactory(conference=conference, title="Assistance", slug="assistance")
    return conference


@pytest.fixture
def author(db):
    from tests.factories import verified_user

    return verified_user(full_name="Nguyễn Thị Minh Khai", email="khai@example.org")


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


def make_draft(conference, user, **kwargs):
    """A draft created by ``user`` with ``user`` as its first, confirmed, editing author."""
    from tests.factories import AuthorshipFactory, SubmissionFactory

    kwargs.setdefault("contribution_type", conference.contribution_types.first())
    kwargs.setdefault("state", "draft")
    kwargs.setdefault("submitted_at", None)
    submission = SubmissionFactory(conference=conference, created_by=user, **kwargs)
    AuthorshipFactory(
        submission=submission,
        user=user,
        is_editor=True,
        is_presenter=True,
        is_corresponding=True,
        order=0,
    )
    return submission


def complete_draft(conference, user, *, pdf: bytes | None = None, **kwargs):
    """A draft that may be submitted: every field filled in and a paper uploaded."""
    from cfp import domain
    from tests.factories import REFERENCE_NOW
    from tests.pdfs import make_pdf, upload

    kwargs.setdefault("ethics_statement", "Consent was recorded; names were never written down.")
    kwargs.setdefault("keywords", ["migration", "trafficking", "refugees"])
    submission = make_draft(conference, user, **kwargs)
    submission.themes.add(conference.themes.first())
    domain.add_file_version(
        submission=submission,
        by=user,
        kind="paper",
        upload=upload(pdf or make_pdf(pages=2)),
        now=REFERENCE_NOW,
    )
    return submission

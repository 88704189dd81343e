"""``manage.py demo`` has a committee: a theme chair per theme, reviewers with expertise in
their own words (names in the region's scripts), invitations in every state; a second run
changes nothing (issue 10, committee)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from reviews.domain.committee import display_state
from reviews.models import CommitteeMember, Invitation

LATER = dt.datetime(2031, 1, 1, 12, 0, tzinfo=dt.UTC)
DEMO_NOW = dt.datetime(2026, 6, 1, 5, 0, tzinfo=dt.UTC)  # noon in Bangkok on --today


@pytest.fixture
def clock_years_later(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: LATER)


def _snapshot():
    members = [
        (
            m.user.email,
            m.role,
            sorted(t.slug for t in m.themes.all()),
            sorted(t.slug for t in m.expertise_themes.all()),
            m.expertise,
            m.keywords,
            m.max_load,
        )
        for m in CommitteeMember.objects.order_by("user__email")
    ]
    invitations = list(
        Invitation.objects.order_by("email").values_list(
            "email", "state", "token_hash", "expires_at", "responded_at"
        )
    )
    return members, invitations


@pytest.mark.django_db
def test_the_demo_has_a_committee_and_a_second_run_changes_nothing(clock_years_later):
    out = StringIO()
    call_command("demo", today="2026-06-01", stdout=out)

    members = CommitteeMember.objects.select_related("conference", "user")
    conference = members[0].conference
    chaired = {t.slug for m in members if m.role == "theme_chair" for t in m.themes.all()}
    assert chaired == set(conference.themes.values_list("slug", flat=True))
    assert members.filter(role="reviewer").count() == 7
    assert all(m.expertise and m.keywords and m.expertise_themes.exists() for m in members)
    names = " ".join(m.user.full_name for m in members)
    for script in ("ศ", "ư", "ဦ", "ស"):  # Thai, Vietnamese, Burmese, Khmer
        assert script in names
    states = sorted(display_state(i, DEMO_NOW) for i in Invitation.objects.all())
    assert states == ["accepted", "declined", "expired", "pending", "pending", "revoked"]
    accepted = Invitation.objects.get(state="accepted")
    assert members.filter(user=accepted.accepted_by).exists()
    text = out.getvalue()
    assert "  theme_chair  chair@example.org" in text
    assert "  reviewer     reviewer1@example.org" in text
    assert "6 committee invitation(s) created." in text

    before = _snapshot()
    again = StringIO()
    call_command("demo", today="2026-06-01", stdout=again)
    assert _snapshot() == before
    assert "0 committee invitation(s) created." in again.getvalue()

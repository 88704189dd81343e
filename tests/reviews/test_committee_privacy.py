"""The committee's personal data: profiles and invitations in "download my data", and
what "delete my account" removes (issue 10, committee)."""

import datetime as dt

import pytest

from accounts.domain import delete_account, export_personal_data
from reviews.models import Invitation
from tests.factories import (
    REFERENCE_NOW,
    CommitteeMemberFactory,
    ConferenceFactory,
    EmailAddressFactory,
    InvitationFactory,
    ThemeFactory,
    verified_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    conference = ConferenceFactory(slug="mekong")
    theme = ThemeFactory(conference=conference, title="Displacement")
    person = verified_user(email="sokha@example.org")
    EmailAddressFactory(user=person, email="sokha@university.example", primary=False)
    member = CommitteeMemberFactory(
        conference=conference,
        user=person,
        expertise="Camps on the border.",
        keywords=["camps"],
        regions="Cambodia",
        languages="Khmer",
        unavailable="August",
        expertise_themes=[theme],
    )
    organiser = verified_user()
    addressed = InvitationFactory(
        conference=conference,
        name="Sokha",
        email="SOKHA@university.example",
        state="declined",
        decline_reason="Busy",
        invited_by=organiser,
        responded_at=REFERENCE_NOW,
    )
    accepted = InvitationFactory(
        conference=conference, email="old@example.org", state="accepted", accepted_by=person
    )
    sent = [InvitationFactory(conference=conference, invited_by=person) for _ in range(2)]
    other = InvitationFactory(conference=conference, invited_by=organiser)
    return member, addressed, accepted, sent, other


def test_export_has_the_profile_and_the_invitations(world):
    member, addressed, accepted, _sent, _other = world
    records = export_personal_data(user=member.user)["records"]["committee"]

    [role] = records["committee_roles"]
    assert {k: role[k] for k in ("themes_of_expertise", "expertise", "keywords", "regions")} == {
        "themes_of_expertise": ["Displacement"],
        "expertise": "Camps on the border.",
        "keywords": ["camps"],
        "regions": "Cambodia",
    }
    assert [
        (i["email"], i["state"], i["decline_reason"]) for i in records["committee_invitations"]
    ] == [
        ("SOKHA@university.example", "declined", "Busy"),
        ("old@example.org", "accepted", ""),
    ]
    assert records["committee_invitations_sent"] == [{"conference": "mekong", "count": 2}]
    exported = str(records)
    assert "invitee" not in exported  # the addresses they invited are not theirs to export


def test_deleting_the_account_removes_its_invitations_and_detaches_those_it_sent(world):
    member, addressed, accepted, sent, other = world
    delete_account(user=member.user)

    assert sorted(Invitation.objects.values_list("pk", flat=True)) == sorted(
        [sent[0].pk, sent[1].pk, other.pk]
    )
    assert [i.invited_by for i in Invitation.objects.filter(pk__in=[s.pk for s in sent])] == [
        None,
        None,
    ]
    assert Invitation.objects.get(pk=other.pk).invited_by is not None
    assert REFERENCE_NOW + dt.timedelta(days=14) == other.expires_at

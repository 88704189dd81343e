"""reviews' part of "download my data" and "delete my account": committee roles."""

import pytest

from accounts import personal_data
from accounts.domain import delete_account, export_personal_data, preview_account_deletion
from accounts.personal_data import PreviewSection
from reviews.models import CommitteeMember
from tests.factories import ConferenceFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

EMPTY_PROFILE = {
    "themes_of_expertise": [],
    "expertise": "",
    "keywords": [],
    "regions": "",
    "languages": "",
    "unavailable": "",
}


@pytest.fixture
def member():
    return UserFactory(full_name="Sokha Chan")


@pytest.fixture
def roles(member):
    mekong = ConferenceFactory(slug="mekong", title="Mekong Migration")
    andaman = ConferenceFactory(slug="andaman", title="Andaman Forum")
    second = ThemeFactory(conference=mekong, title="Assistance", order=2)
    first = ThemeFactory(conference=mekong, title="Categorisations", order=1)
    chair = CommitteeMember.objects.create(
        conference=mekong, user=member, role=CommitteeMember.Role.THEME_CHAIR, max_load=4
    )
    chair.themes.add(second, first)
    reviewer = CommitteeMember.objects.create(conference=andaman, user=member)
    # Someone else's role is neither exported nor deleted.
    CommitteeMember.objects.create(conference=mekong, user=UserFactory())
    return chair, reviewer


def test_reviews_registers_an_exporter_an_eraser_and_a_preview():
    from reviews import privacy

    assert personal_data.exporters()["committee"] is privacy.export_user_data
    assert personal_data.erasers()["committee"] is privacy.erase_user_data
    assert personal_data.deletion_previews()["committee"] is privacy.deletion_preview


def test_export_lists_my_committee_roles(member, roles):
    records = export_personal_data(user=member)["records"]

    assert records["committee"] == {
        "committee_roles": [
            {
                "conference": "andaman",
                "conference_title": "Andaman Forum",
                "role": "reviewer",
                "themes": [],
                "max_load": None,
                **EMPTY_PROFILE,
            },
            {
                "conference": "mekong",
                "conference_title": "Mekong Migration",
                "role": "theme_chair",
                "themes": ["Categorisations", "Assistance"],
                "max_load": 4,
                **EMPTY_PROFILE,
            },
        ],
        "committee_invitations": [],
        "committee_invitations_sent": [],
    }


def test_deletion_preview_names_the_roles_that_end(member, roles):
    preview = preview_account_deletion(user=member)

    assert preview.sections == [
        PreviewSection(
            "Your committee roles will end:",
            ["Reviewer, Andaman Forum", "Theme chair, Mekong Migration"],
        )
    ]
    assert preview.refusals == []


def test_deleting_the_account_deletes_only_its_memberships(member, roles):
    delete_account(user=member)

    assert list(CommitteeMember.objects.values_list("conference__slug", flat=True)) == ["mekong"]
    assert CommitteeMember.objects.get().user.full_name != "Sokha Chan"


def test_the_eraser_deletes_memberships_before_the_user_row(member, roles):
    from reviews import privacy

    privacy.erase_user_data(member)

    assert not CommitteeMember.objects.filter(user=member).exists()
    assert CommitteeMember.objects.count() == 1

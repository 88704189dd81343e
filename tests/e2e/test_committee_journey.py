"""The committee's journey in a real browser: an organiser invites a reviewer from the
committee pages; the reviewer opens the mailed link, signs up with another address,
accepts, and fills in their committee profile; on a desktop and a phone screen."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from reviews.models import CommitteeMember, Invitation
from tests.e2e.journey import Tab, path_of
from tests.factories import ConferenceFactory, ThemeFactory, organiser_with_mfa

PASSWORD = "a long passphrase for sala"


@pytest.fixture
def conference(transactional_db, frozen_now):
    conference = ConferenceFactory(
        slug="mekong", title="Irregular Migrants, Refugees or Victims?", is_public=True
    )
    ThemeFactory(conference=conference, title="Categorisations")
    ThemeFactory(conference=conference, title="Assistance")
    return conference


def _mailed_path(email: str, pattern: str) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    match = re.search(rf"https?://[^/\s]+({pattern})", message.body)
    assert match, message.body
    return match.group(1)


def test_committee_journey(page, viewport, conference, log_in, settings):
    settings.SALA_BASE_URL = "http://testserver"
    tab = Tab(page)
    organiser = organiser_with_mfa(conference, full_name="Piyanuch Srisawat")
    log_in(page, organiser)

    # The organiser finds the committee from the header, then its invitations.
    tab.goto("/dashboard/")
    tab.open_header_link("Committee")
    assert path_of(page.url) == "/c/mekong/committee/"
    page.locator("main").get_by_role("link", name="Invitations").click()
    tab.check()
    assert path_of(page.url) == "/c/mekong/committee/invitations/"

    # Invite one reviewer for a theme.
    form = page.locator("form.invite-form")
    form.get_by_label("Name").fill("Trần Văn Minh")
    form.get_by_label("Email address").fill("minh@example.org")
    form.get_by_label("Role").select_option(label="Reviewer")
    form.get_by_label("Categorisations").check()
    form.get_by_role("button", name="Send the invitation").click()
    tab.check()
    assert page.locator("table.committee-invitations tbody tr").count() == 1
    assert page.locator("tr[data-state=pending]").count() == 1
    tab.assert_fits_screen()
    tab.log_out()

    # The reviewer follows the mailed link, and signs up with another address.
    join = _mailed_path("minh@example.org", r"/c/mekong/committee/join/[^\s/]+/")
    tab.goto(join)
    page.get_by_role("link", name="Sign up to answer").click()
    tab.check()
    page.locator("[name=email]").fill("minh.tran@university.example")
    page.locator("[name=full_name]").fill("Trần Văn Minh")
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    tab.check()
    tab.goto(_mailed_path("minh.tran@university.example", r"/accounts/confirm-email/[^\s]+/"))
    page.get_by_role("button", name=re.compile("confirm", re.I)).click()
    tab.check()
    assert path_of(page.url) == join  # the token was kept through signup and confirmation

    # Accept, then fill in the committee profile.
    page.get_by_role("button", name="Accept").click()
    tab.check()
    assert path_of(page.url) == "/c/mekong/committee/profile/"
    form = page.locator("form.committee-profile-form")
    assert form.get_by_label("Categorisations").is_checked()  # the theme invited for
    form.get_by_label("Expertise in your own words").fill(
        "Marriage migration from the Mekong delta; brokers and debts."
    )
    form.get_by_label("Keywords").fill("marriage migration, brokers")
    form.get_by_label("Languages you read").fill("Vietnamese, English")
    form.get_by_role("button", name="Save the profile").click()
    tab.check()
    assert path_of(page.url) == "/c/mekong/committee/"
    tab.assert_fits_screen()
    tab.finish()

    member = CommitteeMember.objects.get(user__email="minh.tran@university.example")
    assert (member.role, member.keywords, member.languages) == (
        "reviewer",
        ["marriage migration", "brokers"],
        "Vietnamese, English",
    )
    assert Invitation.objects.get().state == "accepted"

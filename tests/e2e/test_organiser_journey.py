"""The organiser's journey in a real browser: log in with the second factor, find the
organiser area from the header, filter the submissions, open one, export them as CSV; on a
desktop and a phone screen."""

from __future__ import annotations

import csv
import io

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.e2e.journey import Tab, path_of
from tests.factories import (
    AuthorshipFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    SubmissionFactory,
    ThemeFactory,
    organiser_with_mfa,
)

PASSWORD = "correct horse battery staple"  # UserFactory's
TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # organiser_with_mfa's


def totp_code() -> str:
    # The TOTP clock is fixed for every test (tests/conftest.py); the live server runs in
    # this process and reads the same clock.
    return format_hotp_value(hotp_value(TOTP_SECRET, next(yield_hotp_counters_from_time())))


@pytest.fixture
def conference(transactional_db, frozen_now):
    # As `make run` loads the 2017 call: dates and limits are placeholders, so the organiser
    # area opens with its yellow warning (with a link in it).
    conference = ConferenceFactory(
        slug="mekong",
        title="Irregular Migrants, Refugees or Victims?",
        is_public=True,
        dates_are_placeholders=True,
    )
    paper = ContributionTypeFactory(
        conference=conference, name="Research paper", limits_are_placeholders=True
    )
    categorisations = ThemeFactory(conference=conference, title="Categorisations")
    assistance = ThemeFactory(conference=conference, title="Assistance")
    for number, (title, theme, country) in enumerate(
        [
            ("Marriage migration across the border", categorisations, "VN"),
            ("Fishing crews and debt", assistance, "KH"),
            ("Who counts as a victim?", categorisations, "TH"),
        ],
        start=1,
    ):
        submission = SubmissionFactory(
            conference=conference,
            number=number,
            title=title,
            contribution_type=paper,
            themes=[theme],
        )
        AuthorshipFactory(submission=submission, country=country, order=0)
    return conference


def test_organiser_journey(page, conference):
    tab = Tab(page)
    organiser = organiser_with_mfa(conference, full_name="Chair Person")

    # Log in: password, then the code from the authenticator app.
    tab.goto("/")
    tab.open_header_link("Log in")
    page.locator("[name=login]").fill(organiser.email)
    page.locator("[name=password]").fill(PASSWORD)
    tab.follow(page.get_by_role("button", name="Log in"))
    page.locator("[name=code]").fill(totp_code())
    # Its button's wording is allauth's ("Sign In") until the account pages speak sala's.
    tab.follow(page.locator("main form").get_by_role("button").first)
    assert path_of(page.url) == "/dashboard/"

    # The organiser area, from the header; then the submissions.
    tab.open_header_link("Organiser area")
    assert path_of(page.url) == "/c/mekong/organise/"
    assert page.locator(".alert-warning a:not(.btn)").count() == 1  # a link in the text
    tab.follow(page.locator("main").get_by_role("link", name="See the submissions"))
    assert path_of(page.url) == "/c/mekong/organise/submissions/"
    tab.assert_fits_screen()
    rows = page.locator("table.submission-table tbody tr")
    assert rows.count() == 3

    # Filter by theme.
    page.get_by_label("Theme").select_option(label="Categorisations")
    tab.follow(page.get_by_role("button", name="Show"))
    assert sorted(rows.locator("td a").all_inner_texts()) == [
        "Marriage migration across the border",
        "Who counts as a victim?",
    ]

    # Open a submission, and come back.
    tab.follow(page.get_by_role("link", name="Who counts as a victim?"))
    assert path_of(page.url) == "/c/mekong/organise/submissions/3/"
    tab.assert_fits_screen()
    page.go_back()
    tab.check()

    # Export what the filter shows, as CSV.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    with open(download.path(), encoding="utf-8-sig") as exported:
        table = list(csv.DictReader(io.StringIO(exported.read())))
    assert sorted(row["Title"] for row in table) == [
        "Marriage migration across the border",
        "Who counts as a victim?",
    ]
    tab.finish()

"""The chair's cockpit in a real browser: a theme chair opens the progress page, sends the
reminders (and is told politely that a second one must wait), opens the ranked table, sorts
it and exports it as CSV; on a desktop and a phone screen."""

from __future__ import annotations

import csv
import io

import pytest

from tests.e2e.journey import Tab, path_of
from tests.factories import (
    AssignmentFactory,
    AuthorshipFactory,
    CommitteeMemberFactory,
    ConferenceFactory,
    ReviewFactory,
    SubmissionFactory,
    ThemeFactory,
    verified_user,
    with_mfa,
)


@pytest.fixture
def setup(transactional_db, frozen_now):
    conference = ConferenceFactory(slug="mekong", title="Irregular Migrants", is_public=True)
    theme = ThemeFactory(conference=conference, title="Categorisations")
    chair = with_mfa(
        CommitteeMemberFactory(
            conference=conference,
            role="theme_chair",
            themes=[theme],
            user=verified_user(full_name="Chair"),
        ).user
    )
    late = CommitteeMemberFactory(
        conference=conference, user=verified_user(full_name="Slow Reviewer")
    ).user
    quick = CommitteeMemberFactory(
        conference=conference, user=verified_user(full_name="Quick Reviewer")
    ).user
    for number, (title, marks) in enumerate(
        [("Fishing crews and debt", (5, 6)), ("Who counts as a victim?", (2, 3))], start=1
    ):
        paper = SubmissionFactory(conference=conference, number=number, title=title, themes=[theme])
        AuthorshipFactory(submission=paper)
        for reviewer, mark in zip((quick, late), marks, strict=True):
            AssignmentFactory(submission=paper, reviewer=reviewer)
            if reviewer is quick or number == 1:
                ReviewFactory(submission=paper, reviewer=reviewer, recommendation=mark)
    return conference, chair, late


def test_cockpit_journey(page, setup, log_in):
    from django.core import mail

    _conference, chair, late = setup
    log_in(page, chair)
    tab = Tab(page)
    tab.goto("/c/mekong/cockpit/")
    assert page.get_by_role("heading", name="Reviewing progress").is_visible()
    tab.assert_fits_screen()
    assert "3 of 4 assigned reviews are submitted" in page.locator("main").inner_text()

    tab.follow(page.get_by_role("button", name="Remind every reviewer with missing reviews"))
    assert "Reminder sent to 1 reviewer(s)." in page.locator("main").inner_text()
    assert [m.to for m in mail.outbox] == [[late.email]]
    tab.follow(page.get_by_role("button", name="Remind Slow Reviewer"))
    assert "already reminded" in page.locator("main").inner_text()
    assert len(mail.outbox) == 1

    tab.follow(page.get_by_role("link", name="Ranked submissions and scores"))
    assert path_of(page.url) == "/c/mekong/cockpit/ranking/"
    titles = page.locator("table.ranking-table tbody tr td:nth-child(3) a")
    assert titles.all_inner_texts() == ["Fishing crews and debt", "Who counts as a victim?"]
    tab.follow(
        page.locator("table.ranking-table thead").get_by_role("link", name="Mean", exact=True)
    )
    # Sorted highest first; the same header again turns the order round.
    tab.follow(page.locator("table.ranking-table thead").get_by_role("link", name="Mean (sorted)"))
    assert titles.all_inner_texts() == ["Who counts as a victim?", "Fishing crews and debt"]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    with open(download_info.value.path(), encoding="utf-8-sig") as exported:
        table = list(csv.DictReader(io.StringIO(exported.read())))
    assert [row["Title"] for row in table] == ["Who counts as a victim?", "Fishing crews and debt"]
    assert [row["Mean recommendation (1-6)"] for row in table] == ["2.0", "5.5"]
    tab.finish()

"""The assignment journey in a real browser (helper `assign`): a chair runs the assignment,
reads the preview and confirms it; the reviewer finds the paper in their queue. On a desktop
and a phone screen, every page checked with axe-core."""

from __future__ import annotations

import pytest

from reviews.models import Assignment
from tests.e2e.journey import Tab, path_of
from tests.factories import (
    CommitteeMemberFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    SubmissionFactory,
    ThemeFactory,
    organiser_with_mfa,
)


@pytest.fixture
def conference(transactional_db, frozen_now):
    conference = ConferenceFactory(
        slug="mekong",
        title="Irregular Migrants, Refugees or Victims?",
        is_public=True,
        reviews_per_submission=1,
    )
    paper = ContributionTypeFactory(conference=conference, name="Research paper")
    theme = ThemeFactory(conference=conference, title="Displacement")
    SubmissionFactory(
        conference=conference,
        number=1,
        title="Fishing crews and debt",
        contribution_type=paper,
        themes=[theme],
    )
    return conference


def test_assignment_journey(page, viewport, conference, log_in):
    tab = Tab(page)
    chair = organiser_with_mfa(conference, full_name="Chair Person")
    reviewer = CommitteeMemberFactory(
        conference=conference, expertise_themes=list(conference.themes.all())
    ).user
    reviewer.full_name = "Malee Srisuk"
    reviewer.save()

    log_in(page, chair)
    tab.goto("/c/mekong/assignment/")
    tab.follow(page.get_by_role("button", name="Run the assignment"))
    assert path_of(page.url).startswith("/c/mekong/assignment/runs/")
    assert page.get_by_role("status").inner_text().startswith("Preview ready")
    assert "Malee Srisuk" in page.locator("main").inner_text()
    assert Assignment.objects.count() == 0  # nothing before the chair confirms
    tab.follow(page.get_by_role("button", name="Confirm this assignment"))
    assert "Assignment confirmed" in page.locator("main").inner_text()
    assert Assignment.objects.filter(reviewer=reviewer).count() == 1

    page.context.clear_cookies()
    log_in(page, reviewer)
    tab.goto("/c/mekong/reviewing/")
    queue = page.locator("main")
    assert "Fishing crews and debt" in queue.inner_text()
    assert "Displacement" in queue.inner_text()
    tab.finish()

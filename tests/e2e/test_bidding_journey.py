"""A reviewer bids in a real browser: with JavaScript (one click, saved without reloading
the page, htmx) and without (the same form posts and comes back to the same paper); on a
desktop and a phone screen."""

from __future__ import annotations

import pytest

from reviews.models import Bid
from tests.e2e.journey import Tab
from tests.reviews.conflicts_world import make_world


@pytest.fixture
def world(transactional_db, frozen_now):
    return make_world()


def _row(page, number):
    return page.locator(f"#s-{number}")


def test_a_reviewer_bids_with_javascript(page, viewport, world, log_in):
    tab = Tab(page)
    reviewer = world.users["reviewer"]
    log_in(page, reviewer)
    tab.goto(f"/c/{world.conference.slug}/committee/bidding/")
    page.evaluate("window.sameDocument = true")
    row = _row(page, world.paper.number)
    row.get_by_role("button", name="Eager", exact=True).click()
    row = _row(page, world.paper.number)
    row.locator(".bid-status").get_by_text("Saved.").wait_for()
    assert (
        row.get_by_role("button", name="Eager", exact=True).get_attribute("aria-pressed") == "true"
    )
    # No page load happened: the row alone was replaced.
    assert page.evaluate("window.sameDocument") is True
    assert Bid.objects.get(user=reviewer, submission=world.paper).preference == "eager"
    tab.check()
    tab.finish()


def test_a_reviewer_bids_without_javascript(new_context, live_server, world, log_in):
    context = new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        locale="en-GB",
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    reviewer = world.users["reviewer"]
    log_in(page, reviewer)
    start = f"/c/{world.conference.slug}/committee/bidding/?theme={world.theme_b.pk}"
    response = page.goto(start)
    assert response is not None and response.ok
    row = _row(page, world.other_paper.number)
    row.get_by_role("button", name="Willing", exact=True).click()
    page.wait_for_load_state("load")
    # Back on the same filtered list, at the same paper.
    assert page.url.endswith(f"{start}#s-{world.other_paper.number}")
    row = _row(page, world.other_paper.number)
    assert (
        row.get_by_role("button", name="Willing", exact=True).get_attribute("aria-pressed")
        == "true"
    )
    assert Bid.objects.get(user=reviewer, submission=world.other_paper).preference == "willing"
    # The conflict form works without JavaScript too, and the paper leaves the list.
    row.get_by_role("link", name="Conflict…").click()
    page.get_by_label("Family or personal").check()
    page.get_by_role("button", name="Declare the conflict").click()
    page.wait_for_load_state("load")
    assert page.locator(f"#s-{world.other_paper.number}").count() == 0
    assert Bid.objects.get(user=reviewer, submission=world.other_paper).preference == "conflict"
    context.close()

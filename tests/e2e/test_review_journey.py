"""A reviewer writes a review in a real browser: opens their reviews, saves a draft, comes
back to it, then submits; with and without JavaScript, on a desktop and a phone screen."""

from __future__ import annotations

import pytest

from reviews.models import Review
from tests.e2e.journey import Tab, open_tab
from tests.factories import reviewing_scene


@pytest.fixture(params=["js", "no-js"])
def review_page(request, new_context, viewport, live_server):
    """A browser tab on the live server; ``no-js``: JavaScript switched off."""
    page = open_tab(new_context, viewport, live_server.url, javascript=request.param == "js")
    page.sala_js = request.param == "js"
    return page


class PlainTab:
    """A Tab for a page without JavaScript: axe-core and the layout checks run scripts in the
    page, which a context without JavaScript cannot; the JavaScript run of the same journey
    checks them. This one only follows links and forms, as a browser without scripts does."""

    def __init__(self, page):
        self.page = page

    def goto(self, path: str):
        response = self.page.goto(path)
        assert response is not None and response.ok, (path, response and response.status)
        return self.page

    def follow(self, locator):
        with self.page.expect_navigation(wait_until="load"):
            locator.click()
        return self.page

    def finish(self) -> None:
        pass


@pytest.fixture
def scene(transactional_db, frozen_now):
    return reviewing_scene()


def test_reviewer_saves_a_draft_then_submits(review_page, scene, log_in):
    page = review_page
    tab = Tab(page) if page.sala_js else PlainTab(page)
    log_in(page, scene.reviewer_before)

    # The one queue: the paper, its state, the time left, write and decline.
    tab.goto(f"/c/{scene.conference.slug}/reviewing/")
    item = page.locator("article.queue-item")
    assert "Not started" in item.inner_text()
    assert "14 days and 5 hours left" in item.inner_text()
    assert item.get_by_role("link", name="Decline").is_visible()
    tab.follow(item.get_by_role("link", name="Write your review"))
    assert page.get_by_text("Hidden: the review is double-blind.").is_visible()

    # A draft: one score and the start of the comments.
    page.get_by_role("group", name="Relevance").get_by_label("4 · Very good").check()
    page.get_by_label("Comments to the authors").fill("The interviews are rich.")
    tab.follow(page.get_by_role("button", name="Save draft"))
    assert page.get_by_text("Your draft is saved; it is not submitted yet.").is_visible()
    review = Review.objects.get(reviewer=scene.reviewer_before)
    assert (review.state, review.comments_to_authors) == ("draft", "The interviews are rich.")

    # Submitting without the rest is refused, and nothing typed is lost.
    tab.follow(page.get_by_role("button", name="Submit review"))
    assert page.get_by_role(
        "heading", name="Nothing was saved yet. Correct these fields:"
    ).is_visible()
    assert page.get_by_label("Comments to the authors").input_value() == "The interviews are rich."

    page.get_by_role("group", name="Clarity").get_by_label("3 · Good").check()
    page.get_by_role("group", name="Overall recommendation").get_by_label(
        "Accept", exact=True
    ).check()
    page.get_by_role("group", name="Your confidence").get_by_label("Good: I know the area").check()
    tab.follow(page.get_by_role("button", name="Submit review"))
    assert page.get_by_text("Your review is submitted. Thank you.").is_visible()
    # Now the other review shows, anonymously.
    assert page.get_by_role("heading", name="Reviewer 1").is_visible()

    # Back in the queue the paper is submitted, and can no longer be declined.
    tab.follow(
        page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Your reviews")
    )
    item = page.locator("article.queue-item")
    assert "Submitted" in item.inner_text()
    assert item.get_by_role("link", name="Edit your review").is_visible()
    assert item.get_by_role("link", name="Decline").count() == 0

    review.refresh_from_db()
    assert (review.state, review.recommendation, review.confidence) == ("submitted", 5, 3)
    assert sorted(review.scores.values_list("criterion__name", "value")) == [
        ("Clarity", 3),
        ("Relevance", 4),
    ]
    tab.finish()

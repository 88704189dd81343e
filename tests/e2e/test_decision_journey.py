"""The decision journey in a real browser: a chair decides one paper on its decision page,
two more in bulk from the decisions list, releases two decisions (the mails go out), and an
author then finds the decision from their submission's page; the undecided author finds
nothing."""

from __future__ import annotations

import pytest
from django.core import mail

from cfp.models import SubmissionState
from reviews.models import Decision, NotificationMessage
from tests.e2e.journey import Tab, path_of
from tests.factories import (
    AuthorshipFactory,
    ConferenceFactory,
    SubmissionFactory,
    organiser_with_mfa,
    verified_user,
)


@pytest.fixture
def conference(transactional_db, frozen_now):
    return ConferenceFactory(slug="mekong", title="Irregular Migrants, Refugees or Victims?")


def test_decision_journey(page, conference, log_in):
    papers, authors = [], []
    for number, title in enumerate(
        ["Marriage migration across the border", "Fishing crews and debt", "Who is a victim?"],
        start=1,
    ):
        author = verified_user(full_name=f"Author {number}")
        paper = SubmissionFactory(
            conference=conference, number=number, title=title, created_by=author
        )
        AuthorshipFactory(submission=paper, user=author, is_editor=True)
        papers.append(paper)
        authors.append(author)
    chair = organiser_with_mfa(conference, full_name="Chair Person")
    tab = Tab(page)
    log_in(page, chair)

    # One paper on its decision page.
    tab.goto("/c/mekong/committee/decisions/")
    tab.follow(page.get_by_role("link", name="Marriage migration across the border"))
    assert path_of(page.url) == "/c/mekong/committee/decisions/1/"
    page.get_by_label("Accept as a paper presentation").check()
    tab.follow(page.get_by_role("button", name="Record decision"))
    assert page.locator("main").get_by_text("Current decision: Accept as a paper presentation")

    # Two in bulk from the list.
    tab.goto("/c/mekong/committee/decisions/")
    page.get_by_label("Select submission 2").check()
    page.get_by_label("Select submission 3").check()
    page.locator("#bulk-outcome").select_option("reject")
    tab.follow(page.get_by_role("button", name="Record decision"))
    assert path_of(page.url) == "/c/mekong/committee/decisions/"
    assert sorted(Decision.objects.values_list("submission__number", "outcome")) == [
        (1, "accept_paper"),
        (2, "reject"),
        (3, "reject"),
    ]

    # Release papers 1 and 2: the mails go out with the release.
    page.get_by_label("Select submission 1").check()
    page.get_by_label("Select submission 2").check()
    tab.follow(page.get_by_role("button", name="Release the selected decisions"))
    assert path_of(page.url) == "/c/mekong/committee/decisions/mails/sent/"
    assert page.get_by_text("Sent: 2 · queued: 0 · failed: 0").count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([authors[0].email, authors[1].email])
    assert NotificationMessage.objects.count() == 2
    papers[0].refresh_from_db()
    assert papers[0].state == SubmissionState.ACCEPTED
    tab.finish()

    # The author of paper 1 finds the decision from their submission's page.
    page.context.clear_cookies()
    log_in(page, authors[0])
    tab.goto(papers[0].get_absolute_url())
    tab.follow(page.get_by_role("link", name="Reviews and decision"))
    assert page.locator("#decision-outcome").inner_text() == "Accept as a paper presentation"

    # The author of paper 3 (decided, not released) sees no decision.
    page.context.clear_cookies()
    log_in(page, authors[2])
    tab.goto(papers[2].get_absolute_url())
    assert page.get_by_role("link", name="Reviews and decision").count() == 0
    assert page.get_by_text("Reject").count() == 0
    tab.finish()

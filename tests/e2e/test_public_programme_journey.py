"""The public programme in a real browser: an organiser publishes the programme; a visitor
on a phone reads it at a glance, opens a session and a presentation, and searches. axe-core
on every page (journey.Tab), and no page wider than the phone."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.journey import Tab
from tests.factories import (
    AuthorshipFactory,
    ConferenceFactory,
    PresentationFactory,
    ProgrammeDayFactory,
    RoomFactory,
    SessionFactory,
    SubmissionFactory,
    ThemeFactory,
    organiser_with_mfa,
)

PLACES = ["Savannakhet", "Mae Sot", "Kunming", "Vientiane", "Battambang", "Huế"]
PHONE_390 = ("phone", {"width": 390, "height": 844})


@pytest.fixture
def scheduled(transactional_db, frozen_now):
    conference = ConferenceFactory(slug="mekong", title="Irregular Migrants, Refugees or Victims?")
    theme = ThemeFactory(conference=conference, title="Human trafficking")
    day = ProgrammeDayFactory(conference=conference)
    rooms = [RoomFactory(conference=conference, name=n) for n in ("Auditorium", "Room 1", "Room 2")]
    SessionFactory(
        conference=conference,
        day=day,
        room=rooms[0],
        kind="plenary",
        title="Opening keynote",
        starts=dt.time(9, 0),
        ends=dt.time(10, 0),
    )
    SessionFactory(
        conference=conference,
        day=day,
        room=None,
        kind="break",
        title="Coffee break",
        starts=dt.time(10, 0),
        ends=dt.time(10, 30),
    )
    for index, room in enumerate(rooms):
        session = SessionFactory(
            conference=conference,
            day=day,
            room=room,
            theme=theme,
            title=f"Brokers and borders {index + 1}",
            starts=dt.time(10, 30),
            ends=dt.time(12, 0),
        )
        for order in range(2):
            paper = SubmissionFactory(
                conference=conference,
                state="accepted",
                title=f"Recruitment in {PLACES[index * 2 + order]}",
                abstract="How brokers shape migration from Savannakhet.",
                keywords=["brokers"],
            )
            paper.themes.add(theme)
            AuthorshipFactory(submission=paper, full_name="สมชาย ใจดี", affiliation="Mahidol")
            AuthorshipFactory(
                submission=paper, full_name="Hidden Coauthor", public_name=False, order=1
            )
            PresentationFactory(session=session, submission=paper, order=order)
    return conference


@pytest.mark.parametrize("viewport", [PHONE_390], ids=["phone"])
def test_an_organiser_publishes_and_a_visitor_reads_the_programme_on_a_phone(
    page, viewport, scheduled, log_in
):
    tab = Tab(page)
    organiser = organiser_with_mfa(scheduled, full_name="Chair Person")

    log_in(page, organiser)
    tab.goto("/c/mekong/organise/programme/publish/")
    assert page.get_by_text("The programme has not been published yet").count() == 1
    assert page.get_by_text("Draft", exact=True).count() == 1
    page.get_by_label("Note for readers (optional)").fill("The first programme.")
    tab.follow(page.get_by_role("button", name="Publish as version 1"))
    assert page.get_by_text("Version 1 of the programme is published.").count() == 1

    # A visitor, not logged in.
    page.context.clear_cookies()
    tab.goto("/c/mekong/programme/")
    grid = page.get_by_role("table", name="Sessions on 1 September 2026, by time and room")
    assert grid.count() == 1
    assert page.get_by_text("Times in Asia/Bangkok (UTC+07:00).").count() == 1
    assert page.get_by_text("Version 1, published 1 June 2026.").count() == 1

    tab.follow(page.get_by_role("link", name="Brokers and borders 2"))
    assert page.get_by_role("heading", level=1, name="Brokers and borders 2").count() == 1
    tab.follow(page.get_by_role("link", name="Recruitment in Kunming"))
    assert page.get_by_text("Name withheld at the author's request").count() == 1
    assert "Hidden Coauthor" not in page.content()

    tab.follow(page.get_by_role("link", name="Search", exact=True))
    page.get_by_label("Title, author, affiliation, keyword or words of an abstract").fill(
        "battambang"
    )
    tab.follow(page.get_by_role("button", name="Search"))
    assert page.get_by_text("1 presentation found.").count() == 1
    tab.follow(page.get_by_role("link", name="Recruitment in Battambang"))

    tab.follow(page.get_by_role("link", name="By theme"))
    assert page.get_by_role("heading", level=2, name="Human trafficking").count() == 1
    tab.finish()

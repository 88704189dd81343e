"""An organiser builds a session by moving papers in a real browser: by drag and drop with
JavaScript (axe-core on every page), and with the plain forms with JavaScript switched off;
on a desktop and a phone screen."""

from __future__ import annotations

import datetime as dt

import pytest

from programme.models import Presentation, Session
from tests.e2e.journey import Tab, open_tab
from tests.factories import (
    ConferenceFactory,
    ContributionTypeFactory,
    ProgrammeDayFactory,
    RoomFactory,
    SessionFactory,
    SubmissionFactory,
    organiser_with_mfa,
)

T = dt.time


@pytest.fixture
def scene(transactional_db, frozen_now):
    conference = ConferenceFactory(slug="mekong", title="Irregular Migrants, Refugees or Victims?")
    talk = ContributionTypeFactory(conference=conference, presentation_minutes=20)
    day = ProgrammeDayFactory(conference=conference, starts=T(9, 0), ends=T(17, 0))
    hall_a = RoomFactory(conference=conference, name="Hall A", order=0)
    hall_b = RoomFactory(conference=conference, name="Hall B", order=1)
    session = SessionFactory(
        conference=conference,
        title="Borders and belonging",
        day=day,
        room=hall_a,
        starts=T(9, 0),
        ends=T(10, 30),
    )
    draft = SessionFactory(
        conference=conference, title="Debt and brokers", day=None, starts=None, ends=None
    )
    papers = [
        SubmissionFactory(
            conference=conference, state="accepted", contribution_type=talk, title=title
        )
        for title in (
            "Who counts as a victim?",
            "ລາວ: migrants' own words",
            "Brokers in the Mekong",
        )
    ]
    return {
        "organiser": organiser_with_mfa(conference, full_name="Chair Person"),
        "session": session,
        "draft": draft,
        "hall_b": hall_b,
        "day": day,
        "papers": papers,
    }


def in_order(session):
    return list(
        Presentation.objects.filter(session=session)
        .order_by("order")
        .values_list("submission__title", flat=True)
    )


def fill_place_form(page, paper, into, position=""):
    form = page.locator("#place-paper-form")
    form.get_by_label("Paper").select_option(str(paper.pk))
    form.get_by_label("Into session").select_option(str(into.pk))
    form.get_by_label("At position").fill(position)
    return form.get_by_role("button", name="Place the paper")


def fill_move_form(page, session, day, room, starts):
    form = page.locator("#move-session-form")
    form.get_by_label("Session").select_option(str(session.pk))
    form.get_by_label("Day").select_option(str(day.pk))
    form.get_by_label("Room").select_option(str(room.pk))
    form.get_by_label("Starts at").fill(starts)
    return form.get_by_role("button", name="Move the session")


def test_drag_and_drop_papers_and_a_session(page, scene, log_in, viewport):
    """On a desktop by drag and drop; on a phone (touch screens do not drag HTML elements)
    with the same forms, JavaScript on. axe-core on every page either way."""
    tab = Tab(page)
    session, draft = scene["session"], scene["draft"]
    first, second, third = scene["papers"]
    log_in(page, scene["organiser"])
    tab.goto("/c/mekong/organise/programme/")
    assert page.get_by_role("heading", name="3 warnings").count() == 1
    on_desktop = viewport[0] == "desktop"

    def drop(source, target, **kwargs):
        with page.expect_event("load"):
            source.drag_to(target, **kwargs)
        tab.check()

    # A paper into the session, then another before it.
    if on_desktop:
        drop(page.locator(f"#paper-{first.pk}"), page.locator(f"#session-{session.pk}"))
    else:
        tab.follow(fill_place_form(page, first, session))
    assert in_order(session) == [first.title]
    if on_desktop:
        drop(
            page.locator(f"#paper-{second.pk}"),
            page.locator(f"#session-{session.pk} li[data-paper='{first.pk}']"),
        )
    else:
        tab.follow(fill_place_form(page, second, session, "1"))
    assert in_order(session) == [second.title, first.title]
    # Within the session: the later paper dropped on the top edge of the earlier one.
    if on_desktop:
        drop(
            page.locator(f"#session-{session.pk} li[data-paper='{first.pk}']"),
            page.locator(f"#session-{session.pk} li[data-paper='{second.pk}']"),
            target_position={"x": 20, "y": 3},
        )
    else:
        tab.follow(fill_place_form(page, first, session, "1"))
    assert in_order(session) == [first.title, second.title]
    assert page.locator(f"#session-{session.pk}").get_by_text("09:20–09:40").count() == 1

    # The draft session onto Hall B at 11:00, then the last paper into it.
    if on_desktop:
        cell = page.locator(
            f"td[data-day='{scene['day'].pk}'][data-room='{scene['hall_b'].pk}']"
            "[data-starts='11:00']"
        )
        drop(page.locator(f"#session-{draft.pk}"), cell)
    else:
        tab.follow(fill_move_form(page, draft, scene["day"], scene["hall_b"], "11:00"))
    draft.refresh_from_db()
    assert (draft.room, draft.starts, draft.ends) == (scene["hall_b"], T(11, 0), T(12, 30))
    if on_desktop:
        drop(page.locator(f"#paper-{third.pk}"), page.locator(f"#session-{draft.pk}"))
    else:
        tab.follow(fill_place_form(page, third, draft))
    assert in_order(draft) == [third.title]
    assert page.get_by_text("Nothing to fix").count() == 1

    # The other pages of the schedule, reached by their links, are checked too.
    sections = page.get_by_role("navigation", name="Programme sections")
    for name in ("Days", "Rooms", "New session", "Suggest sessions"):
        tab.follow(sections.get_by_role("link", name=name))
    tab.finish()


@pytest.fixture
def plain_page(new_context, viewport, live_server):
    return open_tab(new_context, viewport, live_server.url, javascript=False)


def test_plain_forms_without_javascript(plain_page, scene, log_in):
    """The same moves with the forms under the grid. (axe-core needs scripts in the page: the
    JavaScript run above checks these pages.)"""
    page = plain_page
    session, draft = scene["session"], scene["draft"]
    first, second, _third = scene["papers"]
    log_in(page, scene["organiser"])
    page.goto("/c/mekong/organise/programme/")

    def place(paper, into, position=""):
        with page.expect_navigation(wait_until="load"):
            fill_place_form(page, paper, into, position).click()

    place(first, session)
    place(second, session, "1")
    assert in_order(session) == [second.title, first.title]
    assert page.get_by_text(f"Placed #{second.number} in “Borders and belonging”.").count() == 1

    # Down, with the paper's own button.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=f"Down #{second.number}").click()
    assert in_order(session) == [first.title, second.title]

    # The draft onto the grid.
    with page.expect_navigation(wait_until="load"):
        fill_move_form(page, draft, scene["day"], scene["hall_b"], "11:00").click()
    draft.refresh_from_db()
    assert draft.is_scheduled and draft.room == scene["hall_b"]

    # Taken out again: the paper is listed as not placed.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=f"Take out #{first.number}").click()
    assert in_order(session) == [second.title]
    assert page.locator(f"#paper-{first.pk}").count() == 1
    assert Session.objects.count() == 2

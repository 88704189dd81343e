"""load_mahidol_call and demo: organisers' edits survive, wording from the call, open-now
really open and still in June."""

import datetime as dt
import io
import re
import zoneinfo
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import User
from cfp import deadlines
from cfp.demo.mahidol import (
    CALL_TEXT,
    CONTRIBUTION_TYPES,
    GUIDING_QUESTIONS,
    SLUG,
    THEMES,
    dates,
    load_mahidol_call,
)
from cfp.domain.call import confirm_dates
from cfp.models import Conference, ContributionType, GuidingQuestion, Organisation, Theme
from reviews.models import CommitteeMember

pytestmark = pytest.mark.django_db
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
MODELS = [Conference, Theme, GuidingQuestion, ContributionType, Organisation]
#: The call as published (the first item of the seed page), shipped with the tests.
CALL_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "mahidol_call.txt"


def run(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


def _normalise(text: str) -> str:
    """Plain words: no Markdown emphasis or list marks, no line breaks, single spaces."""
    text = re.sub(r"^\s*(?:[-•*])\s+", "", text, flags=re.MULTILINE)
    text = text.replace("*", "").replace("\\\n", " ")
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!:])\s+", _normalise(text)) if s]


def not_in_the_call(text: str) -> list[str]:
    """The sentences of ``text`` that the call does not contain word for word."""
    call = _normalise(CALL_FIXTURE.read_text())
    return [sentence for sentence in sentences(text) if sentence not in call]


def test_loads_the_call():
    output = run("load_mahidol_call")
    conference = Conference.objects.get(slug=SLUG)
    assert conference.title == "Irregular Migrants, Refugees or Victims of Human-Trafficking?"
    assert conference.subtitle == (
        "Analysis, Advocacy and Assistance between Categorizations and (Self-)Identifications"
    )
    assert conference.city == "Bangkok"
    assert conference.timezone == "Asia/Bangkok"
    assert conference.blind_review == "double"
    assert conference.dates_are_placeholders is True
    assert conference.dates_shifted_for_demo is False
    assert conference.start_date == dt.date(2017, 6, 8)
    assert "wider Southeast Asian region" in conference.call_text
    assert [(t.title, t.description) for t in conference.themes.all()] == [
        ("Migration", ""),
        ("Displacement", ""),
        ("Human trafficking", ""),
        ("Related forms of exploitation", ""),
    ]
    assert [q.text for q in conference.guiding_questions.all()] == GUIDING_QUESTIONS
    assert len(GUIDING_QUESTIONS) == 6
    types = list(conference.contribution_types.all())
    assert [(t.name, t.description) for t in types] == [
        ("Conceptual studies", ""),
        ("Reports on empirical research", ""),
        ("Reflection papers by practitioners", ""),
    ]
    # The organisers' choice, not the call's: provisional until confirmed.
    assert [t.requires_ethics_statement for t in types] == [False, True, False]
    assert [t.limits_are_placeholders for t in types] == [True, True, True]
    assert [o.name for o in conference.organisations.all()] == [
        "UN-ACT",
        "Social Science Division, Mahidol University",
        "Institute of Human Rights and Peace Studies (IHRP), Mahidol University",
    ]
    conference.full_clean()
    assert output.count("  created ") == 1 + 4 + 6 + 3 + 3
    assert output.endswith(
        "mahidol-2017: changed; submission deadline 2017-02-28 23:59 (Asia/Bangkok); "
        "dates are placeholders.\n"
    )


# --- wording: only the call's own sentences


def test_the_call_text_ships_with_the_tests():
    assert CALL_FIXTURE.read_text().startswith(
        "Academic Conference with UN-ACT on Irregular Migration, Asylum and Human Trafficking"
    )


def test_the_wording_check_catches_a_paraphrase():
    assert not_in_the_call("Migration has become a staple of headline news.") == [
        "Migration has become a staple of headline news."
    ]
    assert (
        not_in_the_call(
            "Migration, displacement and human trafficking have become staples of headline news."
        )
        == []
    )


def test_every_sentence_of_the_call_text_and_the_questions_is_the_calls():
    assert not_in_the_call(CALL_TEXT) == []
    for question in GUIDING_QUESTIONS:
        assert not_in_the_call(question) == [], question


def test_every_seeded_description_is_made_of_the_calls_sentences():
    run("load_mahidol_call")
    descriptions = [t.description for t in Theme.objects.all()] + [
        t.description for t in ContributionType.objects.all()
    ]
    assert len(descriptions) == len(THEMES) + len(CONTRIBUTION_TYPES) == 7
    for description in descriptions:
        assert not_in_the_call(description) == [], description


def test_theme_and_type_names_are_named_in_the_call():
    call = _normalise(CALL_FIXTURE.read_text()).lower()
    for _slug, title, _description in THEMES:
        assert title.lower().replace("human trafficking", "human-trafficking") in call, title
    for spec in CONTRIBUTION_TYPES:
        assert spec["name"].lower() in call, spec["name"]


# --- running again: idempotent, organisers' edits kept


def test_running_twice_changes_nothing():
    run("load_mahidol_call")
    before = snapshot()
    modified = Conference.objects.get(slug=SLUG).modified
    output = run("load_mahidol_call")
    assert snapshot() == before
    assert Conference.objects.get(slug=SLUG).modified == modified
    assert output == (
        "mahidol-2017: unchanged; submission deadline 2017-02-28 23:59 (Asia/Bangkok); "
        "dates are placeholders.\n"
    )


def _organiser_edits(conference: Conference) -> None:
    """What an organiser does in the organiser area: a new subtitle, a renamed theme, a new
    deadline and new limits, all confirmed."""
    conference.subtitle = "Our own subtitle"
    conference.submission_closes = conference.submission_closes + dt.timedelta(days=3)
    conference.full_clean()
    conference.save()
    Theme.objects.filter(conference=conference, slug="migration").update(title="Labour migration")
    ContributionType.objects.filter(conference=conference, slug="conceptual-studies").update(
        abstract_word_limit=500
    )
    confirm_dates(conference=conference)


@pytest.mark.parametrize(
    "second_run",
    [
        {},
        {"open_now": True, "today": "2026-06-01"},
        # Three weeks later: the call (deadline 4 July after the edit) is still open.
        {"open_now": True, "today": "2026-06-22"},
        {"open_now": True, "today": "2026-06-22", "reset": False},
    ],
    ids=["plain", "open-now-same-day", "open-now-later", "open-now-later-explicit"],
)
def test_organisers_edits_survive_a_second_run(second_run):
    run("load_mahidol_call", open_now=True, today="2026-06-01")
    conference = Conference.objects.get(slug=SLUG)
    _organiser_edits(conference)
    conference.refresh_from_db()
    before = snapshot()
    deadline = conference.submission_closes
    assert deadline == dt.datetime(2026, 7, 4, 23, 59, tzinfo=BANGKOK)

    output = run("load_mahidol_call", **second_run)

    assert snapshot() == before
    conference.refresh_from_db()
    assert conference.subtitle == "Our own subtitle"
    assert conference.submission_closes == deadline
    assert conference.dates_are_placeholders is False
    assert conference.themes.get(slug="migration").title == "Labour migration"
    conceptual = conference.contribution_types.get(slug="conceptual-studies")
    assert conceptual.abstract_word_limit == 500
    assert conceptual.limits_are_placeholders is False
    assert "created" not in output
    assert "updated" not in output
    assert "  kept organisers' edit: conference: " in output
    assert "  kept organisers' edit: theme: Labour migration (title)" in output
    assert "  kept organisers' edit: contribution type: Conceptual studies" in output
    assert "mahidol-2017: unchanged (kept organisers' edits; --reset loads the seed again)" in (
        output
    )


def test_reset_restores_the_seed():
    run("load_mahidol_call", open_now=True, today="2026-06-01")
    conference = Conference.objects.get(slug=SLUG)
    _organiser_edits(conference)
    before = snapshot()

    output = run("load_mahidol_call", reset=True)

    assert snapshot() == before
    conference.refresh_from_db()
    assert conference.subtitle == (
        "Analysis, Advocacy and Assistance between Categorizations and (Self-)Identifications"
    )
    assert conference.submission_closes == dt.datetime(2017, 2, 28, 23, 59, tzinfo=BANGKOK)
    assert conference.start_date == dt.date(2017, 6, 8)
    assert conference.dates_are_placeholders is True
    assert conference.dates_shifted_for_demo is False
    assert conference.themes.get(slug="migration").title == "Migration"
    conceptual = conference.contribution_types.get(slug="conceptual-studies")
    assert (conceptual.abstract_word_limit, conceptual.limits_are_placeholders) == (300, True)
    assert "  updated theme: Migration (title)" in output
    assert "mahidol-2017: changed;" in output


def test_reset_with_open_now_moves_confirmed_dates():
    run("load_mahidol_call")
    confirm_dates(conference=Conference.objects.get(slug=SLUG))
    run("load_mahidol_call", open_now=True, reset=True, today="2026-06-01")
    conference = Conference.objects.get(slug=SLUG)
    assert conference.submission_closes == dt.datetime(2026, 7, 1, 23, 59, tzinfo=BANGKOK)
    assert (conference.dates_are_placeholders, conference.dates_shifted_for_demo) == (True, True)


def test_seed_keeps_what_organisers_added_and_recreates_only_what_is_missing():
    run("load_mahidol_call")
    conference = Conference.objects.get(slug=SLUG)
    Theme.objects.create(
        conference=conference, title="Statelessness", slug="statelessness", order=9
    )
    conference.guiding_questions.get(order=5).delete()
    kept = sorted(conference.guiding_questions.values_list("pk", flat=True))
    output = run("load_mahidol_call")
    assert conference.themes.count() == 5
    assert conference.guiding_questions.count() == 6
    assert sorted(conference.guiding_questions.exclude(order=5).values_list("pk", flat=True)) == (
        kept
    )
    assert output.startswith("  created guiding question: How do problems of")


# --- open now: open today, the conference still in June, said to be a demonstration


def test_open_now_twice_keeps_one_conference_and_opens_the_call():
    today = dt.date(2026, 6, 1)
    run("load_mahidol_call", open_now=True, today=today.isoformat())
    before = snapshot()
    modified = Conference.objects.get(slug=SLUG).modified
    output = run("load_mahidol_call", open_now=True, today=today.isoformat())
    assert snapshot() == before
    assert Conference.objects.get(slug=SLUG).modified == modified
    assert Conference.objects.count() == 1
    assert output == (
        "mahidol-2017: unchanged; submission deadline 2026-07-01 23:59 (Asia/Bangkok); "
        "dates are placeholders, dates moved for a demonstration.\n"
    )
    conference = Conference.objects.get(slug=SLUG)
    now = dt.datetime(2026, 6, 1, 12, 0, tzinfo=BANGKOK)
    assert deadlines.is_submission_open(conference, now)
    assert deadlines.phase(conference, now) == deadlines.Phase.CALL_OPEN
    assert conference.dates_shifted_for_demo is True
    conference.full_clean()


def test_open_now_dates_keep_the_conference_in_june():
    run("load_mahidol_call", open_now=True, today="2026-06-01")
    conference = Conference.objects.get(slug=SLUG)
    assert (
        conference.submission_opens,
        conference.submission_closes,
        conference.reviewing_opens,
        conference.review_deadline,
        conference.notification_date,
        conference.camera_ready_deadline,
        conference.start_date,
        conference.end_date,
    ) == (
        dt.datetime(2026, 4, 3, 9, 0, tzinfo=BANGKOK),
        dt.datetime(2026, 7, 1, 23, 59, tzinfo=BANGKOK),
        dt.date(2026, 7, 7),
        dt.date(2026, 8, 1),
        dt.date(2026, 8, 11),
        dt.date(2027, 5, 15),
        dt.date(2027, 6, 8),
        dt.date(2027, 6, 9),
    )


@pytest.mark.parametrize(
    ("today", "conference_year"),
    [
        (dt.date(2026, 1, 10), 2026),  # deadline 9 Feb: June 2026 leaves 119 days
        (dt.date(2026, 1, 29), 2026),  # deadline 28 Feb: exactly the 2017 gap, 100 days
        (dt.date(2026, 1, 30), 2027),  # deadline 1 Mar: 99 days, one too few
        (dt.date(2026, 2, 28), 2027),  # deadline 30 Mar: June 2026 would leave 70 days
        (dt.date(2026, 6, 1), 2027),
        (dt.date(2026, 12, 31), 2027),
        (dt.date(2027, 2, 28), 2028),  # across a leap year
    ],
)
def test_open_now_picks_the_first_june_with_a_sensible_window(today, conference_year):
    shifted = dates(open_now=True, today=today)
    deadline_day = shifted["submission_closes"].astimezone(BANGKOK).date()
    assert deadline_day == today + dt.timedelta(days=30)
    assert shifted["start_date"] == dt.date(conference_year, 6, 8)
    assert shifted["end_date"] == dt.date(conference_year, 6, 9)
    assert (shifted["start_date"] - deadline_day).days >= 100
    # Notification and camera-ready fall between the deadline and the conference, in order.
    order = [
        shifted["submission_opens"].astimezone(BANGKOK).date(),
        today,
        deadline_day,
        shifted["reviewing_opens"],
        shifted["review_deadline"],
        shifted["notification_date"],
        shifted["camera_ready_deadline"],
        shifted["start_date"],
    ]
    assert order == sorted(order)
    conference = Conference(slug="x", title="x", timezone="Asia/Bangkok", **shifted)
    conference.full_clean()
    assert deadlines.is_submission_open(
        conference, dt.datetime.combine(today, dt.time(12), tzinfo=BANGKOK)
    )


def test_open_now_moves_the_dates_again_only_once_the_call_is_closed():
    run("load_mahidol_call", open_now=True, today="2026-06-01")
    # Still open on the deadline day: nothing moves.
    output = run("load_mahidol_call", open_now=True, today="2026-07-01")
    assert "submission deadline 2026-07-01 23:59" in output
    assert "updated" not in output
    # Closed: the dates move again, to a deadline 30 days after that day.
    output = run("load_mahidol_call", open_now=True, today="2026-08-15")
    conference = Conference.objects.get(slug=SLUG)
    assert conference.submission_closes == dt.datetime(2026, 9, 14, 23, 59, tzinfo=BANGKOK)
    assert conference.start_date == dt.date(2027, 6, 8)
    assert "  updated conference: " in output
    assert "(dates moved so that the call is open)" in output


def test_open_now_never_moves_confirmed_dates():
    run("load_mahidol_call", open_now=True, today="2026-06-01")
    confirm_dates(conference=Conference.objects.get(slug=SLUG))
    output = run("load_mahidol_call", open_now=True, today="2026-08-15")
    conference = Conference.objects.get(slug=SLUG)
    assert conference.submission_closes == dt.datetime(2026, 7, 1, 23, 59, tzinfo=BANGKOK)
    assert (
        "  kept organisers' edit: conference dates: confirmed by the organisers, not moved "
        "(--reset moves them)"
    ) in output


def test_open_now_on_the_historical_call_moves_its_dates():
    run("load_mahidol_call")
    before = snapshot()
    run("load_mahidol_call", open_now=True, today="2026-06-01")
    assert snapshot() == before
    conference = Conference.objects.get()
    assert conference.start_date == dt.date(2027, 6, 8)
    assert conference.dates_shifted_for_demo is True


def test_load_function_takes_now_for_the_open_check():
    load_mahidol_call(open_now=True, today=dt.date(2026, 6, 1))
    # At 23:58:30 on the deadline day the call is still open: nothing moves.
    late = dt.datetime(2026, 7, 1, 23, 58, 30, tzinfo=BANGKOK)
    result = load_mahidol_call(open_now=True, today=dt.date(2026, 7, 1), now=late)
    assert not result.changed
    # A minute later it has closed.
    result = load_mahidol_call(
        open_now=True, today=dt.date(2026, 7, 2), now=late + dt.timedelta(minutes=1)
    )
    assert result.updated == [
        "conference: Irregular Migrants, Refugees or Victims of Human-Trafficking? "
        "(dates moved so that the call is open)"
    ]


def test_bad_today_is_refused():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--today must be YYYY-MM-DD"):
        run("load_mahidol_call", today="1 June")


# --- demo


def test_demo_creates_people_idempotently():
    run("load_mahidol_call", open_now=True, today="2026-06-01")
    output = run("demo", today="2026-06-01")
    conference = Conference.objects.get(slug=SLUG)
    counts = (User.objects.count(), EmailAddress.objects.count(), CommitteeMember.objects.count())
    # cfp's 11 demo people, and the committee's 7 more (reviews.demo, issue 10).
    assert counts == (18, 18, 11)
    assert "sala-demo-2017" in output
    assert "organiser@example.org" in output
    run("demo", today="2026-06-01")
    assert (
        User.objects.count(),
        EmailAddress.objects.count(),
        CommitteeMember.objects.count(),
    ) == counts
    organiser = User.objects.get(email="organiser@example.org")
    assert list(conference.organisers.all()) == [organiser]
    assert organiser.check_password("sala-demo-2017")
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 18
    chair = CommitteeMember.objects.get(user__email="chair@example.org")
    assert [t.slug for t in chair.themes.all()] == ["human-trafficking"]
    assert CommitteeMember.objects.filter(role=CommitteeMember.Role.REVIEWER).count() == 7
    names = set(User.objects.values_list("full_name", flat=True))
    assert "အောင်ကျော်မိုး (Aung Kyaw Moe)" in names
    assert "Nguyễn Thị Lan" in names
    assert User.objects.get(full_name="王秀英 (Wang Xiuying)").sort_name == "Wang Xiuying"


def test_demo_loads_the_call_when_missing():
    output = run("demo", today="2026-06-01")
    conference = Conference.objects.get(slug=SLUG)
    assert conference.submission_closes == dt.datetime(2026, 7, 1, 23, 59, tzinfo=BANGKOK)
    assert conference.dates_shifted_for_demo is True
    assert "mahidol-2017: changed; submission deadline 2026-07-01 23:59" in output


def test_demo_passes_the_authors_and_the_time_to_the_submissions_hook(monkeypatch):
    seen = {}

    def fake(*, conference, authors, now, stdout):
        seen["conference"] = conference.slug
        seen["authors"] = sorted(a.email for a in authors)
        seen["now"] = now
        return 0

    monkeypatch.setattr("reviews.management.commands.demo.create_demo_submissions", fake)
    run("demo", today="2026-06-01")
    assert seen == {
        "conference": SLUG,
        "authors": [f"author{n}@example.org" for n in range(1, 7)],
        "now": dt.datetime(2026, 6, 1, 12, 0, tzinfo=BANGKOK),
    }

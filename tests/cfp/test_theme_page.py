"""A theme's public page: what the call says of it, the guiding questions, and its number of
submissions once the call is closed (if the organisers show it)."""

import datetime as dt

import pytest

from cfp.call_passages import passages_naming
from cfp.demo.mahidol import load_mahidol_call
from cfp.models import SubmissionState
from tests.cfp.test_organiser_call import details_data, url
from tests.factories import (
    REFERENCE_NOW,
    ConferenceFactory,
    GuidingQuestionFactory,
    SubmissionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

COUNT_SENTENCE = "submitted papers address this area."


def closed_conference(**kwargs):
    return ConferenceFactory(
        submission_opens=REFERENCE_NOW - dt.timedelta(days=60),
        submission_closes=REFERENCE_NOW - dt.timedelta(days=1),
        **kwargs,
    )


def test_a_theme_shows_its_description_as_sanitised_markdown(client, frozen_now):
    theme = ThemeFactory(
        title="Displacement",
        description="People *forced* to move. <script>alert(1)</script> [x](javascript:alert(1))",
    )

    html = client.get(theme.get_absolute_url()).text

    assert "People <em>forced</em> to move." in html
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript:' not in html


def test_a_theme_the_call_does_not_describe_quotes_the_passages_that_name_it(client, frozen_now):
    conference = load_mahidol_call(open_now=True, today=dt.date(2026, 6, 1)).conference
    theme = conference.themes.get(slug="human-trafficking")

    html = client.get(theme.get_absolute_url()).text

    assert "What the call says of it" in html
    # The five paragraphs of the call's eight that name it, hyphenated or not.
    assert html.count('<blockquote class="call-text call-passage') == 5
    assert "The theme of the event is" in html  # "Victims of Human-Trafficking?"
    assert "Migration, displacement and human trafficking have become staples" in html
    assert "in the areas of migration, displacement, human-trafficking and related" in html
    # Not a paragraph that does not name it.
    assert "Finally, in receiving communities" not in html


def test_a_theme_shows_the_calls_guiding_questions(client, frozen_now):
    conference = load_mahidol_call(open_now=True, today=dt.date(2026, 6, 1)).conference
    theme = conference.themes.get(slug="migration")

    html = client.get(theme.get_absolute_url()).text

    assert "Questions papers may address" in html
    questions = list(conference.guiding_questions.order_by("order"))
    assert len(questions) == 6
    positions = [html.index(f'<li class="mb-2">{q.text}</li>') for q in questions]
    assert positions == sorted(positions)


def test_a_theme_named_nowhere_says_so(client, frozen_now):
    conference = ConferenceFactory(call_text="We invite papers.")
    theme = ThemeFactory(conference=conference, title="Statelessness", description="")

    html = client.get(theme.get_absolute_url()).text

    assert "The call does not describe this area separately." in html
    assert "What the call says of it" not in html


def _submissions(conference, theme, other_theme):
    for state in (
        SubmissionState.SUBMITTED,
        SubmissionState.SUBMITTED,
        SubmissionState.ACCEPTED,
        SubmissionState.REJECTED,
    ):
        SubmissionFactory(conference=conference, themes=[theme], state=state)
    SubmissionFactory(conference=conference, themes=[theme, other_theme])  # counts for both
    SubmissionFactory(
        conference=conference, themes=[theme], state=SubmissionState.DRAFT, submitted_at=None
    )
    SubmissionFactory(conference=conference, themes=[theme], state=SubmissionState.WITHDRAWN)
    SubmissionFactory(conference=conference, themes=[other_theme])
    SubmissionFactory(themes=[])  # another conference


def test_once_closed_a_theme_counts_its_submitted_papers_if_the_organisers_show_it(
    client, frozen_now
):
    conference = closed_conference(show_theme_submission_counts=True)
    theme = ThemeFactory(conference=conference, title="Displacement")
    other = ThemeFactory(conference=conference, title="Migration")
    _submissions(conference, theme, other)

    theme_html = client.get(theme.get_absolute_url()).text
    other_html = client.get(other.get_absolute_url()).text

    # Submitted, accepted and rejected; not the draft, not the withdrawn paper.
    assert f"5 {COUNT_SENTENCE}" in theme_html
    assert f"2 {COUNT_SENTENCE}" in other_html


def test_one_submission_is_counted_in_the_singular(client, frozen_now):
    conference = closed_conference(show_theme_submission_counts=True)
    theme = ThemeFactory(conference=conference)
    SubmissionFactory(conference=conference, themes=[theme])

    html = client.get(theme.get_absolute_url()).text

    assert "1 submitted paper addresses this area." in html


def test_no_count_while_the_call_is_open(client, frozen_now):
    conference = ConferenceFactory(show_theme_submission_counts=True)  # open at REFERENCE_NOW
    theme = ThemeFactory(conference=conference)
    SubmissionFactory(conference=conference, themes=[theme])

    html = client.get(theme.get_absolute_url()).text

    assert "addresses this area" not in html
    assert COUNT_SENTENCE not in html


def test_no_count_unless_the_organisers_choose_to_show_it(client, frozen_now):
    conference = closed_conference()
    assert conference.show_theme_submission_counts is False
    theme = ThemeFactory(conference=conference)
    SubmissionFactory(conference=conference, themes=[theme])

    html = client.get(theme.get_absolute_url()).text

    assert "addresses this area" not in html


def test_organisers_switch_the_count_on_in_the_details_form(organiser_client, conference):
    html = organiser_client.get(url("organiser_details", conference)).text
    assert 'name="show_theme_submission_counts"' in html

    data = details_data(conference, show_theme_submission_counts="on")
    assert organiser_client.post(url("organiser_details", conference), data).status_code == 302
    conference.refresh_from_db()
    assert conference.show_theme_submission_counts is True

    data = details_data(conference)  # the box unticked
    assert organiser_client.post(url("organiser_details", conference), data).status_code == 302
    conference.refresh_from_db()
    assert conference.show_theme_submission_counts is False


def _fill(conference, n):
    themes = [ThemeFactory(conference=conference) for _ in range(n)]
    for _ in range(n):
        GuidingQuestionFactory(conference=conference)
        SubmissionFactory(conference=conference, themes=themes[:2])
    return themes[0]


@pytest.mark.parametrize("rows", [1, 12])
def test_theme_page_query_count_does_not_grow(client, frozen_now, django_assert_num_queries, rows):
    theme = _fill(ConferenceFactory(show_theme_submission_counts=True), rows)
    # The conference, its themes, its guiding questions.
    with django_assert_num_queries(3):
        assert client.get(theme.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_closed_theme_page_query_count_does_not_grow(
    client, frozen_now, django_assert_num_queries, rows
):
    theme = _fill(closed_conference(show_theme_submission_counts=True), rows)
    # The conference, its themes, its guiding questions, the count.
    with django_assert_num_queries(4):
        html = client.get(theme.get_absolute_url()).text
    expected = "1 submitted paper addresses this area." if rows == 1 else f"{rows} {COUNT_SENTENCE}"
    assert expected in html


# --- the passages of the call text (pure)

CALL = """\
Migration, displacement and human trafficking make the news.

Nothing here names them.

- conceptual studies,
- reports on Human-Trafficking

Aid agencies working on migrations and related forms of exploitation."""


def test_passages_are_the_blocks_that_name_the_item_whatever_case_and_hyphens():
    assert passages_naming(CALL, "Human trafficking") == [
        "Migration, displacement and human trafficking make the news.",
        "- conceptual studies,\n- reports on Human-Trafficking",
    ]
    assert passages_naming(CALL, "Migration") == [
        "Migration, displacement and human trafficking make the news.",
        "Aid agencies working on migrations and related forms of exploitation.",
    ]
    assert passages_naming(CALL, "Related forms of exploitation") == [
        "Aid agencies working on migrations and related forms of exploitation."
    ]


def test_a_name_matches_only_at_the_start_of_a_word():
    assert passages_naming("Emigration is hard.", "Migration") == []


def test_no_passages_for_an_empty_name_or_text():
    assert passages_naming(CALL, "") == []
    assert passages_naming("", "Migration") == []
    assert passages_naming(CALL, "Statelessness") == []

"""The public call: landing page, theme and contribution-type pages."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cfp.demo.mahidol import load_mahidol_call
from cfp.domain.call import confirm_dates
from tests.factories import (
    REFERENCE_NOW,
    ConferenceFactory,
    ContributionTypeFactory,
    GuidingQuestionFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    organiser_with_mfa,
)

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> [click](javascript:alert(1))"


def call_url(conference):
    return reverse("cfp:call", kwargs={"conference": conference.slug})


def test_root_goes_to_the_current_call(client, frozen_now):
    conference = ConferenceFactory()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == call_url(conference)


def test_root_without_a_call(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No call is open" in response.text


def test_landing_page_shows_the_whole_call(client, frozen_now):
    conference = load_mahidol_call(open_now=True, today=dt.date(2026, 6, 1)).conference
    response = client.get(call_url(conference))
    assert response.status_code == 200
    html = response.text
    assert "Irregular Migrants, Refugees or Victims of Human-Trafficking?" in html
    assert "Analysis, Advocacy and Assistance" in html
    for question in conference.guiding_questions.all():
        assert f'<li class="mb-2">{question.text}</li>' in html
    for kind in conference.contribution_types.all():
        assert kind.name in html
        assert (
            reverse(
                "cfp:contribution_type", kwargs={"conference": conference.slug, "type": kind.slug}
            )
            in html
        )
    for theme in conference.themes.all():
        assert theme.title in html
    assert "UN-ACT" in html
    assert "Institute of Human Rights and Peace Studies (IHRP), Mahidol University" in html
    assert "wider Southeast Asian region" in html
    assert "Call open" in html
    assert "These dates are provisional" in html


def test_deadline_in_conference_zone_utc_and_time_left(client, frozen_now):
    # REFERENCE_NOW is 1 June 2026 12:00 UTC; the deadline 1 July 2026 12:00 UTC.
    conference = ConferenceFactory()
    html = client.get(call_url(conference)).text
    assert '<time datetime="2026-07-01T12:00:00+00:00">Wednesday 1 July 2026, 19:00</time>' in html
    assert "Wednesday 1 July 2026, 12:00" in html  # UTC
    assert "30 days left." in html
    assert 'data-local-time="2026-07-01T12:00:00+00:00" hidden' in html
    assert "js/local-time.js" in html
    assert "Anywhere on Earth" not in html.split("Important dates")[0]


def test_aoe_deadline_is_shown_as_end_of_day_anywhere_on_earth(client, frozen_now):
    conference = ConferenceFactory(deadlines_anywhere_on_earth=True)
    html = client.get(call_url(conference)).text
    # 1 July 19:00 in Bangkok is 1 July: it ends at 2 July 12:00 UTC = 19:00 in Bangkok.
    assert "End of Wednesday 1 July 2026, Anywhere on Earth" in html
    assert "Thursday 2 July 2026, 19:00" in html


def test_submit_link_goes_to_login_until_the_submission_form_exists(client, frozen_now):
    conference = ConferenceFactory()
    html = client.get(call_url(conference)).text
    try:
        target = reverse("cfp:submission_create", kwargs={"conference": conference.slug})
    except Exception:
        target = reverse("account_login") + "?next=" + call_url(conference)
    assert f'href="{target}"' in html


def test_closed_call_has_no_submit_button(client, frozen_now):
    conference = ConferenceFactory(
        submission_opens=REFERENCE_NOW - dt.timedelta(days=60),
        submission_closes=REFERENCE_NOW - dt.timedelta(seconds=1),
    )
    html = client.get(call_url(conference)).text
    assert "Submissions are closed." in html
    assert "Submit a paper" not in html
    assert "submit a paper" not in html


def test_markdown_in_every_field_is_sanitised(client, frozen_now):
    conference = ConferenceFactory(call_text=HOSTILE)
    theme = ThemeFactory(conference=conference, description=HOSTILE)
    kind = ContributionTypeFactory(conference=conference, description=HOSTILE)
    pages = [
        call_url(conference),
        theme.get_absolute_url(),
        kind.get_absolute_url(),
    ]
    for url in pages:
        html = client.get(url).text.lower()
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert" in html, url
        assert 'href="javascript' not in html, url


def test_names_and_questions_are_escaped(client, frozen_now):
    conference = ConferenceFactory(title="<b>bold</b>")
    GuidingQuestionFactory(conference=conference, text="<script>q()</script>?")
    OrganisationFactory(conference=conference, name="<i>org</i>", url="javascript:alert(1)")
    html = client.get(call_url(conference)).text
    assert "<b>bold</b>" not in html
    assert "<script>q()" not in html
    assert "<i>org</i>" not in html


def test_theme_page(client, frozen_now):
    conference = ConferenceFactory()
    theme = ThemeFactory(conference=conference, title="Displacement", description="*Refugees*")
    other = ThemeFactory(conference=conference, title="Migration")
    response = client.get(theme.get_absolute_url())
    assert response.status_code == 200
    assert "<h1>Displacement</h1>" in response.text
    assert "<em>Refugees</em>" in response.text
    assert other.get_absolute_url() in response.text


def test_contribution_type_page(client, frozen_now):
    kind = ContributionTypeFactory(
        name="Reports on empirical research",
        abstract_word_limit=250,
        page_limit=25,
        presentation_minutes=15,
        requires_ethics_statement=True,
    )
    response = client.get(kind.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert "<h1>Reports on empirical research</h1>" in html
    assert "up to 250 words" in html
    assert "up to 25 pages" in html
    assert "15 minutes" in html
    assert "Required: describe how participants" in html


def test_theme_of_another_conference_is_404(client):
    theme = ThemeFactory()
    other = ConferenceFactory()
    url = reverse("cfp:theme", kwargs={"conference": other.slug, "theme": theme.slug})
    assert client.get(url).status_code == 404


def test_unpublished_call_is_404_for_visitors_and_visible_to_its_organisers(client, frozen_now):
    organiser = UserFactory()
    conference = ConferenceFactory(is_public=False, organisers=[organiser])
    assert client.get(call_url(conference)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(call_url(conference)).status_code == 404
    client.force_login(organiser)
    assert client.get(call_url(conference)).status_code == 200


def test_unknown_conference_is_404(client):
    assert client.get("/c/nope/").status_code == 404


def _fill(conference, n):
    for _ in range(n):
        ThemeFactory(conference=conference)
        GuidingQuestionFactory(conference=conference)
        ContributionTypeFactory(conference=conference)
        OrganisationFactory(conference=conference)


@pytest.mark.parametrize("rows", [1, 12])
def test_landing_page_query_count_does_not_grow(
    client, frozen_now, django_assert_num_queries, rows
):
    conference = ConferenceFactory()
    _fill(conference, rows)
    # conference + organisations + themes + guiding questions + contribution types
    with django_assert_num_queries(6):
        response = client.get(call_url(conference))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_theme_and_type_pages_query_count(client, frozen_now, django_assert_num_queries, rows):
    conference = ConferenceFactory()
    _fill(conference, rows)
    theme = conference.themes.first()
    kind = conference.contribution_types.first()
    # The conference and its themes and guiding questions (tests/cfp/test_theme_page.py).
    with django_assert_num_queries(3):
        assert client.get(theme.get_absolute_url()).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(kind.get_absolute_url()).status_code == 200


# --- the demonstration notice, provisional limits, the deadline in the user's time zone

DEMO_NOTICE = "Demonstration: the 2017 call, with its dates moved so that it is open today."


def _pages(conference):
    return [
        call_url(conference),
        conference.themes.first().get_absolute_url(),
        conference.contribution_types.first().get_absolute_url(),
    ]


def test_open_now_call_says_it_is_a_demonstration_on_every_public_page(client, frozen_now):
    conference = load_mahidol_call(open_now=True, today=dt.date(2026, 6, 1)).conference
    for url in _pages(conference):
        html = client.get(url).text
        assert html.count(DEMO_NOTICE) == 1, url
    html = client.get(call_url(conference)).text
    # The conference stays in June, as the call says.
    assert "8 June – 9 June 2027" in html


def test_historical_call_has_no_demonstration_notice(client, frozen_now):
    conference = load_mahidol_call(today=dt.date(2026, 6, 1)).conference
    for url in _pages(conference):
        assert DEMO_NOTICE not in client.get(url).text, url


def test_organiser_area_says_it_is_a_demonstration_and_the_limits_are_provisional(
    client, frozen_now
):
    conference = load_mahidol_call(open_now=True, today=dt.date(2026, 6, 1)).conference
    client.force_login(organiser_with_mfa(conference))
    for name in ("cfp:organiser_home", "cfp:organiser_details"):
        html = client.get(reverse(name, kwargs={"conference": conference.slug})).text
        assert html.count(DEMO_NOTICE) == 1, name
        assert "These dates are placeholders" in html
        assert "The call did not state the contribution types' word, page and time limits" in html
        assert "The dates and limits are right: confirm them" in html
    response = client.post(
        reverse("cfp:organiser_confirm_dates", kwargs={"conference": conference.slug})
    )
    assert response.status_code == 302
    html = client.get(reverse("cfp:organiser_home", kwargs={"conference": conference.slug})).text
    assert "placeholder-warning" not in html
    assert html.count(DEMO_NOTICE) == 1
    assert not conference.contribution_types.filter(limits_are_placeholders=True).exists()


def test_placeholder_limits_are_provisional_on_the_public_pages(client, frozen_now):
    conference = ConferenceFactory()
    kind = ContributionTypeFactory(
        conference=conference,
        description="",
        limits_are_placeholders=True,
        requires_ethics_statement=True,
    )
    html = client.get(kind.get_absolute_url()).text
    assert "Provisional: the call does not state these limits or whether an ethics statement" in (
        html
    )
    assert "without describing it further" not in html  # no internal note for visitors
    landing = client.get(call_url(conference)).text
    assert '<span class="badge text-bg-warning provisional">provisional</span>' in landing
    kind.limits_are_placeholders = False
    kind.save()
    assert "Provisional:" not in client.get(kind.get_absolute_url()).text
    assert "provisional</span>" not in client.get(call_url(conference)).text


def test_conference_confirm_dates_confirms_the_limits_too():
    conference = ConferenceFactory(dates_are_placeholders=True)
    ContributionTypeFactory(conference=conference, limits_are_placeholders=True)
    assert conference.has_placeholder_limits is True
    confirm_dates(conference=conference)
    assert conference.has_placeholder_limits is False
    assert conference.dates_are_placeholders is False


def test_deadline_in_the_logged_in_users_time_zone_without_javascript(client, frozen_now):
    conference = ConferenceFactory()
    client.force_login(UserFactory(timezone="Asia/Yangon"))
    for url in [
        call_url(conference),
        ContributionTypeFactory(conference=conference).get_absolute_url(),
    ]:
        html = client.get(url).text
        # 1 July 2026 12:00 UTC is 18:30 in Yangon.
        assert (
            "<dt>In your time zone (Asia/Yangon)</dt>\n"
            '          <dd><time datetime="2026-07-01T12:00:00+00:00">'
            "Wednesday 1 July 2026, 18:30</time></dd>"
        ) in html, url
        assert "data-local-time=" not in html, url


def test_user_without_a_time_zone_gets_the_script_enhanced_row(client, frozen_now):
    conference = ConferenceFactory()
    client.force_login(UserFactory(timezone=""))
    html = client.get(call_url(conference)).text
    assert 'data-local-time="2026-07-01T12:00:00+00:00" hidden' in html
    assert "In your time zone (" not in html


class _DlChildren(HTMLParser):
    """The element names directly inside every <dl> of a page."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.children: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.stack and self.stack[-1] == "dl":
            self.children.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass


@pytest.mark.parametrize("timezone", ["", "Asia/Yangon"])
def test_every_definition_list_groups_its_pairs_in_divs(client, frozen_now, timezone):
    conference = load_mahidol_call(open_now=True, today=dt.date(2026, 6, 1)).conference
    client.force_login(UserFactory(timezone=timezone))
    for url in _pages(conference):
        parser = _DlChildren()
        parser.feed(client.get(url).text)
        assert parser.children, url
        assert set(parser.children) == {"div"}, url

"""The public call page's shared rendering for anonymous visitors (cfp.call_cache)."""

import datetime as dt

import pytest
from django.middleware.csrf import get_token
from django.urls import reverse

from cfp.domain.call import move_in_order
from cfp.models import ContributionType, GuidingQuestion, Organisation, Theme
from tests.factories import (
    REFERENCE_NOW,
    ConferenceFactory,
    ContributionTypeFactory,
    GuidingQuestionFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def call_url(conference):
    return reverse("cfp:call", kwargs={"conference": conference.slug})


@pytest.fixture
def conference(db):
    conference = ConferenceFactory(title="Labels and lives")
    ThemeFactory(conference=conference, title="Migration", slug="migration")
    ThemeFactory(conference=conference, title="Displacement", slug="displacement")
    GuidingQuestionFactory(conference=conference, text="Who names whom?")
    ContributionTypeFactory(conference=conference, name="Research paper", slug="research")
    OrganisationFactory(conference=conference, name="UN-ACT")
    return conference


def test_an_anonymous_visitor_gets_the_stored_page_with_one_query(
    client, frozen_now, conference, django_assert_num_queries
):
    with django_assert_num_queries(
        6
    ):  # rendered: the conference, its four lists, the links of other apps
        first = client.get(call_url(conference))
    with django_assert_num_queries(1):  # stored: the conference row only
        second = client.get(call_url(conference))

    assert first.status_code == second.status_code == 200
    assert second.text == first.text
    assert "Who names whom?" in second.text
    # Shared proxies must not hand the anonymous page to someone logged in either.
    assert "Cookie" in second["Vary"]


def _edit_title(conference):
    conference.title = "Labels, lives and laws"
    conference.save()
    return "Labels, lives and laws"


def _edit_theme(conference):
    theme = Theme.objects.get(conference=conference, slug="migration")
    theme.title = "Mobility"
    theme.save()
    return "Mobility"


def _add_theme(conference):
    ThemeFactory(conference=conference, title="Smuggling")
    return "Smuggling"


def _delete_theme(conference):
    Theme.objects.filter(conference=conference, slug="displacement").delete()
    return None  # checked below: "Displacement" is gone


def _edit_question(conference):
    question = GuidingQuestion.objects.get(conference=conference)
    question.text = "Who counts whom?"
    question.save()
    return "Who counts whom?"


def _edit_type(conference):
    kind = ContributionType.objects.get(conference=conference)
    kind.abstract_word_limit = 777
    kind.save()
    return "Abstract up to 777 words"


def _add_organisation(conference):
    OrganisationFactory(conference=conference, name="IHRP", role=Organisation.Role.PARTNER)
    return "IHRP"


def _reorder_themes(conference):
    move_in_order(item=Theme.objects.get(conference=conference, slug="displacement"), up=True)
    return None  # checked below: Displacement now comes first


def _move_the_deadline(conference):
    conference.submission_closes = REFERENCE_NOW + dt.timedelta(days=3)
    conference.save()
    return "3 days left."


@pytest.mark.parametrize(
    "change",
    [
        _edit_title,
        _edit_theme,
        _add_theme,
        _delete_theme,
        _edit_question,
        _edit_type,
        _add_organisation,
        _reorder_themes,
        _move_the_deadline,
    ],
)
def test_a_change_to_the_call_shows_at_once(client, frozen_now, conference, change):
    before = client.get(call_url(conference)).text
    assert client.get(call_url(conference)).text == before  # served from the cache

    expected = change(conference)
    after = client.get(call_url(conference)).text

    assert after != before
    if expected is not None:
        assert expected in after
    if change is _delete_theme:
        assert "Displacement" not in after
    if change is _reorder_themes:
        assert after.index("Displacement") < after.index("Migration")


def test_time_left_and_phase_follow_the_clock(client, monkeypatch, conference):
    clock = {"now": REFERENCE_NOW}
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock["now"])
    deadline = conference.submission_closes

    clock["now"] = deadline - dt.timedelta(minutes=10)
    assert "10 minutes left." in client.get(call_url(conference)).text
    clock["now"] = deadline - dt.timedelta(minutes=9, seconds=30)
    assert "9 minutes left." in client.get(call_url(conference)).text
    clock["now"] = deadline
    html = client.get(call_url(conference)).text
    assert "Submissions are closed." in html
    assert "Call open" not in html


def test_a_logged_in_user_never_gets_the_shared_page(client, frozen_now, conference):
    shared = client.get(call_url(conference)).text
    client.force_login(UserFactory(timezone="Asia/Yangon"))

    own = client.get(call_url(conference)).text

    assert own != shared
    assert "In your time zone (Asia/Yangon)" in own
    assert "csrfmiddlewaretoken" in own  # the log-out form
    assert "csrfmiddlewaretoken" not in shared


def test_a_logged_in_users_page_is_not_stored_for_others(
    client, frozen_now, conference, django_assert_num_queries
):
    client.force_login(UserFactory(timezone="Asia/Yangon"))
    client.get(call_url(conference))
    client.logout()

    with django_assert_num_queries(6):  # rendered afresh: nothing was stored
        html = client.get(call_url(conference)).text

    assert "Asia/Yangon" not in html
    assert "csrfmiddlewaretoken" not in html


def test_a_rendering_that_used_a_csrf_token_is_not_stored(
    client, frozen_now, conference, monkeypatch, django_assert_num_queries
):
    from cfp.views import call as call_views

    real_render = call_views.render

    def render_with_a_form(request, *args, **kwargs):
        get_token(request)  # as {% csrf_token %} in a form would
        return real_render(request, *args, **kwargs)

    monkeypatch.setattr(call_views, "render", render_with_a_form)
    client.get(call_url(conference))

    with django_assert_num_queries(6):
        client.get(call_url(conference))


def test_a_visitor_with_a_message_waiting_gets_it(client, frozen_now, conference):
    client.get(call_url(conference))  # stored
    client.force_login(UserFactory())
    client.post(
        reverse("account_logout")
    )  # leaves "You are logged out." (sala's wording of allauth's message) for the next page

    html = client.get(call_url(conference)).text

    assert "You are logged out." in html
    assert "You are logged out." not in client.get(call_url(conference)).text

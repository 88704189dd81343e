"""The organiser area for the call: access, the details form, and the listed items."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from cfp.models import Conference, ContributionType, GuidingQuestion, Organisation, Theme
from tests.factories import (
    ConferenceFactory,
    ContributionTypeFactory,
    GuidingQuestionFactory,
    OrganisationFactory,
    SubmissionFactory,
    ThemeFactory,
    UserFactory,
    organiser_with_mfa,
)

pytestmark = pytest.mark.django_db
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")

KINDS = {
    "theme": ThemeFactory,
    "guiding_question": GuidingQuestionFactory,
    "contribution_type": ContributionTypeFactory,
    "organisation": OrganisationFactory,
}


def url(name, conference, **kwargs):
    return reverse(f"cfp:{name}", kwargs={"conference": conference.slug, **kwargs})


def all_pages(conference):
    """(method, url) of every organiser page of the call, with one item of each kind."""
    pages = [
        ("get", url("organiser_home", conference)),
        ("get", url("organiser_details", conference)),
        ("post", url("organiser_confirm_dates", conference)),
    ]
    for key, factory in KINDS.items():
        item = factory(conference=conference)
        pages += [
            ("get", url(f"organiser_{key}_list", conference)),
            ("get", url(f"organiser_{key}_add", conference)),
            ("get", url(f"organiser_{key}_edit", conference, pk=item.pk)),
            ("get", url(f"organiser_{key}_delete", conference, pk=item.pk)),
            ("post", url(f"organiser_{key}_move", conference, pk=item.pk)),
        ]
    return pages


# --- access


def test_anonymous_goes_to_login(client, conference):
    for method, page in all_pages(conference):
        response = getattr(client, method)(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(reverse("account_login") + "?next="), page


def test_logged_in_non_organiser_is_refused(client, conference):
    client.force_login(UserFactory())
    for method, page in all_pages(conference):
        assert getattr(client, method)(page).status_code == 403, page


def test_organiser_of_another_conference_is_refused(client, conference):
    client.force_login(organiser_with_mfa(ConferenceFactory()))
    for method, page in all_pages(conference):
        assert getattr(client, method)(page).status_code == 403, page


def test_unpublished_conference_is_404_to_strangers(client):
    conference = ConferenceFactory(is_public=False)
    client.force_login(UserFactory())
    assert client.get(url("organiser_home", conference)).status_code == 404


def test_organiser_without_mfa_is_sent_to_set_it_up(client, conference):
    user = UserFactory()
    conference.organisers.add(user)
    client.force_login(user)
    for method, page in all_pages(conference):
        response = getattr(client, method)(page)
        assert response.status_code == 302, page
        assert response["Location"] == reverse("mfa_activate_totp"), page


def test_organiser_sees_every_page(organiser_client, conference):
    for method, page in all_pages(conference):
        if method == "get":
            assert organiser_client.get(page).status_code == 200, page


def test_post_only_actions_refuse_get(organiser_client, conference):
    assert organiser_client.get(url("organiser_confirm_dates", conference)).status_code == 405


def test_items_of_another_conference_are_404(organiser_client, conference):
    for key, factory in KINDS.items():
        foreign = factory()  # another conference
        for action in ("edit", "delete"):
            page = url(f"organiser_{key}_{action}", conference, pk=foreign.pk)
            assert organiser_client.get(page).status_code == 404, page
        page = url(f"organiser_{key}_move", conference, pk=foreign.pk)
        assert organiser_client.post(page, {"direction": "up"}).status_code == 404


# --- the cockpit


def test_home_shows_phase_counts_and_placeholder_warning(organiser_client, frozen_now):
    conference = Conference.objects.get(organisers__isnull=False)
    Conference.objects.filter(pk=conference.pk).update(dates_are_placeholders=True)
    ThemeFactory.create_batch(3, conference=conference)
    html = organiser_client.get(url("organiser_home", conference)).text
    assert "Call open" in html
    assert "Themes</a>: 3" in html
    assert "These dates are placeholders" in html
    assert url("organiser_confirm_dates", conference) in html
    assert "30 days left" in html


def test_confirm_dates(organiser_client, conference):
    Conference.objects.filter(pk=conference.pk).update(dates_are_placeholders=True)
    response = organiser_client.post(url("organiser_confirm_dates", conference))
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.dates_are_placeholders is False
    assert (
        "These dates are placeholders"
        not in organiser_client.get(url("organiser_home", conference)).text
    )


# --- the details form


def details_data(conference, **overrides):
    data = {
        "title": conference.title,
        "subtitle": conference.subtitle,
        "call_text": conference.call_text,
        "venue": "Salaya campus",
        "city": "Bangkok",
        "country": "TH",
        "start_date": "2026-09-01",
        "end_date": "2026-09-02",
        "timezone": "Asia/Bangkok",
        "contact_email": "chair@example.org",
        "submission_opens": "2026-05-01T09:00",
        "submission_closes": "2026-07-15T23:59",
        "reviewing_opens": "2026-07-20",
        "review_deadline": "2026-08-01",
        "notification_date": "2026-08-10",
        "camera_ready_deadline": "2026-08-20",
        "blind_review": "double",
        "reviews_per_submission": "3",
        "reviewer_load": "6",
        "max_upload_megabytes": "10",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def test_details_form_shows_times_in_the_conference_zone(organiser_client, conference):
    # The factory's deadline is 1 July 2026 12:00 UTC = 19:00 in Bangkok.
    html = organiser_client.get(url("organiser_details", conference)).text
    assert 'value="2026-07-01T19:00"' in html
    assert 'type="datetime-local"' in html


def test_details_edit_saves_times_typed_in_the_conference_zone(organiser_client, conference):
    data = details_data(conference, title="A new title")
    response = organiser_client.post(url("organiser_details", conference), data)
    assert response.status_code == 302
    assert response["Location"] == url("organiser_home", conference)
    conference.refresh_from_db()
    assert conference.title == "A new title"
    assert conference.venue == "Salaya campus"
    assert conference.submission_closes == dt.datetime(2026, 7, 15, 23, 59, tzinfo=BANGKOK)
    assert conference.submission_closes == dt.datetime(2026, 7, 15, 16, 59, tzinfo=dt.UTC)
    assert conference.reviewing_opens == dt.date(2026, 7, 20)


def test_times_are_read_in_the_newly_chosen_zone(organiser_client, conference):
    data = details_data(
        conference, timezone="Asia/Ho_Chi_Minh", submission_closes="2026-07-15T12:00"
    )
    assert organiser_client.post(url("organiser_details", conference), data).status_code == 302
    conference.refresh_from_db()
    assert conference.timezone == "Asia/Ho_Chi_Minh"
    assert conference.submission_closes == dt.datetime(2026, 7, 15, 5, 0, tzinfo=dt.UTC)


def test_closing_before_opening_shows_a_clear_message_and_keeps_the_input(
    organiser_client, conference
):
    before = conference.submission_closes
    data = details_data(
        conference,
        title="Typed but not saved",
        submission_opens="2026-07-10T09:00",
        submission_closes="2026-07-01T17:30",
    )
    response = organiser_client.post(url("organiser_details", conference), data)
    assert response.status_code == 200
    html = response.text
    assert "The submission deadline must be after submissions open." in html
    assert "Please correct the marked fields; nothing was saved yet." in html
    assert 'value="2026-07-01T17:30"' in html
    assert 'value="2026-07-10T09:00"' in html
    assert 'value="Typed but not saved"' in html
    conference.refresh_from_db()
    assert conference.submission_closes == before
    assert conference.title != "Typed but not saved"


def test_unknown_timezone_is_refused(organiser_client, conference):
    data = details_data(conference, timezone="Mars/Olympus")
    response = organiser_client.post(url("organiser_details", conference), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_garbled_datetime_is_refused(organiser_client, conference):
    data = details_data(conference, submission_closes="next tuesday")
    response = organiser_client.post(url("organiser_details", conference), data)
    assert response.status_code == 200
    assert "Enter a valid date/time." in response.text
    assert 'value="next tuesday"' in response.text


# --- listed items


def test_add_theme_makes_a_slug_and_goes_last(organiser_client, conference):
    ThemeFactory(conference=conference, order=4)
    response = organiser_client.post(
        url("organiser_theme_add", conference),
        {"title": "Statelessness and birth registration", "slug": "", "description": "*x*"},
    )
    assert response.status_code == 302
    theme = Theme.objects.get(title="Statelessness and birth registration")
    assert theme.slug == "statelessness-and-birth-registration"
    assert theme.order == 5
    assert theme.conference == conference


def test_theme_in_thai_gets_a_fallback_slug(organiser_client, conference):
    organiser_client.post(url("organiser_theme_add", conference), {"title": "การย้ายถิ่น"})
    assert Theme.objects.get(title="การย้ายถิ่น").slug == "theme-1"


def test_duplicate_slug_is_refused(organiser_client, conference):
    ThemeFactory(conference=conference, slug="migration")
    response = organiser_client.post(
        url("organiser_theme_add", conference), {"title": "Migration", "slug": "migration"}
    )
    assert response.status_code == 200
    assert "already uses the short name “migration”" in response.text


def test_edit_guiding_question(organiser_client, conference):
    question = GuidingQuestionFactory(conference=conference)
    response = organiser_client.post(
        url("organiser_guiding_question_edit", conference, pk=question.pk),
        {"text": "How do individuals respond to labels?"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "How do individuals respond to labels?"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("abstract_word_limit", "The abstract word limit must be at least 1 word."),
        ("page_limit", "The page limit must be at least 1 page."),
        ("presentation_minutes", "A presentation must last at least 1 minute."),
    ],
)
def test_contribution_type_limits_must_be_positive(organiser_client, conference, field, message):
    data = {
        "name": "Conceptual studies",
        "abstract_word_limit": "300",
        "page_limit": "20",
        "presentation_minutes": "20",
        field: "0",
    }
    response = organiser_client.post(url("organiser_contribution_type_add", conference), data)
    assert response.status_code == 200
    assert message in response.text
    assert not ContributionType.objects.exists()


def test_add_contribution_type(organiser_client, conference):
    data = {
        "name": "Reports on empirical research",
        "abstract_word_limit": "250",
        "page_limit": "25",
        "presentation_minutes": "20",
        "requires_ethics_statement": "on",
    }
    assert (
        organiser_client.post(url("organiser_contribution_type_add", conference), data).status_code
        == 302
    )
    kind = ContributionType.objects.get()
    assert (kind.slug, kind.abstract_word_limit, kind.requires_ethics_statement) == (
        "reports-on-empirical-research",
        250,
        True,
    )


def test_add_organisation(organiser_client, conference):
    data = {"name": "UN-ACT", "role": "organiser", "url": "un-act.org"}
    assert (
        organiser_client.post(url("organiser_organisation_add", conference), data).status_code
        == 302
    )
    assert Organisation.objects.get().url == "https://un-act.org"


def test_delete_theme(organiser_client, conference):
    theme = ThemeFactory(conference=conference)
    page = url("organiser_theme_delete", conference, pk=theme.pk)
    assert "Delete “" in organiser_client.get(page).text
    assert organiser_client.post(page).status_code == 302
    assert not Theme.objects.exists()


def test_contribution_type_used_by_a_submission_is_not_deleted(organiser_client, conference):
    kind = ContributionTypeFactory(conference=conference)
    SubmissionFactory(conference=conference, contribution_type=kind)
    page = url("organiser_contribution_type_delete", conference, pk=kind.pk)
    response = organiser_client.post(page, follow=True)
    assert "is used by submissions and cannot be deleted" in response.text
    assert ContributionType.objects.filter(pk=kind.pk).exists()


def test_move_up_and_down(organiser_client, conference):
    first = GuidingQuestionFactory(conference=conference, text="First?")
    GuidingQuestionFactory(conference=conference, text="Second?")
    response = organiser_client.post(
        url("organiser_guiding_question_move", conference, pk=first.pk), {"direction": "down"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{first.pk}")
    texts = list(
        GuidingQuestion.objects.filter(conference=conference).values_list("text", flat=True)
    )
    assert texts == ["Second?", "First?"]
    organiser_client.post(
        url("organiser_guiding_question_move", conference, pk=first.pk), {"direction": "sideways"}
    )
    texts = list(
        GuidingQuestion.objects.filter(conference=conference).values_list("text", flat=True)
    )
    assert texts == ["Second?", "First?"]


# --- query counts: they must not grow with the number of rows


def _measure(client, page, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(page).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("key", list(KINDS))
def test_list_page_query_count_does_not_grow(
    organiser_client, conference, django_assert_max_num_queries, key
):
    factory = KINDS[key]
    factory(conference=conference)
    page = url(f"organiser_{key}_list", conference)
    one = _measure(organiser_client, page, django_assert_max_num_queries, 8)
    factory.create_batch(15, conference=conference)
    many = _measure(organiser_client, page, django_assert_max_num_queries, 8)
    assert one == many


def test_home_query_count_does_not_grow(
    organiser_client, conference, django_assert_max_num_queries
):
    for factory in KINDS.values():
        factory(conference=conference)
    page = url("organiser_home", conference)
    one = _measure(organiser_client, page, django_assert_max_num_queries, 13)
    for factory in KINDS.values():
        factory.create_batch(10, conference=conference)
    conference.organisers.add(*UserFactory.create_batch(5))
    many = _measure(organiser_client, page, django_assert_max_num_queries, 13)
    assert one == many

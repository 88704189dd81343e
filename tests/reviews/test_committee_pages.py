"""The committee's pages: the header's committee areas, the home page's links, the
committee and invitation lists (constant queries), roles, removal, and the profile with
its prefill from the person's previous conference (issue 10, committee)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.context_processors import areas_of
from reviews import areas
from reviews.domain import committee as domain
from reviews.models import CommitteeMember
from tests.factories import (
    REFERENCE_NOW,
    CommitteeMemberFactory,
    ConferenceFactory,
    InvitationFactory,
    ThemeFactory,
    organiser_with_mfa,
    theme_chair_with_mfa,
    verified_user,
)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)


def header(response) -> str:
    page = response.content.decode()
    return page[page.index("<header>") : page.index("</header>")]


# --- The header.


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reviewer", "theme_chair"])
def test_a_committee_member_finds_the_committee_in_the_header(client, role):
    conference = ConferenceFactory(slug="mekong", title="Mekong migrations")
    member = CommitteeMemberFactory(conference=conference, role=role)
    client.force_login(member.user)

    response = client.get(reverse("cfp:dashboard"))

    assert (
        '<li class="nav-item"><a class="nav-link" href="/c/mekong/committee/">Committee'
        '<span class="visually-hidden"> — Mekong migrations</span></a></li>'
    ) in header(response)
    assert "/organise/" not in header(response)


@pytest.mark.django_db
def test_an_organiser_finds_both_areas_of_their_conference_in_the_header(client):
    conference = ConferenceFactory(slug="mekong", title="Mekong migrations")
    client.force_login(organiser_with_mfa(conference))

    page = header(client.get(reverse("cfp:dashboard")))

    assert 'href="/c/mekong/organise/">Organiser area' in page
    assert 'href="/c/mekong/committee/">Committee' in page


@pytest.mark.django_db
def test_the_areas_stay_one_query_with_committee_roles():
    user = verified_user()
    ConferenceFactory(
        slug="a", start_date=dt.date(2026, 9, 1), end_date=dt.date(2026, 9, 1)
    ).organisers.add(user)
    CommitteeMemberFactory(
        conference=ConferenceFactory(
            slug="b", start_date=dt.date(2027, 1, 1), end_date=dt.date(2027, 1, 1)
        ),
        user=user,
    )
    CommitteeMemberFactory(
        conference=ConferenceFactory(
            slug="c", start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 1, 1)
        ),
        user=user,
        role="theme_chair",
    )
    ConferenceFactory(slug="d")  # no role
    CommitteeMemberFactory(conference=ConferenceFactory(slug="e"))  # someone else's

    with CaptureQueriesContext(connection) as queries:
        found = [(a.kind, a.url) for a in areas_of(user)]

    assert len(queries) == 1
    assert found == [
        ("committee", "/c/b/committee/"),
        ("organiser", "/c/a/organise/"),
        ("committee", "/c/a/committee/"),
        ("committee", "/c/c/committee/"),
    ]


# --- The home page and its registry.


@pytest.mark.django_db
def test_the_home_page_lists_what_each_person_can_do(client):
    conference = ConferenceFactory(slug="mekong")
    theme = ThemeFactory(conference=conference)
    url = reverse("reviews:committee_home", kwargs={"conference": "mekong"})

    def links(user):
        client.force_login(user)
        return [shown.url for shown in client.get(url).context["links"]]

    assert links(organiser_with_mfa(conference)) == [
        "/c/mekong/committee/members/",
        "/c/mekong/committee/invitations/",
        "/c/mekong/assignment/",
        "/c/mekong/reviews/criteria/",
        "/c/mekong/cockpit/",
        "/c/mekong/reviews/declines/",
        "/c/mekong/cockpit/ranking/",
        "/c/mekong/committee/decisions/",
        "/c/mekong/committee/decisions/mails/",
        "/c/mekong/organise/programme/",  # programme/urls_schedule.py
    ]
    assert links(theme_chair_with_mfa(conference, [theme])) == [
        "/c/mekong/committee/profile/",
        "/c/mekong/committee/members/",
        "/c/mekong/committee/invitations/",
        "/c/mekong/reviewing/",
        "/c/mekong/assignment/",
        "/c/mekong/cockpit/",
        "/c/mekong/reviews/declines/",
        "/c/mekong/cockpit/ranking/",
        "/c/mekong/committee/decisions/",
    ]
    assert links(CommitteeMemberFactory(conference=conference).user) == [
        "/c/mekong/committee/profile/",
        "/c/mekong/reviewing/",
    ]


@pytest.mark.django_db
def test_other_parts_register_their_links(client, monkeypatch):
    monkeypatch.setattr(areas, "_LINKS", dict(areas._LINKS))
    areas.register(
        areas.CommitteeLink(
            key="queue",
            label="Your queue",
            url_name="reviews:committee_profile",
            audience="member",
            order=1,
        )
    )
    areas.register(
        areas.CommitteeLink(
            key="missing", label="Not merged", url_name="reviews:no_such_page", audience="member"
        )
    )
    conference = ConferenceFactory(slug="mekong")
    client.force_login(CommitteeMemberFactory(conference=conference).user)

    response = client.get(reverse("reviews:committee_home", kwargs={"conference": "mekong"}))

    assert [s.link.key for s in response.context["links"]] == [
        "queue",
        "committee_profile",
    ]
    with pytest.raises(ValueError):
        areas.register(areas.CommitteeLink(key="x", label="x", url_name="x", audience="everyone"))


# --- Lists: constant queries whatever their length.


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


MEMBERS_QUERIES = 11  # includes session, user, MFA gate, roles, the header's areas


@pytest.mark.django_db
def test_the_committee_list_costs_the_same_with_one_or_many_members(client):
    conference = ConferenceFactory(slug="mekong")
    themes = [ThemeFactory(conference=conference) for _ in range(3)]
    client.force_login(organiser_with_mfa(conference))
    url = reverse("reviews:committee_members", kwargs={"conference": "mekong"})
    CommitteeMemberFactory(conference=conference, expertise_themes=themes[:1])
    one = _queries(client, url)
    for i in range(12):
        CommitteeMemberFactory(
            conference=conference,
            role="theme_chair" if i % 3 == 0 else "reviewer",
            themes=themes[: i % 3 + 1] if i % 3 == 0 else [],
            expertise_themes=themes,
        )
    assert one == _queries(client, url) == MEMBERS_QUERIES


INVITATIONS_QUERIES = 13


@pytest.mark.django_db
def test_the_invitations_list_costs_the_same_with_one_or_many_rows(client):
    conference = ConferenceFactory(slug="mekong")
    themes = [ThemeFactory(conference=conference) for _ in range(3)]
    organiser = organiser_with_mfa(conference)
    client.force_login(organiser)
    url = reverse("reviews:committee_invitations", kwargs={"conference": "mekong"})
    InvitationFactory(conference=conference, invited_by=organiser, themes=themes[:1])
    one = _queries(client, url)
    for state in ["pending", "accepted", "declined", "revoked"] * 3:
        InvitationFactory(
            conference=conference,
            state=state,
            invited_by=verified_user(),
            accepted_by=verified_user() if state == "accepted" else None,
            themes=themes,
        )
    InvitationFactory(conference=conference, expires_at=REFERENCE_NOW - dt.timedelta(days=1))
    response = client.get(url)
    assert [i.shown_state for i in response.context["invitations"]].count("expired") == 1
    assert response.context["counts"] == {
        "pending": 4,
        "accepted": 3,
        "declined": 3,
        "revoked": 3,
        "expired": 1,
    }
    assert one == _queries(client, url) == INVITATIONS_QUERIES


@pytest.mark.django_db
def test_a_chair_lists_the_reviewer_invitations_of_their_themes(client):
    conference = ConferenceFactory(slug="mekong")
    mine, other = ThemeFactory(conference=conference), ThemeFactory(conference=conference)
    chair = theme_chair_with_mfa(conference, [mine])
    shown = [
        InvitationFactory(conference=conference, themes=[mine]),
        InvitationFactory(conference=conference, invited_by=chair),
    ]
    InvitationFactory(conference=conference, themes=[other])
    InvitationFactory(conference=conference, role="theme_chair", themes=[mine])
    client.force_login(chair)

    response = client.get(reverse("reviews:committee_invitations", kwargs={"conference": "mekong"}))

    assert sorted(i.pk for i in response.context["invitations"]) == sorted(i.pk for i in shown)


# --- Roles and removal.


@pytest.mark.django_db
def test_an_organiser_makes_a_reviewer_a_chair_and_removes_a_member(client):
    conference = ConferenceFactory(slug="mekong")
    theme = ThemeFactory(conference=conference)
    member = CommitteeMemberFactory(conference=conference)
    client.force_login(organiser_with_mfa(conference))
    url = reverse("reviews:committee_member", kwargs={"conference": "mekong", "pk": member.pk})

    no_theme = client.post(url, {"role": "theme_chair"})
    assert no_theme.status_code == 200
    assert client.post(url, {"role": "theme_chair", "themes": [theme.pk]}).status_code == 302
    member.refresh_from_db()
    assert (member.role, list(member.themes.all())) == ("theme_chair", [theme])

    client.post(url, {"role": "reviewer", "themes": [theme.pk]})
    member.refresh_from_db()
    assert (member.role, list(member.themes.all())) == ("reviewer", [])

    remove = reverse(
        "reviews:committee_member_remove", kwargs={"conference": "mekong", "pk": member.pk}
    )
    assert client.get(remove).status_code == 200
    assert client.post(remove).status_code == 302
    assert not CommitteeMember.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_a_member_of_another_conference_is_not_found(client):
    conference = ConferenceFactory(slug="mekong")
    stranger = CommitteeMemberFactory()
    client.force_login(organiser_with_mfa(conference))
    url = reverse("reviews:committee_member", kwargs={"conference": "mekong", "pk": stranger.pk})
    assert client.get(url).status_code == 404


# --- The profile.


@pytest.mark.django_db
def test_a_member_fills_in_their_profile(client):
    conference = ConferenceFactory(slug="mekong", reviewer_load=6)
    theme = ThemeFactory(conference=conference)
    member = CommitteeMemberFactory(conference=conference)
    client.force_login(member.user)
    url = reverse("reviews:committee_profile", kwargs={"conference": "mekong"})
    assert "Empty: the conference's default, 6." in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "expertise_themes": [theme.pk],
            "expertise": "Labour migration from Myanmar to Thailand's fisheries.",
            "keywords": "fisheries, debt bondage; Mae Sot, fisheries",
            "regions": "Thailand, Myanmar",
            "languages": "Thai, Burmese, English",
            "max_load": "4",
            "unavailable": "10–20 March",
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.keywords == ["fisheries", "debt bondage", "Mae Sot"]
    assert (member.regions, member.languages, member.max_load, member.unavailable) == (
        "Thailand, Myanmar",
        "Thai, Burmese, English",
        4,
        "10–20 March",
    )
    assert list(member.expertise_themes.all()) == [theme]
    assert member.effective_max_load == 4


@pytest.mark.django_db
def test_the_profile_is_prefilled_from_the_previous_conference():
    user = verified_user()
    old = ConferenceFactory()
    older = ConferenceFactory()
    CommitteeMemberFactory(conference=older, user=user, expertise="Oldest", regions="Laos")
    previous = CommitteeMemberFactory(
        conference=old,
        user=user,
        expertise="Trafficking in the Mekong",
        keywords=["trafficking"],
        regions="Cambodia",
        languages="Khmer",
        max_load=5,
        expertise_themes=[ThemeFactory(conference=old, slug="trafficking")],
    )
    CommitteeMember.objects.filter(pk=previous.pk).update(joined_at=REFERENCE_NOW + dt.timedelta(1))
    new = ConferenceFactory()
    same_theme = ThemeFactory(conference=new, slug="trafficking")
    ThemeFactory(conference=new, slug="other")

    member, created = domain.add_member(conference=new, user=user, role="reviewer")

    assert created
    member.refresh_from_db()
    assert (
        member.expertise,
        member.keywords,
        member.regions,
        member.languages,
        member.max_load,
    ) == (
        "Trafficking in the Mekong",
        ["trafficking"],
        "Cambodia",
        "Khmer",
        5,
    )
    assert list(member.expertise_themes.all()) == [same_theme]


@pytest.mark.django_db
def test_an_organiser_who_is_not_on_the_committee_has_no_profile(client):
    conference = ConferenceFactory(slug="mekong")
    client.force_login(organiser_with_mfa(conference))
    response = client.get(reverse("reviews:committee_profile", kwargs={"conference": "mekong"}))
    assert response.status_code == 404
    assert "No committee profile" in response.content.decode()


@pytest.mark.django_db
def test_an_empty_profile_opens_with_the_previous_conference_s_answers(client):
    user = verified_user()
    old = ConferenceFactory()
    CommitteeMemberFactory(
        conference=old,
        user=user,
        expertise="Fisheries and debt.",
        keywords=["fisheries"],
        expertise_themes=[ThemeFactory(conference=old, slug="trafficking")],
    )
    conference = ConferenceFactory(slug="mekong")
    theme = ThemeFactory(conference=conference, slug="trafficking")
    member = CommitteeMemberFactory(conference=conference, user=user)  # not through the domain
    client.force_login(user)

    form = client.get(
        reverse("reviews:committee_profile", kwargs={"conference": "mekong"})
    ).context["form"]

    assert form["expertise"].value() == "Fisheries and debt."
    assert form["keywords"].value() == "fisheries"
    assert form["expertise_themes"].value() == [theme.pk]
    member.refresh_from_db()
    assert member.expertise == ""  # nothing saved until the member saves

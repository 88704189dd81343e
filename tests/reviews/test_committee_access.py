"""Who may open each committee page (issue 10, committee): every view, for every actor.

Organisers see all; theme chairs (of this theme or another) manage the committee's work
but not roles; reviewers see their own pages; an author, an organiser of another conference
and a site superuser (who is no organiser, cfp.rules.allowed) get 403 on a published
conference and 404 on an unpublished one; anonymous visitors go to the login page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import (
    REFERENCE_NOW,
    CommitteeMemberFactory,
    ConferenceFactory,
    InvitationFactory,
    SubmissionFactory,
    ThemeFactory,
    organiser_with_mfa,
    theme_chair_with_mfa,
    verified_user,
)

ACTORS = [
    "anonymous",
    "author",
    "reviewer",
    "chair",
    "other_chair",
    "organiser",
    "other_organiser",
    "superuser",
]


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)


def _world(*, public: bool):
    conference = ConferenceFactory(slug="mekong", is_public=public)
    theme = ThemeFactory(conference=conference, title="Categorisations")
    other_theme = ThemeFactory(conference=conference, title="Assistance")
    author = verified_user()
    SubmissionFactory(conference=conference, created_by=author)
    reviewer = verified_user()
    member = CommitteeMemberFactory(conference=conference, user=reviewer)
    other = ConferenceFactory(slug="andaman")
    invitation = InvitationFactory(conference=conference, themes=[theme])
    return {
        "conference": conference,
        "member": member,
        "invitation": invitation,
        "users": {
            "anonymous": None,
            "author": author,
            "reviewer": reviewer,
            "chair": theme_chair_with_mfa(conference, [theme]),
            "other_chair": theme_chair_with_mfa(conference, [other_theme]),
            "organiser": organiser_with_mfa(conference),
            "other_organiser": organiser_with_mfa(other),
            "superuser": verified_user(is_staff=True, is_superuser=True),
        },
    }


# (name, url kwargs builder, method, expected per actor on a published conference)
def _pages(world):
    slug = {"conference": "mekong"}
    member = {**slug, "pk": world["member"].pk}
    invitation = {**slug, "pk": world["invitation"].pk}
    refused = {"anonymous": 302, "author": 403, "other_organiser": 403, "superuser": 403}
    manage = {**refused, "reviewer": 403, "chair": 200, "other_chair": 200, "organiser": 200}
    return [
        ("committee_home", slug, "get", {**manage, "reviewer": 200}),
        ("committee_members", slug, "get", manage),
        ("committee_member", member, "get", manage),
        ("committee_member_remove", member, "get", {**manage, "chair": 403, "other_chair": 403}),
        ("committee_invitations", slug, "get", manage),
        # A chair resends or revokes the reviewer invitations of their themes only.
        ("committee_invitation_resend", invitation, "post", {**manage, "other_chair": 404}),
        ("committee_invitation_revoke", invitation, "post", {**manage, "other_chair": 404}),
        ("committee_invitations_paste", slug, "post", manage),
        # The profile is a member's own: an organiser who is not on the committee has none.
        ("committee_profile", slug, "get", {**manage, "reviewer": 200, "organiser": 404}),
    ]


def _status(client, world, actor, name, kwargs, method):
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)
    url = reverse(f"reviews:{name}", kwargs=kwargs)
    response = getattr(client, method)(url)
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_each_committee_page_answers_each_actor_on_a_published_conference(client, actor):
    world = _world(public=True)
    got, wanted = {}, {}
    for name, kwargs, method, expected in _pages(world):
        response = _status(client, world, actor, name, kwargs, method)
        status = response.status_code
        if status == 302 and actor != "anonymous":
            status = 200  # a successful POST redirects back to its list
        got[name], wanted[name] = status, expected[actor]
        if actor == "anonymous":
            assert response["Location"].startswith("/accounts/login/?next=/c/mekong/committee/")
    assert got == wanted


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["author", "other_organiser", "superuser"])
def test_an_unpublished_conference_is_not_found_for_those_without_a_role(client, actor):
    world = _world(public=False)
    for name, kwargs, method, _expected in _pages(world):
        assert _status(client, world, actor, name, kwargs, method).status_code == 404, name


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["reviewer", "chair", "organiser"])
def test_an_unpublished_conference_opens_to_its_committee(client, actor):
    world = _world(public=False)
    client.force_login(world["users"][actor])
    assert (
        client.get(reverse("reviews:committee_home", kwargs={"conference": "mekong"})).status_code
        == 200
    )


@pytest.mark.django_db
def test_a_chair_cannot_change_roles(client):
    world = _world(public=True)
    client.force_login(world["users"]["chair"])
    url = reverse(
        "reviews:committee_member", kwargs={"conference": "mekong", "pk": world["member"].pk}
    )
    response = client.post(url, {"role": "theme_chair"})
    assert response.status_code == 403
    world["member"].refresh_from_db()
    assert world["member"].role == "reviewer"


@pytest.mark.django_db
def test_a_chair_without_an_authenticator_is_sent_to_set_one_up(client):
    conference = ConferenceFactory(slug="mekong")
    chair = verified_user()
    CommitteeMemberFactory(
        conference=conference,
        user=chair,
        role="theme_chair",
        themes=[ThemeFactory(conference=conference)],
    )
    client.force_login(chair)
    response = client.get(reverse("reviews:committee_members", kwargs={"conference": "mekong"}))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_a_reviewer_needs_no_authenticator_for_their_own_pages(client):
    conference = ConferenceFactory(slug="mekong")
    member = CommitteeMemberFactory(conference=conference)
    client.force_login(member.user)
    assert (
        client.get(
            reverse("reviews:committee_profile", kwargs={"conference": "mekong"})
        ).status_code
        == 200
    )


@pytest.mark.django_db
def test_the_invitation_rule_and_its_queryset_agree():
    """rules.manages_invitation and queries.invitations_managed_by answer alike, per actor."""
    from cfp.rules import allowed
    from reviews.queries import invitations_managed_by

    world = _world(public=True)
    conference = world["conference"]
    chair = world["users"]["chair"]
    theme = conference.themes.get(title="Categorisations")
    invitations = [
        world["invitation"],
        InvitationFactory(conference=conference),
        InvitationFactory(conference=conference, invited_by=chair),
        InvitationFactory(conference=conference, role="theme_chair", themes=[theme]),
        InvitationFactory(
            conference=conference, themes=[conference.themes.get(title="Assistance")]
        ),
    ]
    for actor, user in world["users"].items():
        if user is None:
            continue
        listed = set(invitations_managed_by(user, conference).values_list("pk", flat=True))
        ruled = {i.pk for i in invitations if allowed(user, "reviews.manage_invitation", i)}
        assert listed == ruled, actor
    assert len(ruled) == 0  # superuser, the last actor
    chair_sees = set(invitations_managed_by(chair, conference).values_list("pk", flat=True))
    assert chair_sees == {invitations[0].pk, invitations[2].pk}

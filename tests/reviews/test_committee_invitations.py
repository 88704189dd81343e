"""Committee invitations: sent by mail with a token link that expires, answered after login
or signup with any address, resent, revoked; and pasted lists (issue 10, committee)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from reviews.domain import committee as domain
from reviews.models import CommitteeMember, Invitation
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
def _frozen(monkeypatch, settings):
    settings.SALA_BASE_URL = "https://sala.example.org"
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)


@pytest.fixture
def conference(db):
    return ConferenceFactory(slug="mekong", title="Irregular Migrants, Refugees or Victims?")


def _token(message) -> str:
    match = re.search(
        r"https://sala\.example\.org/c/mekong/committee/join/([^/\s]+)/", message.body
    )
    assert match, message.body
    return match.group(1)


def _invite(client, conference, **data):
    organiser = organiser_with_mfa(conference, full_name="Piyanuch Srisawat")
    client.force_login(organiser)
    with_defaults = {"name": "Trần Văn Minh", "email": "minh@example.org", "role": "reviewer"}
    url = reverse("reviews:committee_invitations", kwargs={"conference": "mekong"})
    return client.post(url, {**with_defaults, **data}), organiser


@pytest.mark.django_db(transaction=True)
def test_an_invitation_mail_names_the_conference_and_carries_a_working_link(client, conference):
    theme = ThemeFactory(conference=conference, title="Categorisations")
    response, organiser = _invite(
        client, conference, role="theme_chair", themes=[theme.pk], name="Siriporn"
    )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["minh@example.org"]
    assert message.subject == (
        "[mekong] Invitation: theme chair of Irregular Migrants, Refugees or Victims?"
    )
    assert "You are invited to be a theme chair of Irregular Migrants, Refugees or Victims?" in (
        message.body
    )
    assert "Themes: Categorisations" in message.body
    assert "Invited by: Piyanuch Srisawat" in message.body
    assert "The link works until 15 Jun 2026, 19:00 (Asia/Bangkok)." in message.body
    token = _token(message)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == domain.hash_token(token)
    assert token not in invitation.token_hash
    assert invitation.expires_at == REFERENCE_NOW + dt.timedelta(days=14)

    # The token works: someone else (any account) accepts it and becomes a theme chair.
    invitee = verified_user(email="minh.tran@university.example")
    client.force_login(invitee)
    url = reverse("reviews:committee_invitation", kwargs={"conference": "mekong", "token": token})
    assert client.get(url).status_code == 200
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302
    assert response["Location"] == "/c/mekong/committee/profile/"
    member = CommitteeMember.objects.get(user=invitee)
    assert (member.role, list(member.themes.all())) == ("theme_chair", [theme])
    invitation.refresh_from_db()
    assert (invitation.state, invitation.accepted_by) == ("accepted", invitee)


@pytest.mark.django_db
def test_the_expiry_is_a_setting(client, conference, settings):
    settings.SALA_COMMITTEE_INVITATION_DAYS = 3
    _invite(client, conference)
    assert Invitation.objects.get().expires_at == REFERENCE_NOW + dt.timedelta(days=3)


@pytest.mark.django_db
def test_anonymous_holders_of_the_link_are_offered_login_and_signup_that_come_back(client):
    conference = ConferenceFactory(slug="mekong")
    InvitationFactory(conference=conference, token="abc")
    url = "/c/mekong/committee/join/abc/"

    page = client.get(url).content.decode()

    assert 'href="/accounts/login/?next=%2Fc%2Fmekong%2Fcommittee%2Fjoin%2Fabc%2F"' in page
    assert 'href="/accounts/signup/?next=%2Fc%2Fmekong%2Fcommittee%2Fjoin%2Fabc%2F"' in page
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert CommitteeMember.objects.count() == 0


@pytest.mark.django_db
def test_signing_up_from_the_link_comes_back_to_it(client):
    conference = ConferenceFactory(slug="mekong")
    InvitationFactory(conference=conference, token="abc")
    url = "/accounts/signup/?next=%2Fc%2Fmekong%2Fcommittee%2Fjoin%2Fabc%2F"
    page = client.get(url).content.decode()
    assert 'name="next" value="/c/mekong/committee/join/abc/"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "status", "reason"),
    [
        ({"expires_at": REFERENCE_NOW - dt.timedelta(seconds=1)}, 410, "expired"),
        ({"state": "revoked"}, 410, "revoked"),
        ({"state": "declined"}, 410, "declined"),
        ({"state": "accepted"}, 410, "accepted"),
    ],
)
def test_an_unusable_link_gets_a_clear_page(client, setup, status, reason):
    conference = ConferenceFactory(slug="mekong")
    InvitationFactory(conference=conference, token="abc", **setup)
    client.force_login(verified_user())

    for method in ("get", "post"):
        response = getattr(client, method)("/c/mekong/committee/join/abc/", {"answer": "accept"})
        assert response.status_code == status
        assert f'data-reason="{reason}"' in response.content.decode()
    assert CommitteeMember.objects.count() == 0


@pytest.mark.django_db
def test_a_wrong_token_or_another_conference_opens_nothing(client):
    conference = ConferenceFactory(slug="mekong")
    ConferenceFactory(slug="andaman")
    InvitationFactory(conference=conference, token="abc")
    client.force_login(verified_user())

    for url in ("/c/mekong/committee/join/abd/", "/c/andaman/committee/join/abc/"):
        response = client.get(url)
        assert response.status_code == 404
        assert 'data-reason="unknown"' in response.content.decode()
    assert client.get("/c/nowhere/committee/join/abc/").status_code == 404


@pytest.mark.django_db
def test_accepting_twice_is_harmless_and_another_account_cannot_reuse_it(client):
    conference = ConferenceFactory(slug="mekong")
    theme = ThemeFactory(conference=conference)
    InvitationFactory(conference=conference, token="abc", themes=[theme])
    first = verified_user()
    client.force_login(first)
    url = "/c/mekong/committee/join/abc/"

    assert client.post(url, {"answer": "accept"}).status_code == 302
    assert client.post(url, {"answer": "accept"})["Location"] == "/c/mekong/committee/"
    assert client.get(url)["Location"] == "/c/mekong/committee/"
    member = CommitteeMember.objects.get()
    assert (member.user, member.role, list(member.expertise_themes.all())) == (
        first,
        "reviewer",
        [theme],
    )

    client.force_login(verified_user())
    assert client.post(url, {"answer": "accept"}).status_code == 410
    assert CommitteeMember.objects.count() == 1


@pytest.mark.django_db
def test_accepting_is_idempotent_in_the_domain():
    conference = ConferenceFactory()
    invitation = InvitationFactory(conference=conference)
    user = verified_user()
    first = domain.accept_invitation(invitation=invitation, user=user)
    again = domain.accept_invitation(invitation=invitation, user=user)
    assert first.pk == again.pk
    assert CommitteeMember.objects.count() == 1


@pytest.mark.django_db
def test_a_reviewer_invited_as_a_chair_becomes_one():
    conference = ConferenceFactory()
    theme = ThemeFactory(conference=conference)
    member = CommitteeMemberFactory(conference=conference)
    invitation = InvitationFactory(conference=conference, role="theme_chair", themes=[theme])
    domain.accept_invitation(invitation=invitation, user=member.user)
    member.refresh_from_db()
    assert (member.role, list(member.themes.all())) == ("theme_chair", [theme])


@pytest.mark.django_db
def test_declining_records_the_reason(client):
    conference = ConferenceFactory(slug="mekong")
    invitation = InvitationFactory(conference=conference, token="abc")
    client.force_login(verified_user())

    response = client.post(
        "/c/mekong/committee/join/abc/", {"answer": "decline", "reason": "No time this year."}
    )

    assert response.status_code == 200
    assert "Invitation declined" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.state, invitation.decline_reason) == ("declined", "No time this year.")
    assert CommitteeMember.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_resending_gives_a_new_token_and_expiry_and_the_old_link_stops(client, conference):
    _invite(client, conference)
    old = _token(mail.outbox[0])
    invitation = Invitation.objects.get()
    invitation.expires_at = REFERENCE_NOW - dt.timedelta(days=1)  # expired: may be resent
    invitation.save()

    response = client.post(
        reverse(
            "reviews:committee_invitation_resend",
            kwargs={"conference": "mekong", "pk": invitation.pk},
        )
    )

    assert response.status_code == 302
    new = _token(mail.outbox[1])
    assert new != old
    invitation.refresh_from_db()
    assert (invitation.send_count, invitation.expires_at) == (
        2,
        REFERENCE_NOW + dt.timedelta(days=14),
    )
    client.force_login(verified_user())
    assert client.get(f"/c/mekong/committee/join/{old}/").status_code == 404
    assert client.get(f"/c/mekong/committee/join/{new}/").status_code == 200


@pytest.mark.django_db
def test_revoking_stops_the_link(client, conference):
    _invite(client, conference)
    invitation = Invitation.objects.get()
    client.post(
        reverse(
            "reviews:committee_invitation_revoke",
            kwargs={"conference": "mekong", "pk": invitation.pk},
        )
    )
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    with pytest.raises(domain.InvitationUnusable) as exc:
        domain.find_invitation(conference=conference, token="whatever")
    assert exc.value.reason == "unknown"


@pytest.mark.django_db
def test_a_pending_address_is_not_invited_twice(client, conference):
    _invite(client, conference)
    response = client.post(
        reverse("reviews:committee_invitations", kwargs={"conference": "mekong"}),
        {"name": "Minh", "email": "MINH@example.org", "role": "reviewer"},
    )
    assert response.status_code == 200
    assert "already has an invitation waiting for an answer" in response.content.decode()
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_a_theme_chair_invites_reviewers_for_their_themes_only(client, conference):
    mine = ThemeFactory(conference=conference, title="Categorisations")
    other = ThemeFactory(conference=conference, title="Assistance")
    chair = theme_chair_with_mfa(conference, [mine])
    client.force_login(chair)
    url = reverse("reviews:committee_invitations", kwargs={"conference": "mekong"})

    refused = client.post(
        url, {"name": "A", "email": "a@example.org", "role": "theme_chair", "themes": [mine.pk]}
    )
    assert refused.status_code == 200
    wrong_theme = client.post(
        url, {"name": "A", "email": "a@example.org", "role": "reviewer", "themes": [other.pk]}
    )
    assert wrong_theme.status_code == 200
    assert Invitation.objects.count() == 0

    client.post(
        url, {"name": "A", "email": "a@example.org", "role": "reviewer", "themes": [mine.pk]}
    )
    invitation = Invitation.objects.get()
    assert (invitation.role, list(invitation.themes.all()), invitation.invited_by) == (
        "reviewer",
        [mine],
        chair,
    )


# --- Pasted lists.

PASTE = "reviews:committee_invitations_paste"


@pytest.mark.django_db(transaction=True)
def test_a_pasted_list_invites_everyone_with_any_separator(client, conference):
    ThemeFactory(conference=conference, title="Categorisations", slug="categorisations")
    ThemeFactory(conference=conference, title="Assistance", slug="assistance")
    organiser = organiser_with_mfa(conference)
    client.force_login(organiser)
    text = (
        "Trần Văn Minh, minh@example.org, reviewer, Categorisations\n"
        "\n"
        "ဒေါ်ခင်မာဝင်း;khin@example.org;chair;categorisations|Assistance\n"
        "Sok Chanthy\tsok@example.org\n"
        "Tran, Van Minh, vm@example.org, Reviewer, assistance, Categorisations\n"
    )

    response = client.post(reverse(PASTE, kwargs={"conference": "mekong"}), {"text": text})

    assert response.status_code == 302
    rows = [
        (i.name, i.email, i.role, sorted(t.title for t in i.themes.all()))
        for i in Invitation.objects.order_by("pk")
    ]
    assert rows == [
        ("Trần Văn Minh", "minh@example.org", "reviewer", ["Categorisations"]),
        ("ဒေါ်ခင်မာဝင်း", "khin@example.org", "theme_chair", ["Assistance", "Categorisations"]),
        ("Sok Chanthy", "sok@example.org", "reviewer", []),
        ("Tran, Van Minh", "vm@example.org", "reviewer", ["Assistance", "Categorisations"]),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r[1] for r in rows)


@pytest.mark.django_db
def test_bad_lines_are_named_nothing_is_sent_and_the_text_is_kept(client, conference):
    ThemeFactory(conference=conference, title="Categorisations")
    client.force_login(organiser_with_mfa(conference))
    InvitationFactory(conference=conference, email="pending@example.org")
    text = (
        "Good Person, good@example.org, reviewer\n"
        "No Email, reviewer\n"
        "Bad Role, bad@example.org, emperor\n"
        "Chair Without Theme, chair@example.org, chair\n"
        "Unknown Theme, ut@example.org, reviewer, Astrology\n"
        "Twice, good@example.org\n"
        "Pending, pending@example.org\n"
        ", noname@example.org\n"
    )

    response = client.post(reverse(PASTE, kwargs={"conference": "mekong"}), {"text": text})

    assert response.status_code == 200
    page = response.content.decode()
    for line, problem in [
        (2, "no email address."),
        (3, "“emperor” is not a role: write reviewer or chair."),
        (4, "a theme chair needs the themes they will chair."),
        (5, "no theme “Astrology” you may invite for."),
        (6, "good@example.org is already on line 1."),
        (7, "pending@example.org already has an invitation waiting for an answer."),
        (8, "no name before the email address."),
    ]:
        assert f"Line {line}: {problem}" in page
    assert "Line 1:" not in page
    assert response.context["bulk"]["text"].value() == text
    assert Invitation.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_pasted_list_has_a_cap(client, conference):
    client.force_login(organiser_with_mfa(conference))
    text = "\n".join(f"P{i}, p{i}@example.org" for i in range(501))
    response = client.post(reverse(PASTE, kwargs={"conference": "mekong"}), {"text": text})
    assert response.status_code == 200
    assert "501 lines: at most 500 at once. Split the list." in response.content.decode()
    assert Invitation.objects.count() == 0


@pytest.mark.django_db
def test_a_chair_cannot_paste_theme_chairs(client, conference):
    theme = ThemeFactory(conference=conference, title="Categorisations")
    client.force_login(theme_chair_with_mfa(conference, [theme]))
    response = client.post(
        reverse(PASTE, kwargs={"conference": "mekong"}),
        {"text": "A, a@example.org, chair, Categorisations"},
    )
    assert "Line 1: only organisers invite theme chairs." in response.content.decode()
    assert Invitation.objects.count() == 0

from django.urls import reverse

from tests.factories import verified_user

PROFILE_URL = reverse("accounts:profile")
PROFILE = {
    "full_name": "Aung San Suu Kyi",
    "sort_name": "",
    "affiliation": "Yangon University",
    "country": "MM",
    "biography": "Works on migration.",
    "orcid": "https://orcid.org/0000-0002-1694-233x",
    "pronouns": "she/her",
}


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={PROFILE_URL}"


def test_profile_shows_the_users_own_data_only(member_client, member):
    other = verified_user(full_name="Somchai Jaidee", affiliation="Chulalongkorn University")
    response = member_client.get(PROFILE_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nguyễn Thị Minh Khai" in content
    assert other.full_name not in content
    assert other.affiliation not in content


def test_profile_edit_saves_every_field_and_normalises_the_orcid(member_client, member):
    response = member_client.post(PROFILE_URL, PROFILE)
    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    member.refresh_from_db()
    assert member.full_name == "Aung San Suu Kyi"
    assert member.sort_name == ""
    assert member.affiliation == "Yangon University"
    assert member.country.code == "MM"
    assert member.biography == "Works on migration."
    assert member.orcid == "0000-0002-1694-233X"
    assert member.pronouns == "she/her"


def test_profile_edit_refuses_an_orcid_with_a_bad_check_digit(member_client, member):
    response = member_client.post(PROFILE_URL, {**PROFILE, "orcid": "0000-0002-1694-2330"})
    assert response.status_code == 200
    assert "check digit is wrong" in response.content.decode()
    member.refresh_from_db()
    assert member.orcid == ""


def test_profile_edit_requires_a_full_name(member_client, member):
    response = member_client.post(PROFILE_URL, {**PROFILE, "full_name": ""})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Thị Minh Khai"


def test_profile_cannot_change_the_email_or_staff_status(member_client, member):
    member_client.post(PROFILE_URL, {**PROFILE, "email": "evil@example.org", "is_staff": "on"})
    member.refresh_from_db()
    assert member.email != "evil@example.org"
    assert member.is_staff is False


def test_profile_page_uses_crispy_bootstrap_and_explains_names(member_client):
    content = member_client.get(PROFILE_URL).content.decode()
    assert 'class="textinput form-control' in content or "form-control" in content
    assert "We never split it into first and last name" in content
    assert reverse("mfa_index") in content
    assert reverse("account_email") in content


def test_pages_for_a_logged_in_user_are_private(member_client):
    response = member_client.get(PROFILE_URL)
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


def test_public_pages_for_anonymous_visitors_are_not_marked_private(client, conference):
    response = client.get(reverse("cfp:call", args=[conference.slug]))
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")


def test_the_same_public_page_is_private_for_a_logged_in_user(member_client, conference):
    response = member_client.get(reverse("cfp:call", args=[conference.slug]))
    assert "private" in response["Cache-Control"]

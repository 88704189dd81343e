import pytest
from django.urls import reverse

from tests.accounts.conftest import add_totp, login, login_with_totp
from tests.factories import ConferenceFactory, verified_user

pytestmark = pytest.mark.urls("tests.accounts.urls")

ADMIN_URL = "/admin/"


@pytest.fixture
def organiser(db):
    return verified_user()


@pytest.fixture
def organised(organiser):
    return ConferenceFactory(organisers=[organiser], is_public=True)


def organiser_url(conference):
    return reverse("test_organiser_page", args=[conference.slug])


# --- organiser pages


def test_organiser_without_mfa_is_sent_to_set_it_up(client, organiser, organised):
    client.force_login(organiser)
    response = client.get(organiser_url(organised))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_organiser_with_mfa_reaches_the_organiser_page(client, organiser, organised):
    secret = add_totp(organiser)
    login_with_totp(client, organiser, secret)
    response = client.get(organiser_url(organised))
    assert response.status_code == 200
    assert response.content == f"organiser page of {organised.slug}".encode()


def test_development_settings_may_relax_the_policy_with_a_banner(
    client, organiser, organised, settings
):
    settings.SALA_ORGANISER_REQUIRES_MFA = False
    client.force_login(organiser)
    assert client.get(organiser_url(organised)).status_code == 200
    response = client.get(reverse("accounts:profile"))
    assert (
        "organisers may use organiser pages without two-factor authentication"
        in response.content.decode()
    )


def test_the_banner_is_absent_when_the_policy_is_on(client, organiser):
    client.force_login(organiser)
    response = client.get(reverse("accounts:profile"))
    assert "without two-factor authentication" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_login_not_to_mfa(client, organised):
    response = client.get(organiser_url(organised))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_non_organiser_is_refused(client, organised):
    client.force_login(verified_user())
    assert client.get(organiser_url(organised)).status_code == 403


# --- the Django admin


@pytest.fixture
def staff(db):
    return verified_user(is_staff=True, is_superuser=True)


def test_admin_sends_anonymous_visitors_to_the_site_login(client, db):
    response = client.get(ADMIN_URL)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={ADMIN_URL}"


def test_admin_refuses_users_who_are_not_staff(client, db):
    user = verified_user()
    secret = add_totp(user)
    login_with_totp(client, user, secret)
    response = client.get(ADMIN_URL, follow=True)
    assert response.status_code == 403


def test_admin_sends_staff_without_mfa_to_set_it_up(client, staff):
    login(client, staff.email)
    response = client.get(ADMIN_URL, follow=True)
    chain = [url for url, _status in response.redirect_chain]
    # allauth asks for the password again before a second factor is added.
    assert chain[-2:] == [
        reverse("mfa_activate_totp"),
        f"{reverse('account_reauthenticate')}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F",
    ]


def test_admin_asks_staff_who_logged_in_with_a_password_only_to_confirm_mfa(client, staff):
    add_totp(staff)
    client.force_login(staff)  # a session that never passed the MFA step
    response = client.get(ADMIN_URL, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2F"


def test_admin_is_open_to_staff_who_passed_mfa(client, staff):
    secret = add_totp(staff)
    login_with_totp(client, staff, secret)
    response = client.get(ADMIN_URL)
    assert response.status_code == 200
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    assert staff.email in response.content.decode()


def test_admin_mfa_records_of_another_user_do_not_count(client, staff):
    other = verified_user(is_staff=True)
    secret = add_totp(other)
    login_with_totp(client, other, secret)
    add_totp(staff)
    client.force_login(staff)  # same browser, another account, no MFA step
    response = client.get(ADMIN_URL)
    assert response.status_code == 302


def test_admin_follows_the_development_relaxation(client, staff, settings):
    settings.SALA_ORGANISER_REQUIRES_MFA = False
    client.force_login(staff)
    assert client.get(ADMIN_URL).status_code == 200


def test_admin_opens_after_confirming_the_authenticator_code(client, staff):
    from tests.accounts.conftest import totp_code

    secret = add_totp(staff)
    client.force_login(staff)
    response = client.get(ADMIN_URL, follow=True)
    reauthenticate_url = response.redirect_chain[-1][0]
    response = client.post(reauthenticate_url, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == ADMIN_URL
    assert client.get(ADMIN_URL).status_code == 200


def test_admin_login_does_not_redirect_off_site(client, staff, settings):
    settings.SALA_ORGANISER_REQUIRES_MFA = False
    client.force_login(staff)
    response = client.get("/admin/login/?next=//evil.example/")
    assert response.status_code == 302
    assert response["Location"] == ADMIN_URL

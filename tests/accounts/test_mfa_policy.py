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


def _activate_totp_through_the_pages(client) -> None:
    """Confirm the password, scan (read) the secret, send its code: allauth's own pages."""
    from tests.accounts.conftest import PASSWORD, totp_code

    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302  # allauth asks for the password first
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == reverse("mfa_activate_totp")
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")


def test_after_setting_up_mfa_the_organiser_goes_back_to_the_page_asked_for(
    client, organiser, organised
):
    login(client, organiser.email)
    asked_for = organiser_url(organised) + "?tab=dates"
    assert client.get(asked_for)["Location"] == reverse("mfa_activate_totp")

    _activate_totp_through_the_pages(client)

    page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert (
        '<a class="btn btn-primary" href="/test-organiser/'
        f'{organised.slug}/?tab=dates">Continue to the page you asked for</a>'
    ) in page
    response = client.get(asked_for)
    assert response.status_code == 200
    assert response.content == f"organiser page of {organised.slug}".encode()
    # Back on the page: the way back is no longer offered.
    page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "Continue to the page you asked for" not in page


def test_setting_up_mfa_from_the_account_pages_offers_no_organiser_page(client, organiser):
    login(client, organiser.email)
    _activate_totp_through_the_pages(client)
    page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "Recovery codes" in page
    assert "Continue to the page you asked for" not in page


def test_only_a_page_opened_with_get_is_kept_for_after_mfa_setup(client, organiser, organised):
    from accounts.mfa import MFA_RETURN_SESSION_KEY

    client.force_login(organiser)
    response = client.post(organiser_url(organised))
    assert response["Location"] == reverse("mfa_activate_totp")
    assert MFA_RETURN_SESSION_KEY not in client.session
    client.get(organiser_url(organised))
    assert client.session[MFA_RETURN_SESSION_KEY] == organiser_url(organised)


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

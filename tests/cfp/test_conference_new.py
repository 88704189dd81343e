"""The staff page that creates a conference (/staff/conferences/new/)."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from cfp.models import Conference
from tests.accounts.conftest import add_totp, login, login_with_totp
from tests.factories import ConferenceFactory, organiser_with_mfa, verified_user

pytestmark = pytest.mark.django_db
URL = reverse("cfp:conference_new")
VIENTIANE = zoneinfo.ZoneInfo("Asia/Vientiane")

DATA = {
    "title": "Mobility and protection in the Mekong",
    "slug": "mekong-2027",
    "timezone": "Asia/Vientiane",
    "start_date": "2027-06-14",
    "end_date": "2027-06-16",
    "submission_opens": "2027-01-10T09:00",
    "submission_closes": "2027-03-31T23:59",
}


@pytest.fixture
def staff(db):
    return verified_user(full_name="Site Staff", is_staff=True)


@pytest.fixture
def staff_client(client, staff):
    """Staff who logged in with their password and authenticator code."""
    login_with_totp(client, staff, add_totp(staff))
    return client


# --- access


def test_anonymous_goes_to_login(client):
    for method in (client.get, client.post):
        response = method(URL)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={URL}"


def test_non_staff_are_refused_even_with_mfa_and_as_organisers(client):
    client.force_login(organiser_with_mfa(ConferenceFactory()))
    assert client.get(URL).status_code == 403
    assert client.post(URL, DATA).status_code == 403
    assert not Conference.objects.filter(slug="mekong-2027").exists()


def test_non_staff_who_passed_mfa_are_refused(client):
    user = verified_user()
    login_with_totp(client, user, add_totp(user))
    assert client.get(URL).status_code == 403


def test_staff_without_mfa_are_sent_to_set_it_up(client, staff):
    login(client, staff.email)
    for response in (client.get(URL), client.post(URL, DATA)):
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    assert not Conference.objects.filter(slug="mekong-2027").exists()


def test_staff_who_logged_in_with_a_password_only_confirm_their_code(client, staff):
    add_totp(staff)
    client.force_login(staff)  # a session that never passed the MFA step
    response = client.get(URL)
    assert response.status_code == 302
    next_ = "?next=%2Fstaff%2Fconferences%2Fnew%2F"
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}{next_}"


def test_staff_who_passed_mfa_see_the_form(staff_client):
    response = staff_client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    for name in DATA:
        assert f'name="{name}"' in content


def test_the_path_cannot_collide_with_a_conference_slug(staff_client):
    ConferenceFactory(slug="new")
    assert staff_client.get(URL).status_code == 200
    assert reverse("cfp:call", kwargs={"conference": "new"}) == "/c/new/"


# --- creating


def test_staff_create_a_conference_and_become_its_organiser(staff_client, staff):
    response = staff_client.post(URL, DATA)

    conference = Conference.objects.get(slug="mekong-2027")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "cfp:organiser_home", kwargs={"conference": "mekong-2027"}
    )
    assert list(conference.organisers.all()) == [staff]
    assert conference.title == "Mobility and protection in the Mekong"
    assert conference.timezone == "Asia/Vientiane"
    assert conference.start_date == dt.date(2027, 6, 14)
    assert conference.end_date == dt.date(2027, 6, 16)
    # Typed in the conference's time zone, not the server's.
    assert conference.submission_opens == dt.datetime(2027, 1, 10, 9, 0, tzinfo=VIENTIANE)
    assert conference.submission_closes == dt.datetime(2027, 3, 31, 23, 59, tzinfo=VIENTIANE)
    assert conference.is_public is False
    assert staff_client.get(response["Location"]).status_code == 200


def test_closing_before_opening_is_refused(staff_client):
    response = staff_client.post(URL, {**DATA, "submission_closes": "2027-01-01T00:00"})

    assert response.status_code == 200
    assert "The submission deadline must be after submissions open." in response.content.decode()
    assert not Conference.objects.exists()


def test_a_slug_in_use_is_refused(staff_client):
    ConferenceFactory(slug="mekong-2027")

    response = staff_client.post(URL, DATA)

    assert response.status_code == 200
    assert "Conference with this Short name in addresses already exists." in (
        response.content.decode()
    )
    assert Conference.objects.count() == 1


def test_end_before_start_is_refused(staff_client):
    response = staff_client.post(URL, {**DATA, "end_date": "2027-06-01"})

    assert "The last day cannot be before the first day." in response.content.decode()
    assert not Conference.objects.exists()

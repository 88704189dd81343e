"""The user's optional time zone: chosen on the profile page, validated against zoneinfo."""

import pytest
from django.core.exceptions import ValidationError

from accounts.forms import ProfileForm
from accounts.models import timezone_choices
from tests.accounts.test_profile import PROFILE, PROFILE_URL
from tests.factories import UserFactory


def test_choices_are_iana_zones_from_zoneinfo():
    names = [name for name, _label in timezone_choices()]
    assert names == sorted(names[:-1]) + ["UTC"]
    assert {"Asia/Bangkok", "Asia/Yangon", "Asia/Ho_Chi_Minh", "Asia/Vientiane"} <= set(names)
    assert dict(timezone_choices())["Asia/Ho_Chi_Minh"] == "Asia/Ho Chi Minh"
    assert not [name for name in names if name.startswith(("Etc/", "posix/", "right/"))]


def test_the_field_is_optional_and_validated(db):
    user = UserFactory(timezone="")
    user.full_clean()
    user.timezone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert list(error.value.message_dict) == ["timezone"]


def test_profile_form_saves_the_time_zone(member_client, member):
    response = member_client.post(PROFILE_URL, {**PROFILE, "timezone": "Asia/Yangon"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.timezone == "Asia/Yangon"
    assert member.full_name == "Aung San Suu Kyi"
    member_client.post(PROFILE_URL, {**PROFILE, "timezone": ""})
    member.refresh_from_db()
    assert member.timezone == ""


def test_profile_form_refuses_an_unknown_time_zone(member_client, member):
    response = member_client.post(PROFILE_URL, {**PROFILE, "timezone": "Asia/Atlantis"})
    assert response.status_code == 200
    assert "Select a valid choice. Asia/Atlantis is not one of the available choices." in (
        response.content.decode()
    )
    member.refresh_from_db()
    assert member.timezone == ""


def test_profile_page_offers_the_time_zone_with_help(member_client):
    content = member_client.get(PROFILE_URL).content.decode()
    assert '<option value="Asia/Yangon">Asia/Yangon</option>' in content
    assert "Not set: use the browser&#x27;s time zone" in content
    assert "Deadlines are then also shown in this time zone, even without JavaScript." in content


def test_the_form_field_lists_an_empty_choice_first(db):
    form = ProfileForm(instance=UserFactory())
    assert form.fields["timezone"].choices[0][0] == ""
    assert form.fields["timezone"].required is False

"""The organisers page: who runs a conference, appointing and removing organisers."""

import logging

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from cfp.domain import organisers as domain_organisers
from tests.factories import (
    ConferenceFactory,
    EmailAddressFactory,
    UserFactory,
    organiser_with_mfa,
    verified_user,
)

pytestmark = pytest.mark.django_db


def list_url(conference):
    return reverse("cfp:organiser_organisers", kwargs={"conference": conference.slug})


def remove_url(conference, person):
    return reverse(
        "cfp:organiser_organiser_remove", kwargs={"conference": conference.slug, "pk": person.pk}
    )


def pages(conference, organiser):
    """(method, url) of every organiser-management page; POSTs empty (they would be refused)."""
    return [
        ("get", list_url(conference)),
        ("post", list_url(conference)),
        ("get", remove_url(conference, organiser)),
        ("post", remove_url(conference, organiser)),
    ]


# --- access: every page, every kind of actor


def test_anonymous_goes_to_login(client, conference, organiser):
    for method, page in pages(conference, organiser):
        response = getattr(client, method)(page)
        assert response.status_code == 302, page
        assert response["Location"] == f"{reverse('account_login')}?next={page}"


def test_logged_in_non_organiser_is_refused(client, conference, organiser):
    client.force_login(verified_user())
    for method, page in pages(conference, organiser):
        assert getattr(client, method)(page).status_code == 403, page
    assert list(conference.organisers.all()) == [organiser]


def test_organiser_of_another_conference_is_refused(client, conference, organiser):
    client.force_login(organiser_with_mfa(ConferenceFactory()))
    for method, page in pages(conference, organiser):
        assert getattr(client, method)(page).status_code == 403, page
    assert list(conference.organisers.all()) == [organiser]


def test_organiser_without_mfa_is_sent_to_set_it_up(client, conference, organiser):
    without = verified_user()
    conference.organisers.add(without)
    client.force_login(without)
    for method, page in pages(conference, organiser):
        response = getattr(client, method)(page)
        assert response.status_code == 302, page
        assert response["Location"] == reverse("mfa_activate_totp")
    assert conference.organisers.count() == 2


def test_organiser_sees_both_pages(organiser_client, conference, organiser):
    assert organiser_client.get(list_url(conference)).status_code == 200
    assert organiser_client.get(remove_url(conference, organiser)).status_code == 200


def test_someone_who_is_not_an_organiser_cannot_be_removed_404(organiser_client, conference):
    stranger = verified_user()
    assert organiser_client.get(remove_url(conference, stranger)).status_code == 404
    assert organiser_client.post(remove_url(conference, stranger)).status_code == 404


def test_other_methods_are_refused(organiser_client, conference, organiser):
    assert organiser_client.put(list_url(conference)).status_code == 405
    assert organiser_client.delete(remove_url(conference, organiser)).status_code == 405


# --- the list


def test_list_names_each_organiser_and_links_the_nav(organiser_client, conference, organiser):
    other = verified_user(full_name="Somchai Jaidee", email="somchai@example.org")
    conference.organisers.add(other)

    content = organiser_client.get(list_url(conference)).content.decode()

    assert "Chair Person" in content
    assert "Somchai Jaidee" in content
    assert "somchai@example.org" in content
    assert remove_url(conference, other) in content
    assert remove_url(conference, organiser) in content
    home = organiser_client.get(
        reverse("cfp:organiser_home", kwargs={"conference": conference.slug})
    )
    assert home.content.decode().count(f'href="{list_url(conference)}"') == 2  # nav and panel


@pytest.mark.parametrize("extra", [0, 12])
def test_list_queries_do_not_grow_with_organisers(
    organiser_client, conference, extra, django_assert_num_queries
):
    for _ in range(extra):
        conference.organisers.add(UserFactory())
    # session, user, conference, is-organiser, has-MFA, the organisers, their changes,
    # the header's areas
    with django_assert_num_queries(8):
        response = organiser_client.get(list_url(conference))
    assert response.status_code == 200
    assert response.content.decode().count('class="list-group-item ') == 1 + extra


# --- adding


def test_adding_an_account_by_its_verified_address(
    organiser_client, conference, organiser, django_capture_on_commit_callbacks
):
    other = verified_user(full_name="Somchai Jaidee", email="Somchai@Example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(list_url(conference), {"email": "somchai@example.ORG"})

    assert response.status_code == 302
    assert response["Location"] == list_url(conference)
    assert set(conference.organisers.all()) == {organiser, other}
    [message] = mail.outbox
    assert message.to == ["Somchai@Example.org"]
    assert message.subject == f"[{conference.slug}] You are now an organiser of {conference.title}"
    assert "Chair Person made you an organiser of" in message.body
    assert "two-factor authentication" in message.body
    assert f"/c/{conference.slug}/organise/" in message.body
    assert "/accounts/2fa/" in message.body
    page = organiser_client.get(list_url(conference)).content.decode()
    assert "Somchai Jaidee is now an organiser. They were sent an email." in page


def test_an_address_without_an_account_asks_to_sign_up_first(
    organiser_client, conference, organiser
):
    response = organiser_client.post(list_url(conference), {"email": "nobody@example.org"})

    assert response.status_code == 200
    assert (
        "No account has this verified address. Ask them to sign up and confirm their address "
        "first, then add them here." in response.content.decode()
    )
    assert list(conference.organisers.all()) == [organiser]
    assert mail.outbox == []


def test_an_unverified_address_is_treated_as_no_account(organiser_client, conference, organiser):
    unverified = UserFactory(email="new@example.org")
    EmailAddressFactory(user=unverified, verified=False)
    second = verified_user(email="known@example.org")
    EmailAddress.objects.create(user=second, email="second@example.org", verified=False)

    for address in ("new@example.org", "second@example.org"):
        response = organiser_client.post(list_url(conference), {"email": address})
        assert "No account has this verified address." in response.content.decode()
    assert list(conference.organisers.all()) == [organiser]


LOOKUP_LIMIT_MESSAGE = (
    "You have looked up too many addresses in the last hour. To protect people's privacy, "
    "please try again later."
)


def test_account_lookups_are_limited_per_organiser(organiser_client, conference, organiser):
    """Whether an address has an account is confidential: 10 lookups an hour per organiser;
    the 11th is refused without looking, whether the address has an account or not."""
    known = verified_user(email="known@example.org")
    for index in range(10):
        response = organiser_client.post(list_url(conference), {"email": f"n{index}@example.org"})
        assert response.context["form"].errors == {
            "email": [
                "No account has this verified address. Ask them to sign up and confirm their "
                "address first, then add them here."
            ]
        }

    response = organiser_client.post(list_url(conference), {"email": known.email})

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": [LOOKUP_LIMIT_MESSAGE]}
    assert list(conference.organisers.all()) == [organiser]
    assert mail.outbox == []


def test_the_lookup_limit_is_per_organiser(client, conference, organiser):
    other = organiser_with_mfa(conference)
    client.force_login(organiser)
    for index in range(10):
        client.post(list_url(conference), {"email": f"n{index}@example.org"})
    assert client.post(list_url(conference), {"email": "x@example.org"}).context["form"].errors == {
        "email": [LOOKUP_LIMIT_MESSAGE]
    }

    client.force_login(other)
    response = client.post(list_url(conference), {"email": "x@example.org"})

    assert response.context["form"].errors["email"][0].startswith("No account has this")


def test_a_malformed_address_is_no_lookup(organiser_client, conference, organiser):
    for _index in range(12):
        organiser_client.post(list_url(conference), {"email": "not an address"})
    response = organiser_client.post(list_url(conference), {"email": "x@example.org"})

    assert response.context["form"].errors["email"][0].startswith("No account has this")


def test_each_lookup_is_logged_without_the_address(organiser_client, conference, organiser, caplog):
    with caplog.at_level(logging.INFO, logger="cfp.forms.call"):
        organiser_client.post(list_url(conference), {"email": "secret@example.org"})

    assert [r.getMessage() for r in caplog.records if r.name == "cfp.forms.call"] == [
        f"Account lookup: organiser {organiser.pk}, conference {conference.slug}"
    ]
    assert "secret@example.org" not in caplog.text


def test_a_refused_lookup_is_logged_too(organiser_client, conference, organiser, caplog):
    for index in range(10):
        organiser_client.post(list_url(conference), {"email": f"n{index}@example.org"})
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="cfp.forms.call"):
        organiser_client.post(list_url(conference), {"email": "secret@example.org"})

    assert [r.getMessage() for r in caplog.records if r.name == "cfp.forms.call"] == [
        f"Account lookup refused (rate limit): organiser {organiser.pk}, "
        f"conference {conference.slug}"
    ]
    assert "secret@example.org" not in caplog.text


def test_adding_an_organiser_twice_is_refused(organiser_client, conference, organiser):
    response = organiser_client.post(list_url(conference), {"email": organiser.email})

    assert "They are already an organiser." in response.content.decode()
    assert mail.outbox == []


def test_a_mail_is_sent_only_after_commit(
    conference, organiser, django_capture_on_commit_callbacks
):
    other = verified_user()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert domain_organisers.add_organiser(conference=conference, user=other, by=organiser)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_add_organiser_is_idempotent(conference, organiser):
    assert domain_organisers.add_organiser(conference=conference, user=organiser, by=organiser) is (
        False
    )
    assert mail.outbox == []


# --- removing


def test_removing_another_organiser(organiser_client, conference, organiser):
    other = verified_user(full_name="Somchai Jaidee")
    conference.organisers.add(other)

    page = organiser_client.get(remove_url(conference, other)).content.decode()
    assert "Remove Somchai Jaidee as organiser?" in page
    response = organiser_client.post(remove_url(conference, other))

    assert response.status_code == 302
    assert response["Location"] == list_url(conference)
    assert list(conference.organisers.all()) == [organiser]
    assert other.pk  # the account stays


def test_removing_oneself_while_another_remains(organiser_client, conference, organiser):
    other = verified_user()
    conference.organisers.add(other)

    page = organiser_client.get(remove_url(conference, organiser)).content.decode()
    assert "Stop organising this conference?" in page
    response = organiser_client.post(remove_url(conference, organiser))

    assert response.status_code == 302
    assert response["Location"] == reverse("cfp:dashboard")
    assert list(conference.organisers.all()) == [other]
    assert organiser_client.get(list_url(conference)).status_code == 403


def test_the_last_organiser_cannot_be_removed(organiser_client, conference, organiser):
    page = organiser_client.get(remove_url(conference, organiser)).content.decode()
    assert "Chair Person is the only organiser" in page
    assert 'class="btn btn-danger"' not in page  # no button to press

    response = organiser_client.post(remove_url(conference, organiser), follow=True)

    assert response.redirect_chain == [(list_url(conference), 302)]
    assert (
        f"Chair Person is the only organiser of {conference.title}: appoint another organiser "
        "first." in response.content.decode()
    )
    assert list(conference.organisers.all()) == [organiser]


def test_domain_refuses_removing_someone_who_is_not_an_organiser(conference, organiser):
    with pytest.raises(domain_organisers.OrganiserChangeRefused):
        domain_organisers.remove_organiser(conference=conference, user=UserFactory(), by=organiser)

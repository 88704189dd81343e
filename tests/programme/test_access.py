"""Every camera-ready and visa-letter view and download, for every kind of person."""

import pytest
from django.urls import reverse

from tests.factories import CameraReadyFactory, VisaLetterRequestFactory

PEOPLE = [
    "anonymous",
    "editor",
    "coauthor",
    "other_author",
    "reviewer",
    "organiser",
    "foreign_organiser",
    "superuser",
]

LOGIN = "login"


def _get(client, world, who, url, method="get"):
    person = world[who]
    if person is not None:
        client.force_login(person)
    response = getattr(client, method)(url)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


def _author_url(world, name):
    s = world["submission"]
    return reverse(name, kwargs={"conference": s.conference.slug, "reference": s.reference})


@pytest.fixture
def now(frozen_now):
    return frozen_now


EXPECTED_CAMERA_READY = dict(zip(PEOPLE, [LOGIN, 200, 403, 404, 404, 403, 404, 404]))
EXPECTED_FINAL_PDF = dict(zip(PEOPLE, [LOGIN, 200, 200, 404, 404, 200, 404, 404]))
EXPECTED_VISA_FORM = dict(zip(PEOPLE, [LOGIN, 200, 200, 404, 404, 403, 404, 404]))
EXPECTED_LETTER = dict(zip(PEOPLE, [LOGIN, 404, 200, 404, 404, 200, 404, 404]))
EXPECTED_ORGANISER_PAGE = dict(zip(PEOPLE, [LOGIN, 403, 403, 403, 403, 200, 403, 403]))
EXPECTED_ORGANISER_POST = dict(zip(PEOPLE, [LOGIN, 403, 403, 403, 403, 302, 403, 403]))


@pytest.mark.parametrize("who", PEOPLE)
def test_camera_ready_page(client, world, now, who):
    assert (
        _get(client, world, who, _author_url(world, "programme:camera_ready"))
        == (EXPECTED_CAMERA_READY[who])
    )


@pytest.mark.parametrize("who", PEOPLE)
def test_final_pdf_download(client, world, now, who):
    CameraReadyFactory(submission=world["submission"])
    assert (
        _get(client, world, who, _author_url(world, "programme:camera_ready_file"))
        == (EXPECTED_FINAL_PDF[who])
    )


@pytest.mark.parametrize("who", PEOPLE)
def test_visa_letter_form(client, world, now, who):
    assert (
        _get(client, world, who, _author_url(world, "programme:visa_letter_request"))
        == (EXPECTED_VISA_FORM[who])
    )


@pytest.mark.parametrize("who", PEOPLE)
def test_visa_letter_download(client, world, now, who):
    letter = VisaLetterRequestFactory(
        submission=world["submission"], requester=world["coauthor"], state="approved"
    )
    url = reverse(
        "programme:visa_letter_download", kwargs={"conference": "mekong", "pk": letter.pk}
    )
    assert _get(client, world, who, url) == EXPECTED_LETTER[who]


def test_unapproved_letter_is_refused_to_its_requester(client, world, now):
    letter = VisaLetterRequestFactory(submission=world["submission"], requester=world["coauthor"])
    client.force_login(world["coauthor"])
    url = reverse(
        "programme:visa_letter_download", kwargs={"conference": "mekong", "pk": letter.pk}
    )
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("name", ["organiser_camera_ready", "organiser_visa_letters"])
def test_organiser_pages(client, world, now, who, name):
    url = reverse(f"programme:{name}", kwargs={"conference": "mekong"})
    assert _get(client, world, who, url) == EXPECTED_ORGANISER_PAGE[who]


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", ["remind", "reopen", "decide"])
def test_organiser_actions(client, world, now, who, action):
    s = world["submission"]
    if action == "remind":
        url = reverse("programme:organiser_camera_ready_remind", kwargs={"conference": "mekong"})
    elif action == "reopen":
        url = reverse(
            "programme:organiser_camera_ready_reopen",
            kwargs={"conference": "mekong", "reference": s.reference},
        )
    else:
        letter = VisaLetterRequestFactory(submission=s, requester=world["coauthor"])
        url = reverse(
            "programme:organiser_visa_decide", kwargs={"conference": "mekong", "pk": letter.pk}
        )
    assert _get(client, world, who, url, method="post") == EXPECTED_ORGANISER_POST[who]


def test_passport_data_only_on_the_requester_and_organiser_pages(client, world, now):
    VisaLetterRequestFactory(
        submission=world["submission"], requester=world["coauthor"], passport_number="X9876543"
    )
    client.force_login(world["editor"])
    page = client.get(_author_url(world, "programme:visa_letter_request"))
    assert b"X9876543" not in page.content
    client.force_login(world["coauthor"])
    assert b"X9876543" in client.get(_author_url(world, "programme:visa_letter_request")).content
    client.force_login(world["organiser"])
    url = reverse("programme:organiser_visa_letters", kwargs={"conference": "mekong"})
    assert b"X9876543" in client.get(url).content

"""End to end through HTTP: an author signs up, verifies, drafts, adds a co-author, uploads,
submits and gets the confirmation mail; the co-author signs up and confirms."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from cfp.models import Submission, SubmissionState
from tests.factories import (
    REFERENCE_NOW,
    ConferenceFactory,
    ContributionTypeFactory,
    ThemeFactory,
)
from tests.pdfs import make_pdf, upload

PASSWORD = "a long passphrase for sala"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def conference(db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    conference = ConferenceFactory(slug="mekong", title="Irregular Migrants, Refugees or Victims?")
    ContributionTypeFactory(conference=conference, name="Research paper", page_limit=10)
    ThemeFactory(conference=conference, title="Categorisations")
    return conference


def confirmation_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up_and_verify(client, commit, email: str, full_name: str) -> None:
    with commit():
        response = client.post(
            "/accounts/signup/",
            {"email": email, "password1": PASSWORD, "password2": PASSWORD, "full_name": full_name},
        )
    assert response.status_code == 302
    message = [m for m in mail.outbox if m.to == [email]][-1]
    response = client.post(confirmation_path(message))
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_author_journey(client, conference, commit):
    # Sign up and verify the address: logged in.
    sign_up_and_verify(client, commit, "lan@example.org", "Nguyễn Thị Lan")

    # The call's form, then a first draft with almost nothing in it.
    new = reverse("cfp:submission_create", kwargs={"conference": "mekong"})
    page = client.get(new)
    assert page.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)
    draft = {
        "token": token,
        "title": "Marriage migration across the border",
        "action": "save",
        "authors-TOTAL_FORMS": "2",
        "authors-INITIAL_FORMS": "1",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "authors-0-full_name": "Nguyễn Thị Lan",
        "authors-0-email": "lan@example.org",
        "authors-0-is_presenter": "on",
        "authors-0-is_corresponding": "on",
        "authors-0-is_editor": "on",
        "authors-0-public_name": "on",
        "authors-1-public_name": "on",
    }
    response = client.post(new, draft)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.state == SubmissionState.DRAFT
    edit = Submission.objects.get().author_url("cfp:submission_edit")
    assert response["Location"] == edit + "#problems"

    # Add a co-author, fill in the rest, upload the paper: saved as a draft.
    me = submission.authorships.get()
    complete = {
        **draft,
        "revision": str(submission.revision),
        "contribution_type": str(conference.contribution_types.get().pk),
        "abstract": "Marriage migration from northern Viet Nam to Yunnan, seen by returnees.",
        "keywords": "marriage migration, Viet Nam, China",
        "themes": [str(conference.themes.get().pk)],
        "authors-0-id": str(me.pk),
        "authors-1-full_name": "王秀英",
        "authors-1-email": "wang@example.org",
        "authors-1-affiliation": "Yunnan University",
        "authors-1-country": "CN",
        "paper": upload(make_pdf(pages=3)),
    }
    del complete["token"]
    with commit():
        response = client.post(edit, complete)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox][-1] == ["wang@example.org"]  # the co-author's invitation
    invitation = mail.outbox[-1]
    ref = submission.public_reference  # authors never see the organisers' number
    assert invitation.subject == "[sala] An author, lan@example.org, named you as a co-author"
    assert "Marriage migration" not in invitation.body  # nothing of the paper to a typed address
    submission.refresh_from_db()
    assert submission.files.get().page_count == 3

    # Submit from the submission's page; every confirmed author gets the confirmation (the
    # co-author has not confirmed yet: their typed address gets nothing about the paper).
    mail.outbox.clear()
    detail = client.get(submission.get_absolute_url()).content.decode()
    assert Submission.objects.get().author_url("cfp:submission_submit") in detail
    with commit():
        response = client.post(Submission.objects.get().author_url("cfp:submission_submit"))
    assert response["Location"] == submission.get_absolute_url()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert [m.to for m in mail.outbox] == [["lan@example.org"]]
    confirmation = next(m for m in mail.outbox if m.to == ["lan@example.org"])
    assert confirmation.subject == f"[mekong] Submission {ref} received"
    assert f"Reference: {ref}" in confirmation.body
    assert "Authors: Nguyễn Thị Lan; 王秀英" in confirmation.body
    assert (
        f"http://localhost:8000/c/mekong/submissions/{submission.reference}/" in confirmation.body
    )

    # The dashboard shows it, submitted, with the paper.
    dashboard = client.get(reverse("cfp:dashboard")).content.decode()
    assert "<bdi>Marriage migration across the border</bdi>" in dashboard
    assert "version 1, 3 pages" in dashboard

    # The co-author signs up with the invited address, sees it and confirms authorship.
    client.post(reverse("account_logout"))
    sign_up_and_verify(client, commit, "wang@example.org", "王秀英")
    dashboard = client.get(reverse("cfp:dashboard")).content.decode()
    assert "Confirm that you are an author of this paper." in dashboard
    client.post(Submission.objects.get().author_url("cfp:submission_confirm_authorship"))
    assert submission.authorships.get(email="wang@example.org").confirmed_at == REFERENCE_NOW
    # A co-author who is not an editor reads but does not edit.
    assert client.get(edit).status_code == 403

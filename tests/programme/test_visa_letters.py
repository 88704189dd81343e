"""Visa invitation letters: request, decision, the PDF, purge after the conference, privacy."""

import datetime as dt
import io

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts import personal_data
from programme import domain
from programme.letters import LetterData, build_visa_letter
from programme.models import VisaLetterRequest
from tests.factories import REFERENCE_NOW, OrganisationFactory, VisaLetterRequestFactory


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    # Line breaks fall where the layout wraps: compare words, not lines.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_letter_pdf_contents():
    pdf = build_visa_letter(
        LetterData(
            conference_title="Irregular Migrants, Refugees or Victims of Human-Trafficking?",
            conference_subtitle="Analysis, Advocacy and Assistance",
            organisers=["UN-ACT", "Mahidol University"],
            venue="Salaya campus",
            city="Bangkok",
            country="Thailand",
            start_date=dt.date(2017, 6, 15),
            end_date=dt.date(2017, 6, 16),
            contact_email="chair@example.org",
            applicant_name="NGUYEN VAN AN",
            nationality="Viet Nam",
            passport_number="C1234567",
            travel_from=dt.date(2017, 6, 13),
            travel_to=dt.date(2017, 6, 18),
            paper_title="Brokers & borders",
            paper_reference="K7QM-2XPA",
            issued_on=dt.date(2017, 5, 1),
            signatory="Chair Person",
        )
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert reader.metadata.title == (
        "Invitation letter: Irregular Migrants, Refugees or Victims of Human-Trafficking?"
    )
    text = _text(pdf)
    for expected in [
        "Irregular Migrants, Refugees or Victims of Human-Trafficking?",
        "UN-ACT · Mahidol University",
        "Salaya campus, Bangkok, Thailand · chair@example.org",
        "1 May 2017",
        "NGUYEN VAN AN",
        "Viet Nam",
        "C1234567",
        "13 June 2017 to 18 June 2017",
        "Brokers & borders",
        "K7QM-2XPA",
        "from 15 June 2017 to 16 June 2017",
        "Chair Person",
    ]:
        assert expected in text, expected


def test_request_decide_and_download(client, world, frozen_now):
    submission = world["submission"]
    OrganisationFactory(conference=world["conference"], name="Mahidol University")
    client.force_login(world["coauthor"])
    url = reverse(
        "programme:visa_letter_request",
        kwargs={"conference": "mekong", "reference": submission.reference},
    )
    data = {
        "passport_name": "SOMCHAI JAIDEE",
        "nationality": "Thai",
        "passport_number": "AA1234567",
        "travel_from": "2026-08-30",
        "travel_to": "2026-08-29",
    }
    assert client.post(url, data).status_code == 200
    data["travel_to"] = "2026-09-03"
    assert client.post(url, data).status_code == 302
    letter = VisaLetterRequest.objects.get()
    assert (letter.requester, letter.state) == (world["coauthor"], "requested")

    client.force_login(world["organiser"])
    decide = reverse(
        "programme:organiser_visa_decide", kwargs={"conference": "mekong", "pk": letter.pk}
    )
    client.post(decide, {"decision": "decline"})
    letter.refresh_from_db()
    assert letter.state == "requested"  # a declined letter needs a reason
    client.post(decide, {"decision": "approve"})
    letter.refresh_from_db()
    assert (letter.state, letter.decided_by, letter.decided_at) == (
        "approved",
        world["organiser"],
        REFERENCE_NOW,
    )

    client.force_login(world["coauthor"])
    download = reverse(
        "programme:visa_letter_download", kwargs={"conference": "mekong", "pk": letter.pk}
    )
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "SOMCHAI JAIDEE" in text and "AA1234567" in text
    assert "Mahidol University" in text and submission.public_reference in text
    assert "Chair Person" in text
    assert "no-store" in response["Cache-Control"]


def test_decline_with_reason(world):
    letter = VisaLetterRequestFactory(submission=world["submission"], requester=world["coauthor"])
    with pytest.raises(domain.VisaLetterRefused):
        domain.decide_visa_letter(
            letter=letter, by=world["organiser"], now=REFERENCE_NOW, approve=False
        )
    domain.decide_visa_letter(
        letter=letter, by=world["organiser"], now=REFERENCE_NOW, approve=False, reason="Too late."
    )
    letter.refresh_from_db()
    assert (letter.state, letter.decline_reason) == ("declined", "Too late.")


def test_purge_after_the_retention_time(world, settings):
    # The conference ends on 2 September 2026; data is kept 30 days after that.
    settings.SALA_VISA_DATA_RETENTION_DAYS = 30
    VisaLetterRequestFactory(submission=world["submission"], requester=world["coauthor"])
    kept = domain.purge_visa_data(now=dt.datetime(2026, 10, 2, 23, 0, tzinfo=dt.UTC))
    assert kept == 0 and VisaLetterRequest.objects.count() == 1
    assert domain.purge_visa_data(now=dt.datetime(2026, 10, 3, 1, tzinfo=dt.UTC)) == 1
    assert VisaLetterRequest.objects.count() == 0


def test_purge_command_and_beat_schedule(world, monkeypatch, settings):
    VisaLetterRequestFactory(submission=world["submission"], requester=world["coauthor"])
    monkeypatch.setattr("django.utils.timezone.now", lambda: dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    out = io.StringIO()
    call_command("purge_visa_data", stdout=out)
    assert out.getvalue() == "Deleted 1 visa letter requests.\n"
    assert settings.CELERY_BEAT_SCHEDULE["programme-purge-visa-data"]["task"] == (
        "programme.tasks.purge_visa_data"
    )


def test_account_export_and_erase(world):
    VisaLetterRequestFactory(submission=world["submission"], requester=world["coauthor"])
    exported = personal_data.exporters()["programme"](world["coauthor"])
    assert [r["passport_number"] for r in exported["visa_letter_requests"]] == ["C1234567"]
    assert personal_data.exporters()["programme"](world["editor"])["visa_letter_requests"] == []
    personal_data.erasers()["programme"](world["coauthor"])
    assert VisaLetterRequest.objects.count() == 0


def test_account_deletion_preview_names_the_requests(world):
    VisaLetterRequestFactory(submission=world["submission"], requester=world["coauthor"])
    preview = personal_data.deletion_previews()["programme"](world["coauthor"])
    reference = world["submission"].public_reference
    assert [(s.heading, s.items) for s in preview.sections] == [
        (
            "These visa letter requests will be deleted:",
            [f"Visa letter for {world['conference'].title} ({reference})"],
        )
    ]
    assert personal_data.deletion_previews()["programme"](world["editor"]).sections == []


def test_deleting_the_account_deletes_the_passport_data(world):
    from accounts.domain import delete_account

    VisaLetterRequestFactory(submission=world["submission"], requester=world["coauthor"])
    delete_account(user=world["coauthor"])
    assert VisaLetterRequest.objects.count() == 0


def test_letter_names_beyond_latin1_with_a_truetype_font(world):
    from programme.domain import _letter_font

    font = _letter_font("SALA_LETTER_FONT", "DejaVuSans.ttf")
    if not font:
        pytest.skip("no DejaVu font on this system (Debian: fonts-dejavu-core)")
    letter = VisaLetterRequestFactory(
        submission=world["submission"],
        requester=world["editor"],
        passport_name="Nguyễn Thị Minh Khai",
        state="approved",
    )
    pdf = build_visa_letter(domain.letter_data(letter, issued_on=dt.date(2026, 6, 1)))
    assert "Nguyễn Thị Minh Khai" in _text(pdf)
    fonts = {
        str(f["/BaseFont"])
        for f in pypdf.PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
    }
    assert "/AAAAAA+DejaVuSans" in fonts, fonts  # embedded as a subset

"""The camera-ready journey in a real browser: an accepted author uploads the final version
and asks for a visa letter; an organiser sees who is missing, approves the letter; the author
downloads it. On a desktop and a phone screen, axe-core on every page."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from tests.e2e.journey import Tab
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    DecisionFactory,
    SubmissionFactory,
    organiser_with_mfa,
    verified_user,
)
from tests.pdfs import make_pdf


@pytest.fixture
def accepted(transactional_db, frozen_now):
    conference = ConferenceFactory(
        slug="mekong",
        title="Irregular Migrants, Refugees or Victims?",
        camera_ready_deadline=dt.date(2026, 6, 15),
    )
    paper = ContributionTypeFactory(conference=conference, name="Research paper", page_limit=5)
    author = verified_user(full_name="Nguyễn Thị Minh Khai")
    submission = SubmissionFactory(
        conference=conference,
        created_by=author,
        state="accepted",
        title="Who counts as a victim?",
        contribution_type=paper,
    )
    AuthorshipFactory(submission=submission, user=author, is_editor=True, is_presenter=True)
    AuthorshipFactory(submission=submission, full_name="Somchai Jaidee", order=1)
    # Accepted with required revisions, released: the final version must address them.
    DecisionFactory(
        submission=submission,
        outcome="accept_revisions",
        required_revisions="Explain how consent was obtained.",
        released_at=REFERENCE_NOW - dt.timedelta(days=2),
    )
    return submission


def test_camera_ready_journey(page, accepted, log_in, tmp_path):
    tab = Tab(page)
    author = accepted.created_by
    base = f"/c/mekong/submissions/{accepted.reference}"
    organiser = organiser_with_mfa(accepted.conference, full_name="Chair Person")

    # The organiser sees the paper missing.
    log_in(page, organiser)
    tab.goto("/c/mekong/organise/camera-ready/")
    assert page.get_by_text("1 accepted paper has no confirmed final version.").count() == 1
    assert page.locator("tbody tr").first.get_by_text("Not yet").count() == 1
    assert page.get_by_text("Required, not addressed yet").count() == 1
    reminder = page.locator(".reminder-subject").inner_text()
    assert "Action needed: final version of your paper" in reminder

    # The author uploads the final version and keeps a co-author's name out of print.
    page.context.clear_cookies()
    log_in(page, author)
    tab.goto(f"{base}/")  # from the submission's page
    tab.follow(page.get_by_role("link", name="Final version (camera-ready)"))
    assert page.get_by_text("Explain how consent was obtained.").count() == 1
    final = tmp_path / "final.pdf"
    final.write_bytes(make_pdf(pages=2))
    page.get_by_label("Title").fill("Who counts as a victim? Final")
    page.get_by_label("Final version (PDF)").set_input_files(str(final))
    page.get_by_label("No").check()
    page.get_by_label("Short biography").fill("Researcher in Hanoi.")
    page.get_by_label("Somchai Jaidee: name and affiliation may be printed in public").uncheck()
    # Without saying how the revisions were addressed, the version is not confirmed.
    tab.follow(page.get_by_role("button", name="Save and confirm the final version"))
    assert (
        page.get_by_text("Say how this version addresses each of the required revisions.").count()
        >= 1
    )
    assert page.get_by_label("Title").input_value() == "Who counts as a victim? Final"
    page.get_by_label("Final version (PDF)").set_input_files(str(final))
    page.get_by_label("How this version addresses the required revisions").fill(
        "A new section on informed consent."
    )
    tab.follow(page.get_by_role("button", name="Save and confirm the final version"))
    assert page.get_by_text("Your final version is saved and confirmed.").count() == 1

    # ... and asks for a visa letter.
    tab.follow(page.get_by_role("link", name="Need a visa invitation letter?"))
    page.get_by_label("Name as in the passport").fill("NGUYEN THI MINH KHAI")
    page.get_by_label("Nationality").fill("Viet Nam")
    page.get_by_label("Passport number").fill("C7654321")
    page.get_by_label("Arrival").fill("2026-08-30")
    page.get_by_label("Departure").fill("2026-09-03")
    tab.follow(page.get_by_role("button", name="Send the request"))
    assert page.get_by_text("Requested").count() == 1

    # The organiser sees the revisions addressed, with the authors' response, and approves
    # the letter.
    page.context.clear_cookies()
    log_in(page, organiser)
    tab.goto("/c/mekong/organise/camera-ready/")
    page.get_by_text("Addressed", exact=True).click()
    assert page.get_by_text("A new section on informed consent.").is_visible()
    tab.goto("/c/mekong/organise/visa-letters/")
    page.get_by_label("Approve").check()
    tab.follow(page.get_by_role("button", name="Save"))
    assert page.get_by_text("Decision saved.").count() == 1

    # The author downloads the letter.
    page.context.clear_cookies()
    log_in(page, author)
    tab.goto(f"{base}/visa-letter/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the letter (PDF)").click()
    with open(download_info.value.path(), "rb") as letter:
        reader = pypdf.PdfReader(io.BytesIO(letter.read()))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "NGUYEN THI MINH KHAI" in text and "C7654321" in text
    assert "Who counts as a victim? Final" in text
    tab.finish()

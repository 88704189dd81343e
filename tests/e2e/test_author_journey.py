"""The author's journey in a real browser: sign up, confirm the address from the mail, log
in, submit with a co-author and a PDF, edit, withdraw; on a desktop and a phone screen."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from cfp.models import Submission, SubmissionState
from tests.e2e.journey import Tab, path_of
from tests.factories import ConferenceFactory, ContributionTypeFactory, ThemeFactory
from tests.pdfs import make_pdf

PASSWORD = "a long passphrase for sala"
COAUTHOR_EMAIL = "wangxiuying.researchassistant@anthropology.yunnanuniversity.example.edu.cn"


@pytest.fixture
def call(transactional_db, frozen_now):
    conference = ConferenceFactory(
        slug="mekong", title="Irregular Migrants, Refugees or Victims?", is_public=True
    )
    ContributionTypeFactory(
        conference=conference, name="Research paper", abstract_word_limit=100, page_limit=10
    )
    ThemeFactory(conference=conference, title="Categorisations")
    ThemeFactory(conference=conference, title="Assistance")
    return conference


def confirmation_path(email: str) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_author_journey(page, call, tmp_path, settings):
    # As under `make run`: development settings show their banner above every page.
    settings.SALA_ORGANISER_REQUIRES_MFA = False
    tab = Tab(page)
    email = "lan@example.org"

    # The call, then "Submit a paper": log in or sign up first.
    tab.goto("/c/mekong/")
    assert page.get_by_text("Development settings").is_visible()
    tab.follow(page.get_by_role("link", name="Submit a paper").first)
    tab.follow(page.get_by_role("link", name="Sign up").last)

    # Sign up.
    # Fields by name: the server's contract, whatever their labels say.
    page.locator("[name=email]").fill(email)
    page.locator("[name=full_name]").fill("Nguyễn Thị Lan")
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    tab.follow(page.get_by_role("button", name="Sign up"))
    assert path_of(page.url) == "/accounts/confirm-email/"

    # Confirm the address from the link in the mail.
    tab.goto(confirmation_path(email))
    tab.follow(page.get_by_role("button", name=re.compile("confirm", re.I)))
    # Logged in and back where "Submit a paper" led: the new submission form.
    assert path_of(page.url) == "/c/mekong/submissions/new/"
    form = page.locator("form.submission-form")
    form.get_by_label("Research paper").check()
    form.locator("[name=title]").fill("Marriage migration across the border")
    form.locator("[name=abstract]").fill(
        "Marriage migration from northern Viet Nam to Yunnan, seen by returnees."
    )
    form.locator("[name=keywords]").fill("marriage migration, Viet Nam, China")
    form.get_by_label("Categorisations").check()
    form.locator("[name='authors-1-full_name']").fill("王秀英")
    # Long unbroken strings, as people have them: they must wrap, not widen a phone's page.
    form.locator("[name='authors-1-email']").fill(COAUTHOR_EMAIL)
    form.locator("[name='authors-1-affiliation']").fill("Yunnan University")
    paper = tmp_path / "Marriage-migration-across-the-northern-border-anonymised-final-v3.pdf"
    paper.write_bytes(make_pdf(pages=3))
    form.locator("[name=paper]").set_input_files(paper)
    tab.assert_fits_screen()
    submit = form.get_by_role("button", name="Save and submit")
    tab.assert_reachable(submit)
    tab.follow(submit)
    submission = Submission.objects.get()
    assert path_of(page.url) == f"/c/mekong/submissions/{submission.reference}/"
    assert submission.state == SubmissionState.SUBMITTED
    assert list(submission.authorships.values_list("full_name", "email")) == [
        ("Nguyễn Thị Lan", email),
        ("王秀英", COAUTHOR_EMAIL),
    ]
    assert submission.files.get().page_count == 3
    tab.assert_fits_screen()

    # Log out, and back in with the password.
    tab.log_out()
    tab.follow(page.get_by_role("link", name="Log in").first)
    page.locator("[name=login]").fill(email)
    page.locator("[name=password]").fill(PASSWORD)
    tab.follow(page.get_by_role("button", name="Log in"))

    # Logged in: the dashboard; from there to the submission, then edit it.
    assert path_of(page.url) == "/dashboard/"
    tab.follow(page.get_by_role("link", name=re.compile("Marriage migration across the border")))
    tab.follow(page.get_by_role("link", name=re.compile("^Edit")).first)
    tab.assert_fits_screen()
    form = page.locator("form.submission-form")
    form.locator("[name=title]").fill("Marriage migration across the northern border")
    save = form.get_by_role("button", name="Save changes")
    tab.assert_reachable(save)
    tab.follow(save)
    submission.refresh_from_db()
    assert submission.title == "Marriage migration across the northern border"

    # Withdraw: a confirmation page, then the button.
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    tab.follow(breadcrumb.get_by_role("link", name=submission.public_reference))
    tab.follow(page.get_by_role("link", name="Withdraw this submission"))
    main = page.locator("main")
    main.get_by_role("checkbox").check()
    tab.follow(main.get_by_role("button", name="Withdraw"))
    submission.refresh_from_db()
    assert submission.state == SubmissionState.WITHDRAWN
    assert path_of(page.url) == f"/c/mekong/submissions/{submission.reference}/"
    tab.finish()

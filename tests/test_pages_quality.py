"""Every page of the portal held to the project's promises.

- Semantic, accessible HTML: ``<html lang>``, one ``<main>``, a title, exactly one ``<h1>``
  (one page, one topic: the h1 names it; sections below are h2, h3, …), headings that never
  skip a level downwards, a label for every visible control, alt on every image, a name for
  every link and button, unique ids, a viewport meta (phones).
- The Content-Security-Policy (our own origin only) can hold: no inline script bodies, no
  ``style=`` attributes or ``<style>`` elements, no ``on…=`` handlers, no ``javascript:``
  URLs, nothing loaded from another origin (no CDN); and the CSP header is sent.
- Pages for a logged-in user send ``Cache-Control: private``.
- Every state-changing request is refused without a CSRF token (403) and changes nothing.
- Every user-facing string goes through the translation machinery (templates and Python).
- The colours of static/css/sala.css reach WCAG AA contrast.

PAGES classifies every URL pattern of the project (a guard test fails on a new one): who
looks at it, what a GET answers, whether it is an HTML page. Django's admin is left out as a
whole (its templates are Django's, its users staff); see ``OUT_OF_SCOPE``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cfp.models import SubmissionState
from tests import pages
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    CommitteeMemberFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    CustomAnswerFactory,
    CustomQuestionFactory,
    GuidingQuestionFactory,
    InvitationFactory,
    OrganisationFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    ThemeFactory,
    organiser_with_mfa,
    verified_user,
)
from tests.pdfs import make_pdf

PASSWORD = "correct horse battery staple"
ROOT = Path(settings.BASE_DIR)

# --- the table of pages -----------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """How to look at one URL pattern.

    ``get``: the expected status of a GET (405 for POST-only endpoints, which are still
    classified and CSRF-tested), or a path prefix for a documented redirect. ``html``: whether
    a 200 is an HTML page (False for downloads). ``number``: "submission" or "draft" for URLs
    with a submission number. ``setup``: a state to bring the actor's session into first
    (allauth's key-bearing links get real keys, see ``_key_kwargs``). ``data``: a POST that
    would change something if the CSRF check let it through.
    """

    name: str
    actor: str  # anonymous, author, coauthor, organiser, staff
    get: int | str = 200
    html: bool = True
    number: str = "submission"
    setup: str = ""
    data: dict[str, str] = field(default_factory=dict, hash=False)


POST_ONLY = 405  # require_POST views answer a GET with 405 Method Not Allowed
# Documented redirects that are permanent (301): pages merged into another.
MOVED_PERMANENTLY = {"reviews:mine"}

PAGES = [
    # --- the site (config/urls.py): /favicon.ico answers with our icon, not a 404
    Page("favicon", "anonymous", "/static/img/favicon.svg", html=False),
    # --- the public call (cfp/views/call.py)
    Page("cfp:current_call", "anonymous", "/c/"),  # redirects to the open call
    Page("cfp:call", "anonymous"),
    Page("cfp:theme", "anonymous"),
    Page("cfp:contribution_type", "anonymous"),
    # --- the author (cfp/views/dashboard.py, cfp/views/submissions/)
    Page("cfp:dashboard", "author"),
    Page("cfp:submission_create", "author", data={"title": "Changed"}),
    Page("cfp:submission_detail", "author"),
    Page("cfp:submission_edit", "author", number="draft", data={"title": "Changed"}),
    Page("cfp:submission_submit", "author", POST_ONLY, number="draft"),
    Page("cfp:submission_withdraw", "author"),
    Page("cfp:submission_confirm_authorship", "coauthor", POST_ONLY),
    Page("cfp:submission_file_download", "author", html=False),
    # --- the organiser (cfp/views/organiser.py, cfp/views/organiser_submissions.py)
    Page("cfp:organiser_home", "organiser"),
    Page("cfp:organiser_details", "organiser", data={"title": "Changed"}),
    Page("cfp:organiser_confirm_dates", "organiser", POST_ONLY),
    *(
        page
        for kind in ("theme", "guiding_question", "contribution_type", "organisation")
        for page in (
            Page(f"cfp:organiser_{kind}_list", "organiser"),
            Page(f"cfp:organiser_{kind}_add", "organiser", data={"title": "New", "name": "New"}),
            Page(f"cfp:organiser_{kind}_edit", "organiser", data={"title": "New", "name": "New"}),
            Page(f"cfp:organiser_{kind}_delete", "organiser"),
            Page(f"cfp:organiser_{kind}_move", "organiser", POST_ONLY, data={"direction": "up"}),
        )
    ),
    Page("cfp:organiser_submissions", "organiser"),
    Page("cfp:organiser_submissions_csv", "organiser", html=False),
    Page("cfp:organiser_submissions_xlsx", "organiser", html=False),
    Page("cfp:organiser_submission_detail", "organiser"),
    Page(
        "cfp:organiser_submission_reopen",
        "organiser",
        POST_ONLY,
        data={"until": "2026-06-20T12:00"},
    ),
    Page("cfp:organiser_submission_close", "organiser", POST_ONLY),
    Page("cfp:organiser_questions", "organiser"),
    Page("cfp:organiser_question_add", "organiser", data={"text": "New?", "kind": "text"}),
    Page("cfp:organiser_question_edit", "organiser", data={"text": "New?", "kind": "text"}),
    Page("cfp:organiser_question_delete", "organiser"),
    Page("cfp:organiser_question_move", "organiser", POST_ONLY, data={"direction": "up"}),
    Page("cfp:organiser_organisers", "organiser", data={"email": "somchai@example.org"}),
    Page("cfp:organiser_organiser_remove", "organiser"),
    # --- staff (cfp/views/organiser.py): after confirming their authenticator code
    Page(
        "cfp:conference_new",
        "staff",
        setup="reauthenticated",
        data={"title": "New", "slug": "new-conference"},
    ),
    Page("cfp:organiser_step_in", "staff", setup="reauthenticated", data={"reason": "Help"}),
    # --- the user's own pages (accounts/views.py)
    Page("accounts:profile", "author", data={"full_name": "Changed"}),
    Page("accounts:export_data", "author", POST_ONLY),
    Page("accounts:delete", "author", data={"password": PASSWORD}),
    # --- allauth: account
    Page("account_login", "anonymous", data={"login": "khai@example.org", "password": PASSWORD}),
    Page("account_logout", "author"),
    Page("account_inactive", "anonymous"),
    Page(
        "account_signup",
        "anonymous",
        data={
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "full_name": "New",
        },
    ),
    Page("account_reauthenticate", "author", data={"password": PASSWORD}),
    # Re-authentication by a code mailed to the user (for accounts without a usable password).
    Page("account_request_reauthentication_code", "author"),
    # Without a code requested first, back to the request page.
    Page("account_confirm_reauthentication_code", "author", "/accounts/reauthenticate/code/"),
    Page("account_email", "author", data={"action_add": "", "email": "new@example.org"}),
    Page("account_email_verification_sent", "anonymous"),
    Page(
        "account_change_password",
        "author",
        data={"oldpassword": PASSWORD, "password1": "a new pass!", "password2": "a new pass!"},
    ),
    # The user has a password: "set" sends them to "change".
    Page("account_set_password", "author", "/accounts/password/change/"),
    Page("account_reset_password", "anonymous", data={"email": "khai@example.org"}),
    # Login by a mailed code (the way in that no stranger's wrong passwords block).
    Page("account_request_login_code", "anonymous", data={"email": "khai@example.org"}),
    # Without a login in progress there is no code to confirm.
    Page("account_confirm_login_code", "anonymous", "/accounts/login/"),
    Page("account_confirm_email", "anonymous", setup="unverified_address"),
    Page("account_reset_password_from_key_done", "anonymous"),
    # The key moves into the session and the browser is sent to a key-less address, which
    # shows the form (allauth's protection against the key leaking in a Referer).
    Page("account_reset_password_from_key", "anonymous", "/accounts/password/reset/key/"),
    Page("account_reset_password_done", "anonymous"),
    # --- reviews: the chair's cockpit and the committee's discussion (issue 12)
    Page("reviews:cockpit_progress", "organiser"),
    Page("reviews:cockpit_remind", "organiser", POST_ONLY, data={"everyone": "on"}),
    Page("reviews:cockpit_ranking", "organiser"),
    Page("reviews:cockpit_ranking_csv", "organiser", html=False),
    Page("reviews:cockpit_ranking_xlsx", "organiser", html=False),
    Page("reviews:discussion", "organiser", data={"text": "A message."}),
    Page("reviews:meta_review", "organiser", POST_ONLY, data={"meta-text": "A summary."}),
    # --- allauth: two-factor authentication
    Page("mfa_index", "organiser"),
    Page("mfa_authenticate", "anonymous", setup="login_stage", data={"code": "123456"}),
    Page("mfa_reauthenticate", "organiser", data={"code": "123456"}),
    Page("mfa_activate_totp", "author", setup="reauthenticated", data={"code": "123456"}),
    Page("mfa_deactivate_totp", "organiser", setup="reauthenticated"),
    Page("mfa_view_recovery_codes", "organiser", setup="reauthenticated"),
    Page("mfa_generate_recovery_codes", "organiser", setup="reauthenticated"),
    Page("mfa_download_recovery_codes", "organiser", html=False, setup="reauthenticated"),
    # --- reviews: the committee (the co-author is also a reviewer of the conference)
    Page("reviews:committee_home", "organiser"),
    Page("reviews:committee_members", "organiser"),
    Page("reviews:committee_member", "organiser", data={"role": "reviewer"}),
    Page("reviews:committee_member_remove", "organiser"),
    Page(
        "reviews:committee_invitations",
        "organiser",
        data={"name": "Lê Thị Hương", "email": "huong@example.org", "role": "reviewer"},
    ),
    Page(
        "reviews:committee_invitations_paste",
        "organiser",
        POST_ONLY,
        data={"text": "Lê Thị Hương, huong@example.org"},
    ),
    Page("reviews:committee_invitation_resend", "organiser", POST_ONLY, data={"x": "1"}),
    Page("reviews:committee_invitation_revoke", "organiser", POST_ONLY, data={"x": "1"}),
    Page("reviews:committee_profile", "coauthor"),  # every field may be left empty
    Page("reviews:committee_invitation", "anonymous"),
    # --- reviews: the assignment (helper `assign`; the co-author is a reviewer assigned to
    # the draft, see _assignment_world); reviewers download assigned papers only
    Page("reviews:assignment_home", "organiser", data={"min_load": "1"}),
    Page("reviews:assignment_start", "organiser", POST_ONLY, data={"x": "1"}),
    Page("reviews:assignment_run", "organiser"),
    Page("reviews:assignment_confirm", "organiser", POST_ONLY, data={"x": "1"}),
    Page("reviews:assignment_submissions", "organiser"),
    Page("reviews:assignment_submission", "organiser", data={"action": "quota", "reviews": "1"}),
    Page("reviews:queue", "coauthor"),
    Page("reviews:queue_download", "organiser", 404, html=False),
    # --- conflicts and bidding (reviews/urls_conflicts.py, reviews/urls_bidding.py; helper
    # `conflicts`). This world has no committee: the members' pages answer the organiser 403
    # and "why this score" of a non-member 404 (tests/reviews/test_bidding.py and
    # test_conflicts_*.py look at them with a committee).
    Page("reviews:author_conflicts", "author"),
    Page("reviews:conflicts", "organiser"),
    Page("reviews:conflicts_refresh", "organiser", POST_ONLY),
    Page(
        "reviews:submission_conflicts",
        "organiser",
        data={"action": "add", "person": "0", "reason": "other"},
    ),
    Page("reviews:why_score", "organiser", 404),
    Page(
        "reviews:affinity_settings",
        "organiser",
        data={"weight_bid": "2", "weight_theme": "1", "weight_text": "1"},
    ),
    Page("reviews:bidding", "organiser", 403),
    Page("reviews:bid", "organiser", POST_ONLY),
    Page("reviews:bid_conflict", "organiser", 403),
    Page("reviews:bid_overview", "organiser"),
    # --- reviews: decisions (issue 12)
    Page("reviews:decisions", "organiser"),
    Page("reviews:decisions_bulk", "organiser", POST_ONLY, data={"outcome": "reject"}),
    Page("reviews:decisions_release", "organiser", POST_ONLY, data={"x": "1"}),
    Page("reviews:decision_detail", "organiser", data={"outcome": "reject"}),
    Page("reviews:notification_templates", "organiser"),
    Page("reviews:notification_template", "organiser", data={"subject": "S", "body": "B"}),
    Page("reviews:notification_messages", "organiser"),
    Page("reviews:notification_retry", "organiser", POST_ONLY, data={"x": "1"}),
    Page("reviews:committee_author_response", "organiser"),
    # Nothing to show an author before a decision is released or a response phase opens.
    Page("reviews:author_reviews", "author", 404, data={"text": "Hello."}),
    # --- programme: camera-ready and visa letters (the submission accepted, the author's
    # letter approved, see _programme_world)
    Page("programme:camera_ready", "author", data={"title": "Changed"}),
    Page("programme:camera_ready_file", "author", html=False),
    Page("programme:visa_letter_request", "author", data={"passport_name": "X"}),
    Page("programme:visa_letter_download", "author", html=False),
    Page("programme:organiser_camera_ready", "organiser"),
    Page("programme:organiser_camera_ready_remind", "organiser", POST_ONLY, data={"x": "1"}),
    Page("programme:organiser_camera_ready_reopen", "organiser", POST_ONLY, data={"x": "1"}),
    Page("programme:organiser_visa_letters", "organiser"),
    Page("programme:organiser_visa_decide", "organiser", POST_ONLY, data={"decision": "approve"}),
    # --- reviews: reviewing (issue 12, helper `reviewing`; objects from _reviewing_world).
    # The organiser is not the paper's reviewer: the review pages answer 404
    # (tests/reviews/test_reviewing_*.py look at them as its reviewer).
    Page("reviews:mine", "organiser", "/c/"),  # moved for good (301) to reviews:queue
    Page("reviews:criteria", "organiser"),
    Page("reviews:criterion_add", "organiser", data={"name": "N", "scale": "a\nb", "weight": "1"}),
    Page("reviews:criterion_edit", "organiser", data={"name": "N", "scale": "a\nb", "weight": "1"}),
    Page("reviews:criterion_delete", "organiser"),
    Page("reviews:criterion_move", "organiser", POST_ONLY, data={"direction": "up"}),
    Page("reviews:criteria_suggested", "organiser", POST_ONLY),
    Page("reviews:reviewing_settings", "organiser"),
    Page("reviews:declines", "organiser"),
    Page("reviews:decline_handled", "organiser", POST_ONLY),
    Page("reviews:reopen", "organiser", data={"until": "2026-06-20"}),
    Page("reviews:review", "organiser", 404, data={"action": "draft"}),
    Page("reviews:decline", "organiser", 404, data={"reason": "No time"}),
    # --- programme: publishing and the public programme (issue 13, helper `publish`; a
    # published version from _published_world). Publishing is a form whose note is optional
    # (an empty POST publishes), so it has no ``data`` to send back with errors.
    Page("programme:publish", "organiser"),
    Page("programme:version_changes", "organiser"),
    Page("programme:public_programme", "anonymous"),
    Page("programme:public_themes", "anonymous"),
    Page("programme:public_session", "anonymous"),
    Page("programme:public_presentation", "anonymous"),
    Page("programme:public_search", "anonymous"),
    Page("programme:public_changes", "anonymous"),
    Page("programme:public_programme_ics", "anonymous", html=False),
    Page("programme:public_session_ics", "anonymous", html=False),
    Page("programme:public_programme_json", "anonymous", html=False),
    Page("programme:public_schedule_xml", "anonymous", html=False),
    # --- programme: building the programme (issue 13, helper `schedule`; objects from
    # _programme_world: a day, a room, a session holding the accepted submission)
    Page("programme:schedule", "organiser"),
    Page("programme:schedule_session_move", "organiser", POST_ONLY, data={"move-day": ""}),
    Page("programme:schedule_paper_place", "organiser", POST_ONLY, data={"place-position": "1"}),
    Page("programme:schedule_presentation_move", "organiser", POST_ONLY, data={"direction": "up"}),
    Page("programme:schedule_presentation_remove", "organiser", POST_ONLY, data={"x": "1"}),
    Page("programme:schedule_suggest", "organiser", data={"session_minutes": "90"}),
    Page("programme:schedule_days", "organiser", data={"date": "2026-09-09"}),
    Page("programme:schedule_day_edit", "organiser", data={"date": "2026-09-09"}),
    Page("programme:schedule_day_delete", "organiser"),
    Page("programme:schedule_rooms", "organiser", data={"name": "Changed"}),
    Page("programme:schedule_room_edit", "organiser", data={"name": "Changed"}),
    Page("programme:schedule_room_delete", "organiser"),
    Page("programme:schedule_session_add", "organiser", data={"title": "Changed"}),
    Page("programme:schedule_session_edit", "organiser", data={"title": "Changed"}),
    Page("programme:schedule_session_delete", "organiser"),
    # --- programme: the printed programme (issue 13, helper `pdf`): the draft, and the book of
    # the version _published_world publishes (tests/programme/test_programme_pdf_downloads.py
    # has the 404 before any version is published).
    Page("programme:draft_programme_pdf", "organiser", html=False),
    Page("programme:public_programme_pdf", "anonymous", html=False),
]

# URL patterns not looked at here, by name prefix, with the reason.
OUT_OF_SCOPE = {
    "admin:": "Django's admin: Django's own templates, for staff only; not the portal's pages",
}

PAGE_BY_NAME = {page.name: page for page in PAGES}
GET_PAGES = PAGES
HTML_PAGES = [page for page in GET_PAGES if page.get == 200 and page.html]


def _routes():
    return [
        route
        for route in pages.iter_routes()
        if not any(route.name.startswith(prefix) for prefix in OUT_OF_SCOPE)
    ]


# --- the data set -----------------------------------------------------------------------------


@pytest.fixture
def world(db, monkeypatch):
    """A published conference open at REFERENCE_NOW with themes, guiding questions, types and
    organisations; an organiser with MFA (and recovery codes); an author with a submitted
    submission (a co-author, a paper, an answer to a custom question) and a draft."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    conference = ConferenceFactory(slug="mekong", title="Irregular migrants or refugees?")
    themes = [
        ThemeFactory(conference=conference, title="Categorisations", slug="categorisations"),
        ThemeFactory(conference=conference, title="Assistance", slug="assistance"),
    ]
    guiding = [GuidingQuestionFactory(conference=conference) for _ in range(2)]
    types = [
        ContributionTypeFactory(conference=conference, name="Research paper", slug="research"),
        ContributionTypeFactory(
            conference=conference,
            name="Practitioner report",
            slug="report",
            requires_ethics_statement=True,
        ),
    ]
    organisations = [
        OrganisationFactory(conference=conference, name="UN-ACT", url="https://un-act.org/"),
        OrganisationFactory(conference=conference, name="Mahidol University", role="partner"),
    ]
    organiser = organiser_with_mfa(conference, full_name="Chair Person")
    RecoveryCodes.activate(organiser)
    author = verified_user(full_name="Nguyễn Thị Minh Khai", email="khai@example.org")
    coauthor = verified_user(full_name="Somchai Jaidee", email="somchai@example.org")
    staff = verified_user(full_name="Site Staff", is_staff=True)
    staff.authenticator_set.create(type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    question = CustomQuestionFactory(conference=conference, text="Do you need a visa letter?")

    submission = SubmissionFactory(
        conference=conference,
        created_by=author,
        contribution_type=types[0],
        themes=themes[:1],
        guiding_questions=guiding[:1],
    )
    AuthorshipFactory(
        submission=submission,
        user=author,
        is_editor=True,
        is_presenter=True,
        is_corresponding=True,
        order=0,
    )
    # Named with their verified address but not yet confirmed: may confirm authorship.
    AuthorshipFactory(
        submission=submission, email=coauthor.email, full_name="Somchai Jaidee", order=1
    )
    pdf = make_pdf(pages=2)
    file = SubmissionFileFactory(
        submission=submission,
        version=1,
        file__data=pdf,
        size=len(pdf),
        page_count=2,
        uploaded_by=author,
    )
    CustomAnswerFactory(submission=submission, question=question, value="Yes, please.")
    draft = SubmissionFactory(
        conference=conference,
        created_by=author,
        contribution_type=types[1],
        state=SubmissionState.DRAFT,
        submitted_at=None,
    )
    AuthorshipFactory(submission=draft, user=author, is_editor=True, order=0)
    committee_member = CommitteeMemberFactory(conference=conference, user=coauthor)
    invitation = InvitationFactory(conference=conference, token="quality-token")
    return {
        "committee_member": committee_member,
        "invitation": invitation,
        "conference": conference,
        "theme": themes[0],
        "guiding_question": guiding[0],
        "contribution_type": types[0],
        "organisation": organisations[0],
        "question": question,
        "submission": submission,
        "draft": draft,
        "file": file,
        "organiser": organiser,
        "users": {
            "anonymous": None,
            "author": author,
            "coauthor": coauthor,
            "organiser": organiser,
            "staff": staff,
        },
    }


def _pk_kind(name: str) -> str:
    """Which object a ``pk`` is in URL ``name``: organiser_<kind>_edit → <kind>."""
    if name.startswith("reviews:committee_member"):
        return "committee_member"
    if name.startswith("programme:schedule_"):
        kind = name.removeprefix("programme:schedule_").rsplit("_", 1)[0]
        return f"schedule_{kind}"  # schedule_day, schedule_room, ... (_programme_world)
    if name.startswith("programme:"):
        return "visa_letter"
    if name.startswith("reviews:committee_invitation_"):
        return "invitation"
    reviewing = {"reviews:criterion_": "criterion", "reviews:decline_": "declined"}
    for prefix, kind in (*reviewing.items(), ("reviews:reopen", "review")):
        if name.startswith(prefix):
            return kind
    kinds = ("guiding_question", "contribution_type", "organisation", "theme", "question")
    for kind in (*kinds, "organiser"):
        if f"organiser_{kind}_" in name:
            return kind
    raise LookupError(name)


def _reviewing_world(world) -> None:
    """A criterion, a submitted review and a declined assignment of the submission (by
    reviewers who are not in ``users``), once per test."""
    from tests.factories import (
        DeclinedAssignmentFactory,
        ReviewCriterionFactory,
        ReviewFactory,
    )

    if "criterion" in world:
        return
    world["criterion"] = ReviewCriterionFactory(conference=world["conference"])
    world["review"] = ReviewFactory(submission=world["submission"])
    world["declined"] = DeclinedAssignmentFactory(submission=world["submission"])


def _key_kwargs(page: Page, world) -> dict[str, str]:
    """Real keys for allauth's key-bearing links (email confirmation, password reset)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str

    if page.name == "account_confirm_email":
        user = verified_user(email="unverified@example.org")
        address = EmailAddress.objects.create(user=user, email="second@example.org")
        return {"key": EmailConfirmationHMAC(address).key}
    author = world["users"]["author"]
    return {"uidb36": user_pk_to_url_str(author), "key": default_token_generator.make_token(author)}


def url_for(page: Page, route: pages.Route, world) -> str:
    """The page's address, its URL kwargs filled from the data set."""
    kwargs = {}
    if page.name == "reviews:queue":
        _assignment_world(world)
    if page.name.startswith("programme:"):
        _programme_world(world)
    if page.name.startswith(("programme:public_", "programme:publish", "programme:version_")):
        _published_world(world)
    if page.name.startswith("reviews:"):
        _reviewing_world(world)
    for name in route.kwargs:
        if name == "conference":
            kwargs[name] = world["conference"].slug
        elif name == "number":
            kwargs[name] = world[page.number].number
        elif name == "reference":
            kwargs[name] = world[page.number].reference
        elif name == "theme":
            kwargs[name] = world["theme"].slug
        elif name == "type":
            kwargs[name] = world["contribution_type"].slug
        elif name == "kind":
            kwargs[name] = world["file"].kind
        elif name == "version":
            kwargs[name] = world["file"].version
        elif name == "outcome":
            kwargs[name] = "reject"
        elif name == "pk":
            kwargs[name] = world[_pk_kind(page.name)].pk
        elif name == "token":
            kwargs[name] = "quality-token"
        elif name in {"key", "uidb36"}:
            kwargs.update(_key_kwargs(page, world))
        elif name == "run":
            kwargs[name] = _assignment_world(world).pk
        elif name == "user_id":
            kwargs[name] = world["users"]["organiser"].pk
        elif name in {"session_id", "presentation_id", "version_number"}:
            kwargs[name] = _published_world(world)[name]
        else:
            raise LookupError(f"{page.name}: cannot fill <{name}>")
    return reverse(page.name, kwargs=kwargs)


def _assignment_world(world):
    """The co-author on the committee, and an assignment run with its preview (helper
    `assign`). Returns the run."""
    from reviews.domain.assignment import execute_run, start_run
    from reviews.models import CommitteeMember

    CommitteeMember.objects.get_or_create(
        conference=world["conference"], user=world["users"]["coauthor"]
    )
    run = start_run(conference=world["conference"], by=world["organiser"], queue=False)
    return execute_run(run.pk)


def _programme_world(world) -> None:
    """The submission accepted, with a final version and the author's approved visa letter
    request (issue 13, camera-ready)."""
    from tests.factories import CameraReadyFactory, VisaLetterRequestFactory

    if "visa_letter" in world:
        return
    submission = world["submission"]
    submission.state = SubmissionState.ACCEPTED
    submission.save()
    CameraReadyFactory(submission=submission)
    world["visa_letter"] = VisaLetterRequestFactory(
        submission=submission, requester=world["users"]["author"], state="approved"
    )
    from tests.factories import PresentationFactory, SessionFactory

    session = SessionFactory(conference=world["conference"], chair=world["organiser"])
    world["schedule_session"] = session
    world["schedule_day"] = session.day
    world["schedule_room"] = session.room
    world["schedule_presentation"] = PresentationFactory(session=session, submission=submission)


def _published_world(world) -> dict[str, int]:
    """A scheduled session holding the (accepted) submission, published as version 1
    (issue 13, publishing). Returns the URL kwargs."""
    from programme.domain.publishing import publish

    if "published" not in world:
        _programme_world(world)  # its session holds the submission
        session = world["schedule_session"]
        paper = world["schedule_presentation"]
        version = publish(
            conference=world["conference"], by=world["organiser"], note="", now=REFERENCE_NOW
        )
        world["published"] = {
            "session_id": session.pk,
            "presentation_id": paper.pk,
            "version_number": version.number,
        }
    return world["published"]


def _route(name: str) -> pages.Route:
    return next(route for route in pages.iter_routes() if route.name == name)


def _client_for(page: Page, world, client: Client) -> Client:
    """``client`` as the page's actor, in the state the page needs."""
    user = world["users"][page.actor]
    # The steps that set the state up are not what a CSRF test is about.
    enforce, client.handler.enforce_csrf_checks = client.handler.enforce_csrf_checks, False
    try:
        _set_up(page, user, world, client)
    finally:
        client.handler.enforce_csrf_checks = enforce
    return client


def _set_up(page: Page, user, world, client: Client) -> None:
    if page.setup == "login_stage":
        # A password accepted, the second factor still to come.
        organiser = world["users"]["organiser"]
        response = client.post(
            reverse("account_login"), {"login": organiser.email, "password": PASSWORD}
        )
        assert response["Location"] == reverse("mfa_authenticate")
        return
    if user is not None:
        client.force_login(user)
    if page.setup == "reauthenticated":
        if user.authenticator_set.exists():
            from tests.accounts.conftest import totp_code

            code = totp_code(user.authenticator_set.get(type="totp").wrap().instance.data["secret"])
            response = client.post(reverse("mfa_reauthenticate"), {"code": code})
        else:
            response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert response.status_code == 302, response.content


# --- every URL is classified -----------------------------------------------------------------


def test_every_url_pattern_is_classified():
    routed = {route.name for route in _routes()}

    assert routed - PAGE_BY_NAME.keys() == set(), "add these to PAGES (or OUT_OF_SCOPE)"
    assert PAGE_BY_NAME.keys() - routed == set(), "these are in PAGES but not routed"
    assert len(PAGE_BY_NAME) == len(PAGES), "a URL name is in PAGES twice"


def test_every_url_kwarg_can_be_filled(world):
    for route in _routes():
        url_for(PAGE_BY_NAME[route.name], route, world)


def test_no_view_skips_the_csrf_check_unchecked():
    """csrf_exempt only where the view checks the token itself, after its upload handlers
    (cfp.uploads.capped_uploads); the CSRF test below proves those views still refuse."""
    checks_itself = {"cfp:submission_create", "cfp:submission_edit", "programme:camera_ready"}
    exempt = {route.name for route in _routes() if getattr(route.callback, "csrf_exempt", False)}

    assert exempt == checks_itself


# --- every page is accessible HTML the CSP allows -------------------------------------------


def _assert_headers(response, page: Page, url: str) -> None:
    policy = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy, f"{url}: no CSP header"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
    if page.actor != "anonymous" or page.setup == "login_stage":
        assert "private" in response.get("Cache-Control", ""), f"{url}: not private"


@pytest.mark.parametrize("page", GET_PAGES, ids=[page.name for page in GET_PAGES])
def test_page_answers_as_documented(client, world, page):
    url = url_for(page, _route(page.name), world)
    client = _client_for(page, world, client)

    response = client.get(url)

    _assert_headers(response, page, url)
    if isinstance(page.get, str):
        expected = 301 if page.name in MOVED_PERMANENTLY else 302
        assert response.status_code == expected, f"{url}: {response.status_code}"
        assert response["Location"].startswith(page.get), response["Location"]
    else:
        assert response.status_code == page.get, f"{url}: {response.status_code}"
    if response.status_code == 200 and not page.html:
        assert not response["Content-Type"].startswith("text/html"), url


POST_ONLY_PAGES = [page for page in PAGES if page.get == POST_ONLY]


@pytest.mark.parametrize("page", POST_ONLY_PAGES, ids=[page.name for page in POST_ONLY_PAGES])
def test_an_anonymous_get_of_a_post_only_page_is_sent_to_log_in(client, world, page):
    """The access check comes before the method check: a visitor who is not logged in is
    asked to log in, not told the method is wrong."""
    url = url_for(page, _route(page.name), world)

    response = client.get(url)

    assert response.status_code == 302, f"{url}: {response.status_code}"
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("page", HTML_PAGES, ids=[page.name for page in HTML_PAGES])
def test_page_is_accessible_html_the_csp_allows(client, world, page):
    url = url_for(page, _route(page.name), world)
    client = _client_for(page, world, client)

    response = client.get(url)

    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html"), url
    problems = pages.html_problems(response.content.decode())
    assert problems == [], f"{url}:\n" + "\n".join(problems)
    # A slow link: the HTML itself stays small (the largest, the call's settings, is ~65 kB).
    assert len(response.content) < 100_000, f"{url}: {len(response.content)} bytes"


def test_our_static_files_load_nothing_from_another_origin():
    import re

    external = re.compile(
        r"""(url\(\s*['"]?|@import\s+['"]?|fetch\(\s*['"]|src\s*=\s*['"])(https?:)?//"""
    )
    for path in [ROOT / "static/css/sala.css", *sorted((ROOT / "static/js").glob("*.js"))]:
        assert not external.search(path.read_text()), path.name


def test_the_password_reset_form_behind_the_key_is_accessible(client, world):
    page = PAGE_BY_NAME["account_reset_password_from_key"]
    response = client.get(url_for(page, _route(page.name), world), follow=True)

    assert response.status_code == 200
    assert "password1" in response.content.decode()
    assert pages.html_problems(response.content.decode()) == []


def test_error_pages_are_accessible_html(client, world):
    """404 and 403 as people meet them, in the site's layout (templates/404.html, 403.html)."""
    client.force_login(world["users"]["author"])
    for url, status in [
        ("/c/no-such-conference/", 404),
        (reverse("cfp:organiser_home", kwargs={"conference": "mekong"}), 403),
    ]:
        response = client.get(url)
        assert response.status_code == status
        assert "default-src 'self'" in response["Content-Security-Policy"]
        problems = pages.html_problems(response.content.decode())
        assert problems == [], f"{url}:\n" + "\n".join(problems)


@pytest.mark.parametrize("view", ["bad_request", "server_error"])
def test_400_and_500_pages_are_accessible_html(rf, view):
    from django.views import defaults

    request = rf.get("/")
    response = (
        defaults.server_error(request)
        if view == "server_error"
        else defaults.bad_request(request, exception=None)
    )

    assert pages.html_problems(response.content.decode()) == []


FORM_PAGES = [page for page in HTML_PAGES if page.data]


def _token(client: Client) -> str:
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    return token


@pytest.mark.parametrize("page", FORM_PAGES, ids=[page.name for page in FORM_PAGES])
def test_a_form_sent_back_with_errors_is_accessible_html(client, world, page):
    """A form sent empty comes back with its errors: still labelled, errors tied to fields."""
    url = url_for(page, _route(page.name), world)
    client = _client_for(page, world, client)

    empty = dict.fromkeys(page.data, "")
    response = client.post(url, {**empty, "csrfmiddlewaretoken": _token(client)})

    assert response.status_code == 200, f"{url}: {response.status_code}"
    content = response.content.decode()
    assert "is-invalid" in content or "alert-danger" in content or "errorlist" in content, url
    problems = pages.html_problems(content)
    assert problems == [], f"{url}:\n" + "\n".join(problems)


# --- every state-changing request needs a CSRF token ----------------------------------------


def _database_snapshot() -> dict[str, list]:
    snapshot = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            snapshot[model._meta.label] = list(model.objects.order_by("pk").values())
    return snapshot


POST_PAGES = [page for page in PAGES if page.name not in {"mfa_download_recovery_codes"}]


@pytest.mark.parametrize("page", POST_PAGES, ids=[page.name for page in POST_PAGES])
def test_post_without_csrf_token_is_refused_and_changes_nothing(world, page):
    client = _client_for(page, world, Client(enforce_csrf_checks=True))
    url = url_for(page, _route(page.name), world)
    before = _database_snapshot()

    response = client.post(url, page.data)

    assert response.status_code == 403, f"{url}: {response.status_code}"
    assert _database_snapshot() == before, url
    # The refusal is a page in the site's layout that says what to do (templates/403_csrf.html).
    assert pages.html_problems(response.content.decode()) == [], url


@pytest.mark.parametrize(
    "name", ["cfp:submission_edit", "cfp:organiser_question_move", "accounts:profile"]
)
def test_the_same_post_with_a_token_gets_past_the_check(world, name):
    """A control: the 403s above come from the missing token, not from the actor's rights."""
    page = PAGE_BY_NAME[name]
    client = _client_for(page, world, Client(enforce_csrf_checks=True))
    token = _token(client)

    response = client.post(
        url_for(page, _route(name), world), {**page.data, "csrfmiddlewaretoken": token}
    )

    assert response.status_code in {200, 302}


# --- every user-facing string is translated ------------------------------------------------

# Visible text a template may show untranslated: the brand and typographic signs.
TEMPLATE_TEXT_ALLOWED = {
    "sala",
    "ORCID",  # the registry's name, before an ORCID iD
    "sha256",  # the checksum's name, shown beside its value
    "container py-4 sala-narrow",  # a block that fills a class attribute (entrance layout)
}
# Templates the text scanner cannot read, with the reason.
TEMPLATES_SKIPPED = {
    # Builds its tag name with {% if %} (<a …> or <button …>); it has no text of its own.
    "templates/allauth/elements/button.html",
}


def _project_templates() -> list[Path]:
    found = sorted((ROOT / "templates").rglob("*.html"))
    for app in ("accounts", "cfp", "reviews", "programme"):
        found += sorted((ROOT / app / "templates").rglob("*.html"))
    return found


def test_templates_translate_every_visible_string():
    problems = []
    for path in _project_templates():
        if str(path.relative_to(ROOT)) in TEMPLATES_SKIPPED:
            continue
        for text in pages.untranslated_template_text(path.read_text(), TEMPLATE_TEXT_ALLOWED):
            problems.append(f"{path.relative_to(ROOT)}: {text!r}")

    assert problems == []


# (path, line) of literal strings in Python that are not user-facing text.
PYTHON_TEXT_ALLOWED: set[tuple[str, int]] = set()
# Modules whose literal strings are content, not interface, with the reason.
PYTHON_MODULES_SKIPPED = {
    # Demo papers: titles and abstracts as their (fictional) authors wrote them.
    "cfp/demo/submissions.py",
}


def _app_modules() -> list[Path]:
    found = []
    for app in ("accounts", "cfp", "reviews", "programme", "config"):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = str(path.relative_to(ROOT))
            if "migrations" not in path.parts and relative not in PYTHON_MODULES_SKIPPED:
                found.append(path)
    return found


def test_python_passes_user_facing_strings_through_gettext():
    problems = []
    for path in _app_modules():
        relative = str(path.relative_to(ROOT))
        for line, what in pages.untranslated_python_strings(path):
            if (relative, line) not in PYTHON_TEXT_ALLOWED:
                problems.append(f"{relative}:{line}: {what}")

    assert problems == []


# --- contrast ------------------------------------------------------------------------------


def _bootstrap_rule(selector: str) -> dict[str, str]:
    css = (ROOT / "static/vendor/bootstrap/bootstrap.min.css").read_text()
    return pages.css_rules(css)[selector]


def _sala_rules() -> dict[str, dict[str, str]]:
    return pages.css_rules((ROOT / "static/css/sala.css").read_text())


def _contrast_pairs() -> list[tuple[str, str, str, float]]:
    """(what, text colour, background, minimum) for every colour sala.css sets."""
    rules = _sala_rules()
    navbar = _bootstrap_rule(".navbar-dark")
    badge = _bootstrap_rule(".badge")["--bs-badge-color"]
    body = "#fff"  # Bootstrap's --bs-body-bg in the light theme, the only one sala uses
    bar = rules[".bg-sala"]["background-color"]  # the header (navbar-dark on .bg-sala)
    pairs = [
        ("navbar link on .bg-sala", navbar["--bs-navbar-color"], bar, 4.5),
        (
            "navbar brand on .bg-sala",
            navbar["--bs-navbar-brand-color"],
            bar,
            4.5,
        ),
        (
            "navbar hover on .bg-sala",
            navbar["--bs-navbar-hover-color"],
            bar,
            4.5,
        ),
        (
            "skip link",
            _bootstrap_rule(":root")["--bs-link-color"],
            rules[".skip-link"]["background"],
            4.5,
        ),
    ]
    for selector, declarations in rules.items():
        if selector.startswith(".badge.state-"):
            pairs.append((selector, badge, declarations["background-color"], 4.5))
        elif "color" in declarations and declarations["color"] != "inherit":
            if declarations["color"].startswith("var(--bs-alert-"):
                continue  # links in notices: checked against each notice's colours below
            pairs.append((selector, declarations["color"], body, 4.5))
    root = _bootstrap_rule(":root")

    def resolve(value: str) -> str:
        return root[value[4:-1]] if value.startswith("var(") else value

    for variant in ("primary", "secondary", "success", "danger", "warning", "info", "light"):
        alert = _bootstrap_rule(f".alert-{variant}")
        link, background = alert["--bs-alert-link-color"], alert["--bs-alert-bg"]
        pairs.append((f"link in .alert-{variant}", resolve(link), resolve(background), 4.5))
    # Non-text marks need 3:1 against what surrounds them (WCAG 1.4.11).
    pairs.append(("form control border", rules[":root"]["--sala-control-border"], body, 3.0))
    pairs.append(("focus ring", rules[":root"]["--sala-focus"], body, 3.0))
    pairs.append(
        (
            ".placeholder-warning border",
            rules[".placeholder-warning"]["border-left"].split()[-1],
            body,
            3.0,
        )
    )
    return pairs


def test_every_colour_in_sala_css_is_checked():
    import re

    css = (ROOT / "static/css/sala.css").read_text()
    used = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{3,6}\b", css)}
    checked = {c.lower() for _, fg, bg, _ in _contrast_pairs() for c in (fg, bg)}

    assert used - checked == set()


@pytest.mark.parametrize("what,foreground,background,minimum", _contrast_pairs())
def test_text_contrast_meets_wcag_aa(what, foreground, background, minimum):
    assert pages.contrast_ratio(foreground, background) >= minimum, (
        f"{what}: {foreground} on {background} is "
        f"{pages.contrast_ratio(foreground, background):.2f}:1"
    )


def test_contrast_formula_matches_known_values():
    assert round(pages.contrast_ratio("#000", "#fff"), 1) == 21.0
    assert round(pages.contrast_ratio("#777", "#fff"), 2) == 4.48
    assert round(pages.contrast_ratio("#fff", "#fff"), 1) == 1.0


def test_the_checker_finds_what_it_looks_for():
    """The HTML checker itself: each promise broken once is reported."""
    html = (
        "<!doctype html><html><head><title> </title></head><body>"
        "<main></main><main><h2>x</h2><h1>a</h1><h1>b</h1><h4>c</h4>"
        '<input name="q"><img src="/a.png"><a href="/x"></a>'
        '<p style="color:red" onclick="x()">t</p><a href="javascript:void(0)">j</a>'
        '<script>alert(1)</script><script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="//cdn.example/x.css">'
        '<form method="post" action="/p"><label for="nowhere">L</label>'
        '<label><input type="checkbox" name="themes" value="1"> A</label>'
        '<label><input type="checkbox" name="themes" value="2"> B</label></form>'
        "<table><tr><td>1</td></tr></table>"
        '<button type="button" data-bs-toggle="collapse">Menu</button></main></body></html>'
    )
    problems = "\n".join(pages.html_problems(html))

    for expected in [
        "<html> has no lang",
        "2 <main>",
        "empty or missing <title>",
        "viewport",
        "2 <h1>",
        "heading skips from h0 to h2",
        "name='q'",
        "has no alt",
        "<a /x> has no accessible name",
        "style=",
        "onclick",
        "javascript:",
        "inline <script>",
        "https://cdn.example/x.js",
        "//cdn.example/x.css",
        "<form method=post action='/p'> has no CSRF token",
        'for="nowhere" points to no element',
        "choices 'themes' are not in a <fieldset> with a <legend>",
        "<table> without <th>",
        "needs JavaScript",
        "does nothing without JavaScript",
    ]:
        assert expected in problems, expected

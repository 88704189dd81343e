"""Who gets what from every submission page, download and organiser page (DESIGN.md, Access).

One row per URL (name, which object it is about, method, and the expected answer for each
actor); each row is tested for every actor. Adding a URL is one line in ROWS. A guard test
fails when a submission or organiser URL of cfp is missing from the table.

Expected answers: anonymous → the login page for anything private; another author, a
reviewer (nothing from cfp's submission pages in this issue) and an organiser of another
conference → 404 for a submission (its existence is confidential); anyone but an organiser →
403 on organiser pages of a published conference (it is public that they exist); readers who
may not change a submission → 403 on its edit pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from cfp.models import SubmissionChange, SubmissionState
from reviews.models import CommitteeMember
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    ConferenceFactory,
    CustomQuestionFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    organiser_with_mfa,
    verified_user,
)

LOGIN = "login"  # a redirect to /accounts/login/

ACTORS = [
    "anonymous",
    "other_author",
    "coauthor_confirmed",
    "coauthor_unconfirmed",
    "submitter",
    "reviewer",
    "organiser",
    "other_organiser",
]


def expect(default, **overrides) -> dict[str, object]:
    """Every actor gets ``default`` (anonymous: the login page) unless overridden."""
    return {"anonymous": LOGIN, **dict.fromkeys(ACTORS[1:], default), **overrides}


# Organiser pages: only an organiser of this conference (with MFA).
ORGANISER_PAGE = expect(403, organiser=200)
ORGANISER_POST = expect(403, organiser=302)
# An organiser page about a draft: organisers do not see drafts either.
ORGANISER_DRAFT = expect(403, organiser=404)
# ... except a late draft (posted after the deadline and kept), which its authors were told to
# ask the organisers to reopen.
# What the submission's authors may read; organisers of this conference too (the author's
# pages send them on to the organiser's page).
AUTHORS_READ = expect(
    404, coauthor_confirmed=200, coauthor_unconfirmed=200, submitter=200, organiser=302
)
# What only its editors (here: the submitter) may change; other readers get 403.
EDITORS_ONLY = expect(
    404, coauthor_confirmed=403, coauthor_unconfirmed=403, submitter=200, organiser=403
)
EDITORS_POST = {**EDITORS_ONLY, "submitter": 302}
# A draft: only its authors know it exists.
AUTHORS_DRAFT = expect(404, coauthor_confirmed=200, coauthor_unconfirmed=200, submitter=200)
# Any logged-in person.
LOGGED_IN = expect(200)
# The smallest valid POSTs of the submission form (no author rows: the poster is the author).
FORM_POST = {"authors-TOTAL_FORMS": "0", "authors-INITIAL_FORMS": "0", "title": "Changed"}


@dataclass(frozen=True)
class Row:
    name: str
    # "conference", "submission", "draft", "late_draft", "withdrawn_draft", "question", or a
    # file of one of them: "file" (the submission's paper), "draft_file", "late_draft_file"
    target: str
    expected: dict[str, object] = field(hash=False)
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict, hash=False)

    @property
    def id(self) -> str:
        return f"{self.name.split(':')[-1]}[{self.target},{self.method}]"


ROWS = [
    # --- the author side (cfp/views/submissions/, cfp/views/dashboard.py)
    Row("cfp:dashboard", "none", LOGGED_IN),
    Row("cfp:submission_create", "conference", LOGGED_IN),
    Row("cfp:submission_create", "conference", expect(302), "post", FORM_POST),
    Row("cfp:submission_detail", "submission", AUTHORS_READ),
    Row("cfp:submission_detail", "draft", AUTHORS_DRAFT),
    Row("cfp:submission_detail", "late_draft", AUTHORS_READ),
    # Withdrawn without ever being submitted: still private to its authors.
    Row("cfp:submission_detail", "withdrawn_draft", AUTHORS_DRAFT),
    Row("cfp:submission_edit", "submission", EDITORS_ONLY),
    Row("cfp:submission_edit", "draft", {**EDITORS_ONLY, "organiser": 404}),
    Row(
        "cfp:submission_edit",
        "draft",
        {**EDITORS_POST, "organiser": 404},
        "post",
        {**FORM_POST, "revision": "1"},
    ),
    Row("cfp:submission_submit", "draft", {**EDITORS_POST, "organiser": 404}, "post"),
    Row("cfp:submission_withdraw", "submission", EDITORS_ONLY),
    Row("cfp:submission_withdraw", "submission", EDITORS_POST, "post", {"confirm": "on"}),
    Row(
        "cfp:submission_withdraw",
        "draft",
        {**EDITORS_POST, "organiser": 404},
        "post",
        {"confirm": "on"},
    ),
    Row(
        "cfp:submission_confirm_authorship",
        "submission",
        expect(404, coauthor_confirmed=302, coauthor_unconfirmed=302, submitter=302, organiser=403),
        "post",
    ),
    Row("cfp:submission_file_download", "file", {**AUTHORS_READ, "organiser": 200}),
    Row("cfp:submission_file_download", "draft_file", AUTHORS_DRAFT),
    Row("cfp:submission_file_download", "late_draft_file", {**AUTHORS_READ, "organiser": 200}),
    # --- the organiser side (cfp/views/organiser_submissions.py)
    Row("cfp:organiser_submissions", "conference", ORGANISER_PAGE),
    Row("cfp:organiser_submissions_csv", "conference", ORGANISER_PAGE),
    Row("cfp:organiser_submissions_xlsx", "conference", ORGANISER_PAGE),
    Row("cfp:organiser_submission_detail", "submission", ORGANISER_PAGE),
    Row("cfp:organiser_submission_detail", "draft", ORGANISER_DRAFT),
    Row("cfp:organiser_submission_detail", "late_draft", ORGANISER_PAGE),
    Row("cfp:organiser_submission_detail", "withdrawn_draft", ORGANISER_DRAFT),
    Row(
        "cfp:organiser_submission_reopen",
        "submission",
        ORGANISER_POST,
        "post",
        {"until": "2026-06-20T12:00"},
    ),
    Row("cfp:organiser_submission_reopen", "draft", ORGANISER_DRAFT, "post"),
    Row(
        "cfp:organiser_submission_reopen",
        "late_draft",
        ORGANISER_POST,
        "post",
        {"until": "2026-06-20T12:00"},
    ),
    Row("cfp:organiser_submission_close", "submission", ORGANISER_POST, "post"),
    Row("cfp:organiser_questions", "conference", ORGANISER_PAGE),
    Row("cfp:organiser_question_add", "conference", ORGANISER_PAGE),
    Row("cfp:organiser_question_edit", "question", ORGANISER_PAGE),
    Row("cfp:organiser_question_delete", "question", ORGANISER_PAGE),
    Row("cfp:organiser_question_delete", "question", ORGANISER_POST, "post"),
    Row("cfp:organiser_question_move", "question", ORGANISER_POST, "post", {"direction": "up"}),
]


@pytest.fixture
def world(db, monkeypatch):
    """One conference with its call open, a submission with three kinds of author, a draft,
    a paper, a custom question; and every actor."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    conference = ConferenceFactory()
    submitter = verified_user()
    confirmed = verified_user()
    unconfirmed = verified_user()
    other_author = verified_user()
    reviewer = verified_user()
    CommitteeMember.objects.create(conference=conference, user=reviewer)

    submission = SubmissionFactory(conference=conference, created_by=submitter)
    AuthorshipFactory(submission=submission, user=submitter, is_editor=True, order=0)
    AuthorshipFactory(submission=submission, user=confirmed, order=1)
    # Named with their verified address, not linked yet.
    AuthorshipFactory(
        submission=submission, user=None, email=unconfirmed.email, confirmed_at=None, order=2
    )
    draft = SubmissionFactory(
        conference=conference,
        created_by=submitter,
        state=SubmissionState.DRAFT,
        submitted_at=None,
    )
    AuthorshipFactory(submission=draft, user=submitter, is_editor=True, order=0)
    AuthorshipFactory(submission=draft, user=confirmed, order=1)
    AuthorshipFactory(
        submission=draft, user=None, email=unconfirmed.email, confirmed_at=None, order=2
    )
    late_draft = SubmissionFactory(
        conference=conference,
        created_by=submitter,
        state=SubmissionState.DRAFT,
        submitted_at=None,
    )
    AuthorshipFactory(submission=late_draft, user=submitter, is_editor=True, order=0)
    AuthorshipFactory(submission=late_draft, user=confirmed, order=1)
    AuthorshipFactory(
        submission=late_draft, user=None, email=unconfirmed.email, confirmed_at=None, order=2
    )
    SubmissionChange.objects.create(
        submission=late_draft, action=SubmissionChange.Action.LATE_POST_SAVED_AS_DRAFT
    )
    withdrawn_draft = SubmissionFactory(
        conference=conference,
        created_by=submitter,
        state=SubmissionState.WITHDRAWN,
        submitted_at=None,
        withdrawn_at=REFERENCE_NOW,
    )
    AuthorshipFactory(submission=withdrawn_draft, user=submitter, is_editor=True, order=0)
    AuthorshipFactory(submission=withdrawn_draft, user=confirmed, order=1)
    AuthorshipFactory(
        submission=withdrawn_draft, user=None, email=unconfirmed.email, confirmed_at=None, order=2
    )
    theirs = SubmissionFactory(conference=conference, created_by=other_author)
    AuthorshipFactory(submission=theirs, user=other_author)

    return {
        "conference": conference,
        "submission": submission,
        "draft": draft,
        "late_draft": late_draft,
        "withdrawn_draft": withdrawn_draft,
        "file": SubmissionFileFactory(submission=submission, version=1),
        "draft_file": SubmissionFileFactory(submission=draft, version=1),
        "late_draft_file": SubmissionFileFactory(submission=late_draft, version=1),
        "question": CustomQuestionFactory(conference=conference),
        "users": {
            "anonymous": None,
            "other_author": other_author,
            "coauthor_confirmed": confirmed,
            "coauthor_unconfirmed": unconfirmed,
            "submitter": submitter,
            "reviewer": reviewer,
            "organiser": organiser_with_mfa(conference),
            "other_organiser": organiser_with_mfa(ConferenceFactory()),
        },
    }


def url_for(row: Row, world) -> str:
    conference = world["conference"].slug
    kwargs = {
        "none": {},
        "conference": {"conference": conference},
        "submission": {"conference": conference, "number": world["submission"].number},
        "draft": {"conference": conference, "number": world["draft"].number},
        "late_draft": {"conference": conference, "number": world["late_draft"].number},
        "withdrawn_draft": {"conference": conference, "number": world["withdrawn_draft"].number},
        **{
            target: {
                "conference": conference,
                "number": world[target].submission.number,
                "kind": world[target].kind,
                "version": world[target].version,
            }
            for target in ("file", "draft_file", "late_draft_file")
        },
        "question": {"conference": conference, "pk": world["question"].pk},
    }[row.target]
    if "number" in kwargs and not row.name.startswith("cfp:organiser_"):
        # Authors' pages name a submission by its reference, organisers' by its number.
        submission = world[row.target]
        submission = getattr(submission, "submission", submission)
        kwargs = {**kwargs, "reference": submission.reference}
        del kwargs["number"]
    try:
        return reverse(row.name, kwargs=kwargs)
    except NoReverseMatch:
        pytest.skip(f"{row.name} is not routed (yet)")


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_access(client, world, row, actor):
    url = url_for(row, world)
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)

    response = getattr(client, row.method)(url, row.data)

    expected = row.expected[actor]
    if expected == LOGIN:
        assert response.status_code == 302, f"{actor} {row.method.upper()} {url}"
        assert response["Location"].startswith("/accounts/login/"), response["Location"]
    else:
        assert response.status_code == expected, f"{actor} {row.method.upper()} {url}"


def test_an_unpublished_conferences_organiser_pages_are_not_found_for_others(client, world):
    conference = world["conference"]
    conference.is_public = False
    conference.save()
    client.force_login(world["users"]["other_organiser"])

    for row in ROWS:
        if row.name.startswith("cfp:organiser_") and row.method == "get":
            assert client.get(url_for(row, world)).status_code == 404, row.id


def test_an_organiser_without_mfa_is_sent_to_set_it_up(client, world):
    from allauth.mfa.models import Authenticator

    organiser = world["users"]["organiser"]
    Authenticator.objects.filter(user=organiser).delete()
    client.force_login(organiser)

    for row in ROWS:
        if row.name.startswith("cfp:organiser_") and row.method == "get":
            response = client.get(url_for(row, world))
            assert response.status_code == 302, row.id
            assert response["Location"] == reverse("mfa_activate_totp"), row.id


# --- the table covers every submission and organiser-submission URL --------------------------

COVERED_PATTERNS = (
    "<int:number>",
    "<slug:reference>",
    "dashboard/",
    "organise/submissions",
    "organise/questions",
)


def _cfp_url_names(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _cfp_url_names(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern) and namespace == "cfp" and pattern.name:
            yield f"cfp:{pattern.name}", prefix + str(pattern.pattern)


def test_every_submission_url_is_in_the_matrix():
    routed = {
        name
        for name, route in _cfp_url_names(get_resolver().url_patterns)
        if any(part in route for part in COVERED_PATTERNS) or "submi" in name
    }
    in_table = {row.name for row in ROWS}

    assert routed - in_table == set(), "add these to ROWS"

"""Who may open each author page: the same actors on every view (healthchecks' three tests,
widened to every role the issue names)."""

import pytest
from django.urls import reverse

from cfp.models import FileDownload
from reviews.models import CommitteeMember
from tests.cfp.conftest import complete_draft
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    ConferenceFactory,
    organiser_with_mfa,
    verified_user,
)

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


@pytest.fixture
def paper(call, author):
    """A submitted submission of ``author`` with a paper, and every kind of co-author."""
    from cfp import domain

    submission = complete_draft(call, author)
    domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    AuthorshipFactory(submission=submission, email="unconfirmed@example.org", order=1)
    AuthorshipFactory(
        submission=submission,
        user=verified_user(email="reader@example.org"),
        is_editor=False,
        order=2,
    )
    AuthorshipFactory(
        submission=submission,
        user=verified_user(email="editor@example.org"),
        is_editor=True,
        order=3,
    )
    submission.refresh_from_db()
    return submission


def actor(name, call, author):
    if name == "anonymous":
        return None
    if name == "submitter":
        return author
    if name == "other author":
        other = verified_user(email="other@example.org")
        complete_draft(call, other)
        return other
    if name == "unconfirmed co-author":
        return verified_user(email="unconfirmed@example.org")
    if name == "co-author reader":
        from accounts.models import User

        return User.objects.get(email="reader@example.org")
    if name == "co-author editor":
        from accounts.models import User

        return User.objects.get(email="editor@example.org")
    if name == "reviewer":
        reviewer = verified_user(email="reviewer@example.org")
        CommitteeMember.objects.create(conference=call, user=reviewer)
        return reviewer
    if name == "organiser":
        return organiser_with_mfa(call, email="chair@example.org")
    if name == "other organiser":
        return organiser_with_mfa(ConferenceFactory(), email="elsewhere@example.org")
    raise AssertionError(name)


def target(view, submission):
    kwargs = {"conference": submission.conference.slug, "reference": submission.reference}
    if view == "download":
        return "get", reverse(
            "cfp:submission_file_download", kwargs={**kwargs, "kind": "paper", "version": 1}
        )
    method, name = {
        "detail": ("get", "submission_detail"),
        "edit": ("get", "submission_edit"),
        "submit": ("post", "submission_submit"),
        "withdraw": ("get", "submission_withdraw"),
        "confirm": ("post", "submission_confirm_authorship"),
    }[view]
    return method, reverse(f"cfp:{name}", kwargs=kwargs)


ORGANISER_PAGE = "organiser"
# actor -> {view: expected status}; 302 "organiser" means sent to the organiser's page.
EXPECTED = {
    "other author": dict.fromkeys(
        ["detail", "edit", "submit", "withdraw", "confirm", "download"], 404
    ),
    "reviewer": dict.fromkeys(
        ["detail", "edit", "submit", "withdraw", "confirm", "download"], 404
    ),
    "other organiser": dict.fromkeys(
        ["detail", "edit", "submit", "withdraw", "confirm", "download"], 404
    ),
    "unconfirmed co-author": {
        "detail": 200, "download": 200, "confirm": 302,
        "edit": 403, "submit": 403, "withdraw": 403,
    },
    "co-author reader": {
        "detail": 200, "download": 200, "confirm": 302,
        "edit": 403, "submit": 403, "withdraw": 403,
    },
    "co-author editor": {
        "detail": 200, "download": 200, "confirm": 302,
        "edit": 200, "submit": 302, "withdraw": 200,
    },
    "submitter": {
        "detail": 200, "download": 200, "confirm": 302,
        "edit": 200, "submit": 302, "withdraw": 200,
    },
    "organiser": {
        "detail": ORGANISER_PAGE, "download": 200,
        "edit": 403, "submit": 403, "withdraw": 403, "confirm": 403,
    },
}  # fmt: skip
CASES = [(who, view, status) for who, views in EXPECTED.items() for view, status in views.items()]


@pytest.mark.parametrize(("who", "view", "expected"), CASES, ids=[f"{w}-{v}" for w, v, _ in CASES])
def test_author_pages_access(client, call, author, paper, who, view, expected):
    user = actor(who, call, author)
    client.force_login(user)
    method, path = target(view, paper)
    response = getattr(client, method)(path)
    if expected == ORGANISER_PAGE:
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "cfp:organiser_submission_detail",
            kwargs={"conference": call.slug, "number": paper.number},
        )
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("view", ["detail", "edit", "submit", "withdraw", "confirm", "download"])
def test_anonymous_is_sent_to_log_in(client, call, author, paper, view):
    method, path = target(view, paper)
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_anonymous_create_is_sent_to_log_in(client, call):
    response = client.get(reverse("cfp:submission_create", kwargs={"conference": call.slug}))
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_anonymous_dashboard_is_sent_to_log_in(client):
    assert client.get(reverse("cfp:dashboard"))["Location"].startswith(f"{LOGIN}?next=")


def test_organiser_download_is_logged_and_author_download_is_not(client, call, author, paper):
    chair = actor("organiser", call, author)
    _, path = target("download", paper)
    client.force_login(author)
    client.get(path)
    client.force_login(chair)
    client.get(path)
    assert list(FileDownload.objects.values_list("user__email", flat=True)) == [chair.email]


def test_organiser_without_mfa_is_sent_to_set_it_up_before_downloading(client, call, paper):
    chair = verified_user()
    call.organisers.add(chair)
    client.force_login(chair)
    _, path = target("download", paper)
    response = client.get(path)
    assert response["Location"] == reverse("mfa_activate_totp")
    assert FileDownload.objects.count() == 0


def test_organiser_does_not_see_drafts(client, call, author):
    draft = complete_draft(call, author)
    client.force_login(organiser_with_mfa(call))
    path = reverse(
        "cfp:submission_detail", kwargs={"conference": call.slug, "reference": draft.reference}
    )
    assert client.get(path).status_code == 404


def test_unpublished_conference_create_is_404(client, author):
    hidden = ConferenceFactory(is_public=False)
    client.force_login(author)
    path = reverse("cfp:submission_create", kwargs={"conference": hidden.slug})
    assert client.get(path).status_code == 404


def test_unconfirmed_co_author_confirms_and_then_sees_it_on_the_dashboard(
    client, call, author, paper
):
    sokha = actor("unconfirmed co-author", call, author)
    client.force_login(sokha)
    _, path = target("confirm", paper)
    client.post(path)
    authorship = paper.authorships.get(email="unconfirmed@example.org")
    assert (authorship.user, authorship.confirmed_at) == (sokha, REFERENCE_NOW)
    html = client.get(reverse("cfp:dashboard")).content.decode()
    assert paper.title in html

"""A site administrator is not an organiser (issue 8, item 11).

A superuser passes every ``user.has_perm``; access to a conference's confidential pages must
come from its own roles only. A site administrator who must act steps in visibly: with a
reason, recorded, and the organisers are told. The admin lists no draft title and refuses
what the domain refuses (item 22).
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from cfp.domain import organisers as domain_organisers
from cfp.models import Conference, OrganiserChange, Submission
from cfp.rules import allowed
from tests.accounts.conftest import add_totp, login_with_totp
from tests.factories import (
    ConferenceFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    UserFactory,
    organiser_with_mfa,
    verified_user,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
DRAFT_TITLE = "Unpublished: interviews with trafficked fishermen"


@pytest.fixture
def superuser(db):
    return verified_user(full_name="Site Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    """The site administrator, logged in with password and authenticator code (as the
    admin and the staff pages require)."""
    login_with_totp(client, superuser, add_totp(superuser))
    return client


def organiser_urls(conference, submission) -> list[str]:
    slug = {"conference": conference.slug}
    return [
        reverse("cfp:organiser_home", kwargs=slug),
        reverse("cfp:organiser_details", kwargs=slug),
        reverse("cfp:organiser_theme_list", kwargs=slug),
        reverse("cfp:organiser_organisers", kwargs=slug),
        reverse("cfp:organiser_questions", kwargs=slug),
        reverse("cfp:organiser_submissions", kwargs=slug),
        reverse("cfp:organiser_submissions_csv", kwargs=slug),
        reverse("cfp:organiser_submissions_xlsx", kwargs=slug),
        reverse("cfp:organiser_submission_detail", kwargs={**slug, "number": submission.number}),
    ]


@pytest.mark.parametrize("is_public", [True, False])
def test_a_superuser_opens_no_organiser_page_list_or_export(admin_client, is_public):
    conference = ConferenceFactory(is_public=is_public)
    organiser_with_mfa(conference)
    submission = SubmissionFactory(conference=conference, title=DRAFT_TITLE)

    for url in organiser_urls(conference, submission):
        response = admin_client.get(url)
        # 403 where the conference is public, 404 where its existence is not.
        assert response.status_code == (403 if is_public else 404), url
        assert DRAFT_TITLE not in response.content.decode()


def test_a_superuser_does_not_see_an_unpublished_call(admin_client):
    conference = ConferenceFactory(is_public=False)

    assert admin_client.get(conference.get_absolute_url()).status_code == 404
    create = reverse("cfp:submission_create", kwargs={"conference": conference.slug})
    assert admin_client.get(create).status_code == 404


def test_allowed_ignores_the_superuser_flag(superuser):
    conference = ConferenceFactory(is_public=False)

    assert superuser.has_perm("cfp.organise_conference", conference)  # Django's shortcut
    assert not allowed(superuser, "cfp.organise_conference", conference)
    assert not allowed(superuser, "cfp.view_conference", conference)
    conference.organisers.add(superuser)
    assert allowed(superuser, "cfp.organise_conference", conference)


def test_no_app_code_asks_user_has_perm():
    """The mechanism, not the example: ``user.has_perm`` lets every superuser in, so the
    apps check permissions with ``cfp.rules.allowed`` (``rules.has_perm``) only."""
    offenders = []
    for app in ("accounts", "cfp", "reviews", "programme", "config"):
        for path in sorted((ROOT / app).rglob("*")):
            if path.suffix not in (".py", ".html") or "migrations" in path.parts:
                continue
            text = path.read_text()
            for match in re.finditer(r"(?<!rules)\.has_perm\(|\bperms\.|{% has_perm", text):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert offenders == []


# --- stepping in, visibly


def step_in_url(conference) -> str:
    return reverse("cfp:organiser_step_in", kwargs={"conference": conference.slug})


def test_a_site_administrator_steps_in_with_a_reason_recorded_and_told(
    admin_client, superuser, django_capture_on_commit_callbacks
):
    conference = ConferenceFactory(is_public=False, title="Mekong 2027")
    chair = organiser_with_mfa(conference, full_name="Chair Person")
    SubmissionFactory(conference=conference, title=DRAFT_TITLE)

    page = admin_client.get(step_in_url(conference))
    assert page.status_code == 200
    assert "recorded" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            step_in_url(conference), {"reason": "The chair is ill; the deadline is tomorrow."}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "cfp:organiser_home", kwargs={"conference": conference.slug}
    )
    assert set(conference.organisers.all()) == {chair, superuser}
    change = OrganiserChange.objects.get(conference=conference)
    assert (change.action, change.person, change.by, change.reason) == (
        OrganiserChange.Action.STEPPED_IN,
        superuser,
        superuser,
        "The chair is ill; the deadline is tomorrow.",
    )
    assert [m.to for m in mail.outbox] == [[chair.email]]
    assert "Site Admin" in mail.outbox[0].subject
    assert "The chair is ill; the deadline is tomorrow." in mail.outbox[0].body
    # Now, and only now, the organiser pages open to them (with their second factor).
    listing = admin_client.get(
        reverse("cfp:organiser_submissions", kwargs={"conference": conference.slug})
    )
    assert listing.status_code == 200
    # The organisers see who stepped in, when and why.
    admin_client.force_login(chair)
    organisers_page = admin_client.get(
        reverse("cfp:organiser_organisers", kwargs={"conference": conference.slug})
    ).content.decode()
    assert "stepped in as site administrator" in organisers_page
    assert "The chair is ill; the deadline is tomorrow." in organisers_page


def test_stepping_in_needs_a_reason(admin_client, superuser):
    conference = ConferenceFactory()
    organiser_with_mfa(conference)

    response = admin_client.post(step_in_url(conference), {"reason": "  "})

    assert response.status_code == 200
    assert not conference.organisers.filter(pk=superuser.pk).exists()
    assert not OrganiserChange.objects.exists()


def test_only_staff_may_step_in(client):
    conference = ConferenceFactory()
    organiser_with_mfa(conference)
    someone = verified_user()
    login_with_totp(client, someone, add_totp(someone))

    assert client.get(step_in_url(conference)).status_code == 403
    assert client.post(step_in_url(conference), {"reason": "Curious"}).status_code == 403
    with pytest.raises(domain_organisers.OrganiserChangeRefused):
        domain_organisers.step_in(conference=conference, by=someone, reason="Curious")
    assert not conference.organisers.filter(pk=someone.pk).exists()


def test_the_appoint_organiser_command_goes_through_the_domain(superuser):
    conference = ConferenceFactory()
    organiser_with_mfa(conference)
    out = StringIO()

    call_command(
        "appoint_organiser", conference.slug, admin=superuser.email, reason="Support", stdout=out
    )

    assert conference.organisers.filter(pk=superuser.pk).exists()
    assert OrganiserChange.objects.get(conference=conference).reason == "Support"
    with pytest.raises(CommandError):
        call_command("appoint_organiser", conference.slug, admin=UserFactory().email, reason="x")


def test_appointing_and_removing_are_recorded(conference):
    chair = organiser_with_mfa(conference, full_name="Chair Person")
    other = UserFactory(full_name="Other Person")

    domain_organisers.add_organiser(conference=conference, user=other, by=chair)
    domain_organisers.remove_organiser(conference=conference, user=other, by=chair)

    assert [
        (c.action, c.person_name, c.by_name) for c in conference.organiser_changes.order_by("pk")
    ] == [
        ("appointed", "Other Person", "Chair Person"),
        ("removed", "Other Person", "Chair Person"),
    ]


# --- the admin


def admin_url(name: str, *args) -> str:
    return reverse(f"admin:cfp_conference_{name}", args=args)


def test_the_admin_delete_page_lists_no_submission_title(admin_client):
    conference = ConferenceFactory(title="Mekong 2027")
    SubmissionFactory(conference=conference, title=DRAFT_TITLE, state="draft", submitted_at=None)
    SubmissionFactory(conference=conference, title="Submitted and confidential")

    page = admin_client.get(admin_url("delete", conference.pk)).content.decode()

    assert "Mekong 2027" in page
    assert DRAFT_TITLE not in page
    assert "Submitted and confidential" not in page
    assert "Submissions: 2" in page


def test_the_admin_delete_page_of_many_lists_no_title(admin_client):
    conference = ConferenceFactory()
    SubmissionFactory(conference=conference, title=DRAFT_TITLE, state="draft", submitted_at=None)

    page = admin_client.post(
        reverse("admin:cfp_conference_changelist"),
        {"action": "delete_selected", "_selected_action": [conference.pk]},
    ).content.decode()

    assert DRAFT_TITLE not in page


def test_the_admin_shows_no_submission():
    from django.contrib import admin

    assert Submission not in admin.site._registry


def test_deleting_a_conference_in_the_admin_goes_through_the_domain(
    admin_client, django_capture_on_commit_callbacks
):
    conference = ConferenceFactory()
    stored = SubmissionFileFactory(submission=SubmissionFactory(conference=conference))
    storage, name = stored.file.storage, stored.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url("delete", conference.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Conference.objects.filter(pk=conference.pk).exists()
    assert not storage.exists(name)


def change_data(conference, organisers) -> dict:
    return {
        "slug": conference.slug,
        "title": conference.title,
        "subtitle": conference.subtitle,
        "call_text": conference.call_text,
        "start_date": conference.start_date.isoformat(),
        "end_date": conference.end_date.isoformat(),
        "timezone": conference.timezone,
        "submission_opens_0": conference.submission_opens.strftime("%Y-%m-%d"),
        "submission_opens_1": conference.submission_opens.strftime("%H:%M:%S"),
        "submission_closes_0": conference.submission_closes.strftime("%Y-%m-%d"),
        "submission_closes_1": conference.submission_closes.strftime("%H:%M:%S"),
        "blind_review": conference.blind_review,
        "reviews_per_submission": 3,
        "reviewer_load": 6,
        "max_upload_megabytes": 10,
        "is_public": "on",
        "organiser_accounts": [o.pk for o in organisers],
        "organiser_changes-TOTAL_FORMS": 0,
        "organiser_changes-INITIAL_FORMS": 0,
        "organiser_changes-MIN_NUM_FORMS": 0,
        "organiser_changes-MAX_NUM_FORMS": 0,
    }


def test_the_admin_refuses_to_remove_the_last_organiser(admin_client, conference):
    chair = organiser_with_mfa(conference)

    response = admin_client.post(admin_url("change", conference.pk), change_data(conference, []))

    assert response.status_code == 200
    assert "A conference needs at least one organiser" in response.content.decode()
    assert list(conference.organisers.all()) == [chair]
    assert not OrganiserChange.objects.exists()


def test_organisers_changed_in_the_admin_are_recorded(admin_client, conference, superuser):
    chair = organiser_with_mfa(conference)
    deputy = verified_user(full_name="Deputy Chair")

    response = admin_client.post(
        admin_url("change", conference.pk), change_data(conference, [deputy])
    )

    assert response.status_code == 302, response.content.decode()
    assert list(conference.organisers.all()) == [deputy]
    assert [(c.action, c.person, c.by) for c in conference.organiser_changes.order_by("pk")] == [
        ("appointed", deputy, superuser),
        ("removed", chair, superuser),
    ]


def test_a_conference_added_in_the_admin_is_created_through_the_domain(admin_client, superuser):
    chair = verified_user(full_name="Chair Person")
    template = ConferenceFactory.build(slug="added-2027", title="Added 2027")

    response = admin_client.post(admin_url("add"), change_data(template, [chair]))

    assert response.status_code == 302, response.content.decode()
    conference = Conference.objects.get(slug="added-2027")
    assert list(conference.organisers.all()) == [chair]
    assert [(c.action, c.person) for c in conference.organiser_changes.order_by("pk")] == [
        ("created", superuser),
        ("appointed", chair),
        ("removed", superuser),
    ]


def test_the_admin_pages_of_a_conference_open_and_offer_to_step_in(admin_client, conference):
    organiser_with_mfa(conference)
    SubmissionFactory(conference=conference, title=DRAFT_TITLE, state="draft", submitted_at=None)

    change = admin_client.get(admin_url("change", conference.pk))
    listing = admin_client.get(reverse("admin:cfp_conference_changelist"))
    add = admin_client.get(admin_url("add"))

    assert (change.status_code, listing.status_code, add.status_code) == (200, 200, 200)
    assert step_in_url(conference) in change.content.decode()
    for page in (change, listing, add):
        assert DRAFT_TITLE not in page.content.decode()

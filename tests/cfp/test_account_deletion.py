"""Account deletion and cfp: what the confirmation page announces, what is refused."""

import pytest
from django.urls import reverse

from accounts.domain import delete_account, export_personal_data, preview_account_deletion
from accounts.models import User
from accounts.personal_data import AccountDeletionRefused, PreviewSection
from cfp.models import Submission, SubmissionFile, SubmissionState
from tests.accounts.conftest import PASSWORD
from tests.cfp.conftest import complete_draft, make_draft
from tests.factories import AuthorshipFactory, ConferenceFactory, UserFactory, verified_user

DELETE_URL = reverse("accounts:delete")


@pytest.fixture
def make(call, author):
    def make(state, title, **kwargs):
        submission = make_draft(call, author, title=title, **kwargs)
        Submission.objects.filter(pk=submission.pk).update(state=state)
        submission.refresh_from_db()
        return submission

    return make


# --- refusals


def test_sole_author_of_a_submitted_paper_must_withdraw_it_first(call, author, make):
    submitted = make(SubmissionState.SUBMITTED, "Between categories")

    with pytest.raises(AccountDeletionRefused) as refused:
        delete_account(user=author)

    assert str(refused.value) == (
        f"You are the only author of “Between categories” ({call.title}), which has been "
        "submitted. Withdraw it first; it is then deleted with your account."
    )
    assert User.objects.filter(pk=author.pk).exists()
    assert Submission.objects.filter(pk=submitted.pk).exists()


@pytest.mark.parametrize("state", [SubmissionState.ACCEPTED, SubmissionState.REJECTED])
def test_sole_author_of_a_decided_paper_is_sent_to_the_organisers(call, author, make, state):
    make(state, "Between categories")

    with pytest.raises(AccountDeletionRefused) as refused:
        delete_account(user=author)

    assert str(refused.value) == (
        f"You are the only author of “Between categories” ({call.title}), on which a "
        "decision has been taken. Please write to the conference's organisers before "
        "deleting your account."
    )
    assert User.objects.filter(pk=author.pk).exists()


def test_a_refusal_rolls_back_what_other_submissions_lost(call, author, make):
    make(SubmissionState.SUBMITTED, "Submitted alone")
    draft = make(SubmissionState.DRAFT, "Draft alone")
    shared = make(SubmissionState.DRAFT, "Shared")
    AuthorshipFactory(submission=shared, user=verified_user(), order=1)

    with pytest.raises(AccountDeletionRefused):
        delete_account(user=author)

    assert Submission.objects.filter(pk=draft.pk).exists()
    assert shared.authorships.filter(user=author).exists()


def test_a_submitted_paper_with_co_authors_does_not_block_deletion(call, author, make):
    shared = make(SubmissionState.SUBMITTED, "Shared")
    AuthorshipFactory(submission=shared, full_name="Sokha Chan", email="sokha@example.org")

    delete_account(user=author)

    assert not User.objects.filter(pk=author.pk).exists()
    assert list(shared.authorships.values_list("full_name", flat=True)) == [
        "Deleted account",
        "Sokha Chan",
    ]


def test_the_only_organiser_of_a_conference_must_appoint_another_first(author):
    conference = ConferenceFactory(title="Mekong Migration 2027", organisers=[author])

    with pytest.raises(AccountDeletionRefused) as refused:
        delete_account(user=author)

    assert str(refused.value) == (
        "You are the only organiser of Mekong Migration 2027: appoint another organiser first."
    )
    assert list(conference.organisers.all()) == [author]


def test_an_organiser_with_a_co_organiser_may_leave(author):
    other = UserFactory()
    conference = ConferenceFactory(organisers=[author, other])

    delete_account(user=author)

    assert list(conference.organisers.all()) == [other]


# --- what is deleted


@pytest.mark.parametrize("state", [SubmissionState.DRAFT, SubmissionState.WITHDRAWN])
def test_sole_author_drafts_and_withdrawn_papers_go_with_their_files(
    call, author, state, django_capture_on_commit_callbacks
):
    submission = complete_draft(call, author, title="Alone")
    Submission.objects.filter(pk=submission.pk).update(state=state)
    stored = SubmissionFile.objects.get(submission=submission)
    names = [stored.file.name, stored.blind_file.name]
    storage = stored.file.storage
    assert all(storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=author)

    assert not Submission.objects.filter(pk=submission.pk).exists()
    assert [storage.exists(name) for name in names] == [False, False]


# --- the preview and the page


def test_preview_lists_what_goes_what_stays_and_what_blocks(call, author, make):
    make(SubmissionState.DRAFT, "Draft alone")
    make(SubmissionState.WITHDRAWN, "Withdrawn alone")
    shared = make(SubmissionState.SUBMITTED, "Shared")
    AuthorshipFactory(submission=shared, full_name="Sokha Chan", email="sokha@example.org")
    make(SubmissionState.SUBMITTED, "Submitted alone")
    other_conference = ConferenceFactory(title="Asia Pacific Forum", organisers=[author])
    ConferenceFactory(title="Shared conference", organisers=[author, UserFactory()])

    preview = preview_account_deletion(user=author)

    title = call.title
    assert preview.sections[:2] == [
        PreviewSection(
            "These submissions will be deleted, with their files:",
            [f"“Draft alone” ({title})", f"“Withdrawn alone” ({title})"],
        ),
        PreviewSection(
            "You will be removed as an author from (your co-authors keep them):",
            [f"“Shared” ({title})"],
        ),
    ]
    assert PreviewSection("You will no longer organise:", ["Shared conference"]) in (
        preview.sections
    )
    assert preview.refusals[:2] == [
        f"You are the only author of “Submitted alone” ({title}), which has been submitted. "
        "Withdraw it first; it is then deleted with your account.",
        f"You are the only organiser of {other_conference.title}: appoint another organiser first.",
    ]


def test_empty_sections_are_left_out(author):
    assert preview_account_deletion(user=author).sections == []
    assert preview_account_deletion(user=author).refusals == []


def test_the_confirmation_page_shows_the_preview_and_the_refusal(author_client, call, make):
    make(SubmissionState.DRAFT, "Draft alone")
    make(SubmissionState.SUBMITTED, "Submitted alone")

    content = author_client.get(DELETE_URL).content.decode()

    assert "These submissions will be deleted, with their files:" in content
    assert f"<li>“Draft alone” ({call.title})</li>" in content
    assert "Your account cannot be deleted yet" in content
    assert "You are the only author of “Submitted alone”" in content


def test_posting_while_refused_deletes_nothing_and_says_why(author_client, author, make):
    make(SubmissionState.SUBMITTED, "Submitted alone")

    response = author_client.post(DELETE_URL, {"password": PASSWORD})

    assert response.status_code == 200
    assert User.objects.filter(pk=author.pk).exists()
    assert response.content.decode().count("You are the only author of “Submitted alone”") == 2


def test_export_lists_the_conferences_one_organises(author):
    ConferenceFactory(slug="mekong", title="Mekong", organisers=[author])

    records = export_personal_data(user=author)["records"]

    assert records["organiser_roles"] == {
        "organiser_of": [{"conference": "mekong", "title": "Mekong"}]
    }

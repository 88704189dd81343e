"""Nothing uploaded is lost: a valid PDF posted with a form that could not be saved is kept
(cfp.domain.pending) and attached at the next save of that form, by that person only."""

import datetime as dt
import hashlib

import pytest
from django.core.files.storage import default_storage

from cfp import domain
from cfp.domain.pending import purge_pending_uploads
from cfp.models import PendingRevision, PendingUpload, Submission, SubmissionFile, SubmissionState
from tests.cfp.conftest import complete_draft, make_draft
from tests.cfp.test_submission_views import SECOND, create_url, form_data, me, rows_of, url
from tests.factories import REFERENCE_NOW, verified_user
from tests.pdfs import make_pdf, upload

BAD_COAUTHOR = {"full_name": "Aung Aung", "email": "aung@example"}
KEPT = "is kept — it will be attached when you save"


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


def new_form(call, author, *, rows=None, **overrides):
    rows = rows if rows is not None else [me(author)]
    return form_data(call, rows, token="6f1c1a8e-7f0e-4b7c-9a43-0d1d1e6c2b11", **overrides)


def kept_token(response, field="paper") -> str:
    return str(response.context["kept_uploads"][field].token)


# --- the new-submission form


def test_a_bad_co_author_email_keeps_the_pdf_and_the_next_save_attaches_it(
    call, author, author_client
):
    pdf = make_pdf(pages=2)
    bad = new_form(call, author, rows=[me(author), BAD_COAUTHOR], title="Typed once")

    response = author_client.post(create_url(call), {**bad, "paper": upload(pdf, name="mine.pdf")})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in html
    assert "Your file “mine.pdf” (2 pages, " in html and KEPT in html
    assert f'name="paper_kept" value="{kept_token(response)}"' in html
    assert 'value="Typed once"' in html
    assert Submission.objects.count() == 0
    pending = PendingUpload.objects.get()
    assert (pending.user, pending.submission, pending.page_count) == (author, None, 2)

    fixed = new_form(call, author, title="Typed once", paper_kept=kept_token(response))
    response = author_client.post(create_url(call), fixed)

    assert response.status_code == 302
    submission = Submission.objects.get()
    stored = SubmissionFile.objects.get()
    assert (stored.submission, stored.version, stored.page_count) == (submission, 1, 2)
    assert stored.original_name == "mine.pdf"
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest()
    pending.refresh_from_db()
    assert pending.attached_file == stored
    assert pending.file.name == ""


def test_the_bad_form_and_the_fixed_form_each_posted_twice_make_one_upload_and_one_version(
    call, author, author_client
):
    bad = new_form(call, author, rows=[me(author), BAD_COAUTHOR])
    for _ in range(2):
        response = author_client.post(create_url(call), {**bad, "paper": upload(make_pdf())})
    assert PendingUpload.objects.count() == 1

    fixed = new_form(call, author, paper_kept=kept_token(response))
    for _ in range(2):
        assert author_client.post(create_url(call), fixed).status_code == 302

    assert Submission.objects.count() == 1
    assert SubmissionFile.objects.count() == 1


def test_a_refused_file_gets_its_message_and_everything_typed_is_kept(call, author, author_client):
    bad = new_form(call, author, rows=[me(author), BAD_COAUTHOR], title="Still here")

    response = author_client.post(
        create_url(call), {**bad, "paper": upload(b"<html><body>x</body></html>")}
    )

    html = response.content.decode()
    assert "This file is a web page (HTML), not a PDF" in html
    assert 'value="Still here"' in html
    assert 'value="aung@example"' in html
    assert PendingUpload.objects.count() == 0


def test_a_file_over_the_page_limit_of_the_chosen_type_is_refused_not_kept(
    call, author, author_client
):
    bad = new_form(call, author, rows=[me(author), BAD_COAUTHOR])

    response = author_client.post(create_url(call), {**bad, "paper": upload(make_pdf(pages=4))})

    assert "This PDF has 4 pages; a Research paper may have at most 3." in (
        response.content.decode()
    )
    assert PendingUpload.objects.count() == 0


def test_a_kept_file_is_offered_again_on_a_fresh_new_submission_form(call, author, author_client):
    bad = new_form(call, author, rows=[me(author), BAD_COAUTHOR])
    author_client.post(create_url(call), {**bad, "paper": upload(make_pdf())})

    response = author_client.get(create_url(call))

    assert KEPT in response.content.decode()
    assert kept_token(response) == str(PendingUpload.objects.get().token)


# --- someone else's kept upload


def test_another_persons_kept_upload_cannot_be_attached_by_its_token(call, author, author_client):
    from django.test import Client

    other = verified_user(email="other@example.org")
    client = Client()
    client.force_login(other)
    bad = form_data(call, [me(other), BAD_COAUTHOR])
    response = client.post(create_url(call), {**bad, "paper": upload(make_pdf())})
    theirs = kept_token(response)

    mine = make_draft(call, author)
    data = form_data(call, rows_of(mine), submission=mine, paper_kept=theirs)
    response = author_client.post(url("submission_edit", mine), data)

    assert response.status_code == 200
    assert "The file you uploaded earlier is no longer kept" in response.content.decode()
    assert SubmissionFile.objects.count() == 0
    assert PendingUpload.objects.get().attached_file is None

    # Nor through the new-submission form.
    author_client.post(create_url(call), new_form(call, author, paper_kept=theirs))
    assert SubmissionFile.objects.count() == 0


def test_a_kept_upload_of_another_submission_is_not_attached(call, author, author_client):
    first = make_draft(call, author)
    second = make_draft(call, author)
    bad = form_data(call, [*rows_of(first), BAD_COAUTHOR], submission=first)
    bad["authors-INITIAL_FORMS"] = "1"
    response = author_client.post(
        url("submission_edit", first), {**bad, "paper": upload(make_pdf())}
    )
    token = kept_token(response)

    data = form_data(call, rows_of(second), submission=second, paper_kept=token)
    author_client.post(url("submission_edit", second), data)

    assert SubmissionFile.objects.count() == 0


# --- the edit form


def test_an_edit_with_errors_keeps_the_pdf_and_attaches_it_at_the_next_save(
    call, author, author_client
):
    submission = make_draft(call, author)
    bad = form_data(call, [*rows_of(submission), BAD_COAUTHOR], submission=submission)
    bad["authors-INITIAL_FORMS"] = "1"

    response = author_client.post(
        url("submission_edit", submission), {**bad, "paper": upload(make_pdf())}
    )

    assert response.status_code == 200
    assert KEPT in response.content.decode()
    assert submission.files.count() == 0

    fixed = form_data(
        call, rows_of(submission), submission=submission, paper_kept=kept_token(response)
    )
    for _ in range(2):
        assert author_client.post(url("submission_edit", submission), fixed).status_code == 302

    assert list(submission.files.values_list("version", flat=True)) == [1]


def test_unticking_the_kept_file_leaves_it_out(call, author, author_client):
    submission = make_draft(call, author)
    bad = form_data(call, [*rows_of(submission), BAD_COAUTHOR], submission=submission)
    bad["authors-INITIAL_FORMS"] = "1"
    author_client.post(url("submission_edit", submission), {**bad, "paper": upload(make_pdf())})

    fixed = form_data(call, rows_of(submission), submission=submission)
    assert author_client.post(url("submission_edit", submission), fixed).status_code == 302

    assert submission.files.count() == 0
    assert PendingUpload.objects.unattached().count() == 1


# --- a late change to a submitted paper


def test_a_late_edit_of_a_submitted_paper_keeps_the_upload_until_it_is_reopened(
    call, author, author_client, monkeypatch
):
    submission = complete_draft(call, author, pdf=make_pdf(pages=1))
    domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    submission.refresh_from_db()
    late = call.submission_closes + SECOND
    monkeypatch.setattr("django.utils.timezone.now", lambda: late)
    new_pdf = make_pdf(pages=2, text="The corrected version.")
    data = form_data(call, rows_of(submission), submission=submission, title="Corrected")

    response = author_client.post(
        url("submission_edit", submission), {**data, "paper": upload(new_pdf)}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "so your changes were not applied" in html
    assert "Your changes are kept" in html
    assert "If the organisers reopen the submission, it is offered here again" in html
    assert 'value="Corrected"' in html
    assert list(submission.files.values_list("version", flat=True)) == [1]
    pending = PendingUpload.objects.get()
    assert (pending.submission, pending.attached_file) == (submission, None)
    revision = PendingRevision.objects.get()
    assert (revision.user, revision.submission) == (author, submission)
    assert revision.fields[0] == "title"
    assert revision.fields[-1] == "paper"
    submission.refresh_from_db()
    assert submission.title != "Corrected"

    domain.reopen_submission(submission=submission, by=author, until=late + dt.timedelta(days=1))
    submission.refresh_from_db()
    response = author_client.get(url("submission_edit", submission))
    html = response.content.decode()
    # The form is filled in with the kept change, and the kept file is offered.
    assert 'value="Corrected"' in html
    assert "The changes you posted after the deadline (title, " in html
    assert "paper (PDF)) are filled in below" in html
    assert f'name="paper_kept" value="{pending.token}"' in html

    data = form_data(
        call,
        rows_of(submission),
        submission=submission,
        title="Corrected",
        paper_kept=str(pending.token),
    )
    assert author_client.post(url("submission_edit", submission), data).status_code == 302

    latest = submission.files.order_by("-version").first()
    assert (latest.version, latest.page_count) == (2, 2)
    assert latest.sha256 == hashlib.sha256(new_pdf).hexdigest()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.title == "Corrected"
    assert PendingRevision.objects.count() == 0  # applied, so no longer waiting


# --- purge


def test_purge_deletes_old_kept_uploads_and_their_files_and_is_safe_to_repeat(
    call, author, django_capture_on_commit_callbacks
):
    from cfp.domain.pending import keep_upload

    def keep(content, now):
        return keep_upload(
            user=author,
            conference=call,
            submission=None,
            kind="paper",
            upload=upload(content),
            contribution_type=None,
            now=now,
        )

    old = keep(make_pdf(pages=1), REFERENCE_NOW - dt.timedelta(days=15))
    fresh = keep(make_pdf(pages=2), REFERENCE_NOW - dt.timedelta(days=13))
    old_name = old.file.name
    assert default_storage.exists(old_name)

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_pending_uploads(now=REFERENCE_NOW) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_pending_uploads(now=REFERENCE_NOW) == 0

    assert list(PendingUpload.objects.all()) == [fresh]
    assert not default_storage.exists(old_name)
    assert default_storage.exists(fresh.file.name)


def test_purge_command_reports_what_it_deleted(call, author):
    from io import StringIO

    from django.core.management import call_command

    PendingUpload.objects.create(
        user=author,
        conference=call,
        original_name="x.pdf",
        sha256="0" * 64,
        size=1,
        page_count=1,
        created=REFERENCE_NOW - dt.timedelta(days=30),
    )
    out = StringIO()
    call_command("purge_pending_uploads", stdout=out)
    assert out.getvalue() == "1 kept upload(s) deleted.\n0 file(s) that no row names deleted.\n"
    assert PendingUpload.objects.count() == 0


def test_deleting_an_account_deletes_its_kept_uploads(
    call, author, author_client, django_capture_on_commit_callbacks
):
    from accounts.domain import delete_account

    bad = new_form(call, author, rows=[me(author), BAD_COAUTHOR])
    author_client.post(create_url(call), {**bad, "paper": upload(make_pdf())})
    name = PendingUpload.objects.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=author)

    assert PendingUpload.objects.count() == 0
    assert not default_storage.exists(name)

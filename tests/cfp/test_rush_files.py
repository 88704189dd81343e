"""Issue 9, item 2: no orphaned files. A rolled-back transaction leaves no file behind, and
the purge finds the files that no row names (older than a grace period)."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from cfp import domain
from cfp.domain.orphans import GRACE, find_orphans, purge_orphaned_files
from cfp.models import PendingUpload, SubmissionFile
from cfp.storage import tracking_written_files
from tests.cfp.conftest import make_draft
from tests.factories import REFERENCE_NOW
from tests.pdfs import make_pdf, upload

SECOND = dt.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


@pytest.fixture(autouse=True)
def _empty_storage():
    """The tests' in-memory storage lives as long as the process: start from an empty one."""
    from cfp.domain.orphans import walk

    for name in list(walk(default_storage, "")):
        default_storage.delete(name)


class Boom(Exception):
    pass


def all_files() -> list[str]:
    from cfp.domain.orphans import UPLOAD_FOLDERS, walk

    return sorted(name for folder in UPLOAD_FOLDERS for name in walk(default_storage, folder))


def add_paper(submission, by):
    return domain.add_file_version(
        submission=submission,
        by=by,
        kind="paper",
        upload=upload(make_pdf(pages=2)),
        now=REFERENCE_NOW,
    )


def test_files_of_a_rolled_back_transaction_are_deleted(call, author):
    submission = make_draft(call, author)

    with tracking_written_files(), pytest.raises(Boom), transaction.atomic():
        stored, created = add_paper(submission, author)
        assert created
        written = [stored.file.name, stored.blind_file.name]
        assert [default_storage.exists(name) for name in written] == [True, True]
        raise Boom  # e.g. the database connection is lost before the commit

    assert [default_storage.exists(name) for name in written] == [False, False]
    assert SubmissionFile.objects.count() == 0
    assert all_files() == []


def test_files_of_a_committed_transaction_stay(call, author, django_capture_on_commit_callbacks):
    submission = make_draft(call, author)

    with (
        tracking_written_files(),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        stored, _created = add_paper(submission, author)

    assert sorted([stored.file.name, stored.blind_file.name]) == all_files()


def test_files_of_a_transaction_still_open_are_left_alone(call, author):
    """The test's own transaction is never committed: nothing is decided, nothing deleted."""
    submission = make_draft(call, author)

    with tracking_written_files():
        stored, _created = add_paper(submission, author)

    assert sorted([stored.file.name, stored.blind_file.name]) == all_files()


def test_a_request_that_fails_after_storing_leaves_no_file(
    call, author, author_client, monkeypatch
):
    """A create whose transaction fails after the paper was stored (the PostgreSQL restart of
    the issue): the request's files go with its rows."""
    from django.db import OperationalError

    from cfp.domain import files

    def lost_connection(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    # Fails right after the paper and its blind copy were written.
    monkeypatch.setattr(files, "record", lost_connection)
    paper = upload(make_pdf(pages=2))
    from tests.cfp.test_submission_views import form_data

    author_client.raise_request_exception = False
    response = author_client.post(
        reverse("cfp:submission_create", args=["mekong"]),
        {**form_data(call, [], title="Lost"), "paper": paper},
    )

    assert response.status_code == 500
    kept = list(PendingUpload.objects.values_list("file", flat=True))
    assert all_files() == sorted(kept)  # only the kept upload (committed before) remains
    assert SubmissionFile.objects.count() == 0


# --- the purge of files no row names ---------------------------------------------------------


def orphan(name: str) -> str:
    return default_storage.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"))


def test_the_purge_deletes_old_files_no_row_names_and_keeps_the_rest(call, author):
    submission = make_draft(call, author)
    stored, _created = add_paper(submission, author)
    lost = orphan(f"submissions/{call.pk}/lost.pdf")
    lost_pending = orphan(f"pending/{call.pk}/lost.pdf")
    outside = orphan("exports/not-an-upload.pdf")
    now = default_storage.get_modified_time(lost) + GRACE + SECOND

    assert sorted(find_orphans(now=now)) == sorted([lost, lost_pending])
    assert purge_orphaned_files(now=now) == 2

    assert default_storage.exists(lost) is False
    assert default_storage.exists(lost_pending) is False
    assert default_storage.exists(outside) is True
    assert default_storage.exists(stored.file.name) is True
    assert default_storage.exists(stored.blind_file.name) is True
    assert purge_orphaned_files(now=now) == 0


def test_the_purge_spares_files_younger_than_the_grace_period(call):
    young = orphan(f"submissions/{call.pk}/in-flight.pdf")
    now = default_storage.get_modified_time(young) + GRACE - SECOND

    assert purge_orphaned_files(now=now) == 0
    assert default_storage.exists(young) is True


def test_the_purge_command_also_deletes_orphans(call, monkeypatch):
    from io import StringIO

    lost = orphan(f"submissions/{call.pk}/lost.pdf")
    later = default_storage.get_modified_time(lost) + GRACE + SECOND
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    out = StringIO()

    call_command("purge_pending_uploads", stdout=out)

    assert out.getvalue() == "0 kept upload(s) deleted.\n1 file(s) that no row names deleted.\n"
    assert default_storage.exists(lost) is False

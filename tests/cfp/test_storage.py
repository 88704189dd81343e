"""Stored files go only once the transaction that stops naming them commits."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from cfp.storage import delete_files_on_commit, delete_stored_files
from tests.factories import SubmissionFileFactory

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


@pytest.fixture
def stored():
    """A submission file with a blinded copy, both in storage."""
    stored = SubmissionFileFactory()
    stored.blind_file.save("blind.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return stored


def names(stored) -> list[str]:
    return [stored.file.name, stored.blind_file.name]


def test_files_are_deleted_when_the_transaction_commits(stored, django_capture_on_commit_callbacks):
    before = names(stored)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        delete_files_on_commit([stored.file, stored.blind_file])
        assert [default_storage.exists(n) for n in before] == [True, True]

    assert [default_storage.exists(n) for n in before] == [False, False]


def test_a_rolled_back_transaction_deletes_nothing(stored, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        delete_files_on_commit([stored.file, stored.blind_file])
        raise Boom

    assert callbacks == []
    assert [default_storage.exists(n) for n in names(stored)] == [True, True]


def test_the_names_are_read_when_called_not_on_commit(stored, django_capture_on_commit_callbacks):
    old = stored.file.name

    with django_capture_on_commit_callbacks(execute=True):
        delete_files_on_commit([stored.file])
        stored.file = ""  # the row stops naming the file, as attach_pending_upload does

    assert not default_storage.exists(old)
    assert default_storage.exists(stored.blind_file.name)


def test_empty_file_fields_are_skipped(django_capture_on_commit_callbacks):
    stored = SubmissionFileFactory()  # no blinded copy

    with django_capture_on_commit_callbacks(execute=True):
        delete_files_on_commit([stored.file, stored.blind_file])

    assert not default_storage.exists(stored.file.name)


def test_delete_stored_files_deletes_at_once(stored, django_capture_on_commit_callbacks):
    before = names(stored)

    with django_capture_on_commit_callbacks() as callbacks:
        delete_stored_files([stored.file, stored.blind_file])

    assert callbacks == []
    assert [default_storage.exists(n) for n in before] == [False, False]

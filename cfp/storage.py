"""Deleting stored files (uploaded PDFs and their blinded copies) when their rows go.

A file in storage is not part of the database transaction. Deleting it while the row that
names it is being deleted would lose the file for good if that transaction then rolls back:
the row comes back, pointing at nothing. So a file whose row is deleted (or that a row stops
naming) is deleted only once the transaction commits (``delete_files_on_commit``). A file
whose row was never committed (its transaction already rolled back) is deleted at once
(``delete_stored_files``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile


def _snapshot(files: Iterable[FieldFile]) -> list[tuple[Storage, str]]:
    # Taken now: a FieldFile's name changes when the field is cleared or reassigned.
    return [(file.storage, file.name) for file in files if file.name]


def _delete(stored: list[tuple[Storage, str]]) -> None:
    for storage, name in stored:
        storage.delete(name)


def delete_stored_files(files: Iterable[FieldFile]) -> None:
    """Delete ``files`` (empty ones are skipped) from their storage now.

    Only for files that no committed row names, e.g. those stored in a transaction that has
    already rolled back; otherwise use ``delete_files_on_commit``.
    """
    _delete(_snapshot(files))


def delete_files_on_commit(files: Iterable[FieldFile]) -> None:
    """Delete ``files`` (empty ones are skipped) from their storage once the current
    transaction commits; nothing is deleted if it rolls back, so a rolled-back deletion never
    leaves a row pointing at a lost file. Outside a transaction, deletes at once.

    The names are read now: the caller may clear or reassign the fields afterwards.
    """
    transaction.on_commit(partial(_delete, _snapshot(files)))

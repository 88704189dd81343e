"""Deleting stored files (uploaded PDFs and their blinded copies) when their rows go.

A file in storage is not part of the database transaction. Deleting it while the row that
names it is being deleted would lose the file for good if that transaction then rolls back:
the row comes back, pointing at nothing. So a file whose row is deleted (or that a row stops
naming) is deleted only once the transaction commits (``delete_files_on_commit``). A file
whose row was never committed (its transaction already rolled back) is deleted at once
(``delete_stored_files``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.core.files.storage import FileSystemStorage, InMemoryStorage, Storage
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


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


# --- Files written by a transaction that rolled back -----------------------------------------
#
# A file is written to storage before the row that names it is committed. If the transaction
# then rolls back (a refused form, a lost database connection, a PostgreSQL restart), the file
# stays on disk with no row pointing to it. Django has no rollback hook, but it does drop the
# on-commit callbacks registered inside a transaction (or savepoint) that rolls back. So each
# write registers one; when the unit of work ends (a request, a task), a written file whose
# callback neither ran nor is still waiting was written by a rolled-back transaction, and is
# deleted. Whatever this misses (a process killed mid-request) is found by the purge of
# unreferenced files, ``cfp.domain.orphans``.

_tracking: ContextVar[list | None] = ContextVar("sala_written_files", default=None)


class _Written:
    __slots__ = ("storage", "name", "using", "committed", "callback")

    def __init__(self, storage: Storage, name: str, using: str):
        self.storage, self.name, self.using, self.committed = storage, name, using, False
        self.callback = self._commit

    def _commit(self) -> None:
        self.committed = True

    def rolled_back(self) -> bool:
        if self.committed:
            return False
        connection = transaction.get_connection(self.using)
        # Still queued: the transaction is open (e.g. a test's), so nothing is decided yet.
        return not any(func is self.callback for _sids, func, _robust in connection.run_on_commit)


def _track(storage: Storage, name: str) -> None:
    written = _tracking.get()
    if written is None:
        return
    entry = _Written(storage, name, DEFAULT_DB_ALIAS)
    written.append(entry)
    # Outside a transaction this runs at once: the file counts as committed.
    transaction.on_commit(entry.callback)


@contextmanager
def tracking_written_files():
    """Within this block, files written through a ``TransactionalStorageMixin`` storage by a
    transaction that then rolls back are deleted when the block ends (whatever happens in it).
    """
    written: list[_Written] = []
    token = _tracking.set(written)
    try:
        yield written
    finally:
        _tracking.reset(token)
        doomed = [entry for entry in written if entry.rolled_back()]
        for entry in doomed:
            try:
                entry.storage.delete(entry.name)
            except Exception:  # a failed cleanup is left to the orphan purge
                logger.exception(
                    "Could not delete %s left by a rolled-back transaction", entry.name
                )
        if doomed:
            logger.warning("Deleted %d file(s) written by a rolled-back transaction", len(doomed))


class TransactionalStorageMixin:
    """Put first in a storage class's bases: every file it saves is tracked (see above)."""

    def _save(self, name, content):
        name = super()._save(name, content)
        _track(self, name)
        return name


class TransactionalFileSystemStorage(TransactionalStorageMixin, FileSystemStorage):
    """The local-disk storage, with files of rolled-back transactions deleted."""


class TransactionalInMemoryStorage(TransactionalStorageMixin, InMemoryStorage):
    """The tests' in-memory storage, with files of rolled-back transactions deleted."""

"""Files in storage that no row names (orphans), and their purge.

Files are written before the rows that name them are committed. A transaction that rolls
back deletes its files when the request ends (``cfp.storage.tracking_written_files``), but a
process killed in between (a worker timeout, a crash, a machine restart) leaves them behind:
the issue's PostgreSQL restart left a paper and its blind copy, 10 MB, that no purge found.
This purge walks the folders that uploads are written to and deletes the files that no row
of any model's file field names, once they are older than a grace period, so that a file
being written by a request still in progress (its row not yet committed) is never touched.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models

logger = logging.getLogger(__name__)

#: The folders (of the default storage) that uploads are written to: ``submission_upload_to``
#: and ``pending_upload_to``. Nothing else is walked, so other files in a shared bucket are safe.
UPLOAD_FOLDERS = ("submissions", "pending")
#: A file younger than this may belong to a request still in progress. Requests time out after
#: a minute (config/gunicorn.conf.py); an hour leaves a wide margin.
GRACE = dt.timedelta(hours=1)


def walk(storage: Storage, folder: str) -> Iterator[str]:
    """Every file name under ``folder`` of ``storage``, recursively (none if it is missing)."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


def referenced_names(storage: Storage) -> set[str]:
    """The names of the files that some row names, over every file field stored in ``storage``."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.storage is storage:
                names.update(
                    model._default_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
    return names


def find_orphans(*, now: dt.datetime, grace: dt.timedelta = GRACE, storage=None) -> list[str]:
    """Names of the files under ``UPLOAD_FOLDERS`` that no row names and that were last
    modified before ``now - grace``. Reads only."""
    storage = storage or default_storage
    cutoff = now - grace
    # Listed before the rows are read: a file written and committed in between is then
    # referenced, never taken for an orphan.
    found = [name for folder in UPLOAD_FOLDERS for name in walk(storage, folder)]
    referenced = referenced_names(storage)
    orphans = []
    for name in found:
        if name in referenced:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):
            continue
        if modified < cutoff:
            orphans.append(name)
    return orphans


def purge_orphaned_files(*, now: dt.datetime, grace: dt.timedelta = GRACE, storage=None) -> int:
    """Delete the files that no row names, older than ``grace``. Safe to repeat.

    Returns how many were deleted. Side effects: files deleted from storage (never a file a
    row names, nor one younger than ``grace``).
    """
    storage = storage or default_storage
    orphans = find_orphans(now=now, grace=grace, storage=storage)
    for name in orphans:
        storage.delete(name)
    if orphans:
        logger.warning("Deleted %d file(s) that no row names", len(orphans))
    return len(orphans)

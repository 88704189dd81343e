"""How much one person may keep in uploads not yet attached to a submission.

Kept uploads (``cfp.domain.pending``) live until attached or purged after
``PENDING_UPLOAD_DAYS`` days; without a cap one account could fill the disk with files it
never saves. ``keep_upload`` calls :func:`check_room` before storing another one: at most
``SALA_PENDING_UPLOADS_MAX_COUNT`` files and ``SALA_PENDING_UPLOADS_MAX_BYTES`` bytes per
person (settings; 20 files, 200 MB by default), counting only unattached uploads that are
not yet expired. Saving a form attaches its kept files and so frees room.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..models import PendingUpload
from ..uploads import UploadRefused

DEFAULT_MAX_COUNT = 20
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def limits() -> tuple[int, int]:
    """(files, bytes) one person may keep at once."""
    return (
        getattr(settings, "SALA_PENDING_UPLOADS_MAX_COUNT", DEFAULT_MAX_COUNT),
        getattr(settings, "SALA_PENDING_UPLOADS_MAX_BYTES", DEFAULT_MAX_BYTES),
    )


def kept_by(*, user, now: dt.datetime, days: int) -> tuple[int, int]:
    """(files, bytes) ``user`` keeps now: unattached uploads younger than ``days`` days."""
    totals = (
        PendingUpload.objects.unattached()
        .filter(user=user, created__gte=now - dt.timedelta(days=days))
        .aggregate(count=Count("pk"), size=Sum("size"))
    )
    return totals["count"], totals["size"] or 0


def check_room(*, user, size: int, now: dt.datetime, days: int) -> None:
    """Raise ``UploadRefused`` when keeping one more upload of ``size`` bytes would take
    ``user`` past the cap; the message says what to do. Call inside the transaction that
    stores the upload: it locks the person's row, so two posts at once cannot both pass.

    Side effects: none (a row lock until the transaction ends).
    """
    from accounts.models import User

    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    max_count, max_bytes = limits()
    count, used = kept_by(user=user, now=now, days=days)
    if count + 1 <= max_count and used + size <= max_bytes:
        return
    raise UploadRefused(
        _(
            "This file was not kept: you already have %(count)d files (%(size)s) kept from "
            "forms that were not saved yet, and sala keeps at most %(max_count)d files or "
            "%(max_size)s for one person. Correct the marked fields and save this form "
            "without a new file, or save your other unfinished forms: saving attaches the "
            "files kept for them and makes room. Then choose this file again. Files never "
            "attached are deleted after %(days)d days."
        )
        % {
            "count": count,
            "size": filesizeformat(used),
            "max_count": max_count,
            "max_size": filesizeformat(max_bytes),
            "days": days,
        }
    )

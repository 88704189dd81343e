"""Publishing the programme: freezing the organisers' draft as a numbered version the public
reads (programme.snapshot)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max

from cfp.call_cache import touch_call
from cfp.models import Conference

from .. import snapshot
from ..models import ProgrammeVersion
from .printing import version_published


class NothingToPublish(Exception):
    """The draft is the programme already published: no new version is made."""


def latest_version(conference: Conference) -> ProgrammeVersion | None:
    """The programme the public sees, or None before the first publication."""
    return ProgrammeVersion.objects.filter(conference=conference).order_by("-number").first()


def draft(conference: Conference) -> dict[str, Any]:
    """The programme as it would be published now, in the form a version stores it."""
    return json.loads(json.dumps(snapshot.build(conference), cls=DjangoJSONEncoder))


def publish(*, conference: Conference, by, note: str, now: dt.datetime) -> ProgrammeVersion:
    """Publish the current draft as version n + 1.

    Side effects: one ProgrammeVersion row; from then on every public page and export shows
    it. Raises NothingToPublish when the draft equals the latest version (no identical
    version is made). The conference row is locked so two organisers publishing at once
    get consecutive numbers (the unique constraint catches what a database cannot lock)."""
    with transaction.atomic():
        Conference.objects.select_for_update().filter(pk=conference.pk).first()
        data = draft(conference)
        latest = latest_version(conference)
        if latest is not None and latest.snapshot == data:
            raise NothingToPublish
        number = (
            ProgrammeVersion.objects.filter(conference=conference).aggregate(n=Max("number"))["n"]
            or 0
        ) + 1
        version = ProgrammeVersion.objects.create(
            conference=conference,
            number=number,
            snapshot=data,
            note=note.strip(),
            published_at=now,
            published_by=by,
        )
        # The call page (cached for anonymous visitors) links the programme from now on.
        touch_call(conference.pk)
        # Its printed book, made in the background after the commit, ready for the first visitor.
        version_published(version=version)
        return version

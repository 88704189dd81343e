"""Writes to the call: the conference's details, its themes, guiding questions, contribution
types and organisations, and deleting a conference (the Django admin).

Organisers' forms validate; these functions write (``form.save()`` calls them), and so does
the admin (``cfp.admin``), so that both refuse the same things. Keyword-only arguments; each
runs in one transaction.
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from ..call_cache import touch_call
from ..models import (
    Conference,
    ContributionType,
    GuidingQuestion,
    Organisation,
    Submission,
    SubmissionFile,
    Theme,
)
from ..storage import delete_files_on_commit

CallItem = Theme | GuidingQuestion | ContributionType | Organisation


class ItemInUse(Exception):
    """The item cannot be deleted: submissions use it. ``str(exc)`` says what to do."""


def save_conference(*, conference: Conference) -> Conference:
    """Save ``conference`` with the values a validated form set on it.

    Raises ``ValidationError`` when the model's rules refuse them (date order). Side effects:
    the conference row.
    """
    with transaction.atomic():
        conference.full_clean(validate_unique=False)
        conference.save()
    return conference


def confirm_dates(*, conference: Conference) -> None:
    """Record that an organiser checked the dates and the contribution types' limits: the
    placeholder warning disappears and the public pages stop calling them provisional.

    Side effects, in one transaction: one UPDATE of the conference, one of its types.
    """
    with transaction.atomic():
        conference.dates_are_placeholders = False
        conference.save(update_fields=["dates_are_placeholders", "modified"])
        conference.contribution_types.filter(limits_are_placeholders=True).update(
            limits_are_placeholders=False
        )


def next_order(model: type[models.Model], conference: Conference) -> int:
    """The ``order`` value that puts a new item of ``model`` last in ``conference``."""
    last = model.objects.filter(conference=conference).aggregate(m=models.Max("order"))["m"]
    return 0 if last is None else last + 1


def save_item(*, item: models.Model, conference: Conference, m2m: dict | None = None):
    """Save a call item (theme, guiding question, contribution type, organisation, custom
    question) of ``conference``, as a validated form set it; a new one goes last.

    ``m2m``: many-to-many values to set after the save ({field name: objects}). Side
    effects: the item's row (and its many-to-many rows).
    """
    with transaction.atomic():
        item.conference = conference
        if item.pk is None:
            item.order = next_order(type(item), conference)
        item.save()
        for name, values in (m2m or {}).items():
            getattr(item, name).set(values)
    return item


def delete_item(*, item: CallItem) -> None:
    """Delete a call item. Raises ``ItemInUse`` when submissions use it (a contribution
    type); nothing changes then. Side effects: the item's row (and its links to submissions,
    for themes and guiding questions)."""
    try:
        with transaction.atomic():
            item.delete()
    except ProtectedError:
        raise ItemInUse(
            _("“%(item)s” is used by submissions and cannot be deleted. Rename it instead.")
            % {"item": item}
        ) from None


def move_in_order(*, item, up: bool) -> bool:
    """Swap ``item`` with its neighbour above (``up``) or below within its conference.

    Renumbers the conference's items of that kind 0, 1, 2, … first, so that equal or sparse
    ``order`` values (from the admin or a seed) still move predictably. Returns False when
    the item is already first (or last) and nothing changed. Writes every sibling whose
    number changed, in one transaction, and marks the cached call page stale.
    """
    model = type(item)
    with transaction.atomic():
        siblings = list(
            model.objects.select_for_update()
            .filter(conference_id=item.conference_id)
            .order_by("order", "pk")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            return False
        siblings[index], siblings[other] = siblings[other], siblings[index]
        changed = []
        for position, sibling in enumerate(siblings):
            if sibling.order != position:
                sibling.order = position
                changed.append(sibling)
        model.objects.bulk_update(changed, ["order"])
        # bulk_update sends no signal: say so to the cached call page (cfp.call_cache).
        touch_call(item.conference_id)
        item.order = next(s.order for s in siblings if s.pk == item.pk)
        return True


def delete_conference(*, conference: Conference) -> None:
    """Delete a conference with everything in it (the Django admin only).

    Side effects: the conference and every row that belongs to it (submissions, files,
    answers, kept uploads…); the stored files deleted after commit.
    """
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        submissions = Submission.objects.filter(conference=conference)
        stored = list(SubmissionFile.objects.filter(submission__in=submissions))
        kept = list(conference.pending_uploads.all())
        # Submissions first: their contribution type is protected while they exist.
        submissions.delete()
        conference.delete()
        delete_files_on_commit(
            [f for s in stored for f in (s.file, s.blind_file)] + [p.file for p in kept]
        )

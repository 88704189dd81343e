"""Submission numbers: the next one in a conference, taken under a short lock."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from ..models import Conference, Submission, SubmissionCounter


def allocate_number(*, conference: Conference) -> int:
    """Take the next submission number of ``conference``.

    Call it outside the transaction that creates the submission: it commits on its own, so
    the conference's counter row is locked only for this short step, not while the new
    submission's files are read, checked and stored. Two creates at once get two numbers; a
    number whose create then fails stays unused (a gap, never a duplicate). Numbers given by
    other means (fixtures, demo data) are respected: the next is above the highest stored.

    Side effects: the conference's SubmissionCounter row created or advanced.
    """
    with transaction.atomic():
        counter = (
            SubmissionCounter.objects.select_for_update().filter(conference=conference).first()
        )
        if counter is None:
            try:
                with transaction.atomic():
                    SubmissionCounter.objects.create(conference=conference)
            except IntegrityError:  # created by a concurrent first create
                pass
            counter = SubmissionCounter.objects.select_for_update().get(conference=conference)
        top = Submission.objects.filter(conference=conference).aggregate(top=Max("number"))["top"]
        counter.last_number = max(counter.last_number, top or 0) + 1
        counter.save(update_fields=["last_number"])
    return counter.last_number

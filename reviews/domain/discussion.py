"""The committee's discussion of a submission, and the chair's meta-review.

Who may take part is decided by ``reviews.discuss_submission`` / ``write_meta_review``; the
views check it before calling these functions.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..models import Assignment, DiscussionPost, MetaReview

#: At most this many messages per person and submission within POST_WINDOW.
POST_LIMIT = 20
POST_WINDOW = dt.timedelta(hours=1)
MAX_LENGTH = 5000


class PostRefused(Exception):
    """Too many messages in a short time, or an empty/too long one."""


def post_message(
    *, submission, author, text: str, now: dt.datetime | None = None
) -> DiscussionPost:
    """Add ``author``'s message (Markdown, rendered sanitised on the page) to the discussion.

    Raises PostRefused for an empty or too long text, or past POST_LIMIT messages within
    POST_WINDOW. Side effects: one DiscussionPost row. No mail.
    """
    now = now or timezone.now()
    text = (text or "").strip()
    if not text or len(text) > MAX_LENGTH:
        raise PostRefused("length")
    with transaction.atomic():
        recent = DiscussionPost.objects.filter(
            submission=submission, author=author, created_at__gte=now - POST_WINDOW
        ).count()
        if recent >= POST_LIMIT:
            raise PostRefused("rate")
        return DiscussionPost.objects.create(submission=submission, author=author, text=text)


def save_meta_review(*, submission, author, text: str) -> MetaReview | None:
    """Write (or replace) the meta-review; an empty text removes it. The ``decisions`` work
    shows it to the authors once decisions are released. Side effects: the MetaReview row."""
    text = (text or "").strip()
    with transaction.atomic():
        if not text:
            MetaReview.objects.filter(submission=submission).delete()
            return None
        meta, _created = MetaReview.objects.update_or_create(
            submission=submission, defaults={"author": author, "text": text}
        )
        return meta


def reviewer_numbers(submission) -> dict[int, int]:
    """Reviewer id -> N (1, 2, …) in the order of assignment: "Reviewer N". Reads only."""
    ids = Assignment.objects.filter(submission=submission).order_by("created_at", "pk")
    return {rid: n for n, rid in enumerate(ids.values_list("reviewer_id", flat=True), start=1)}

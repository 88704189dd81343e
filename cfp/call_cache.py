"""The public call page, rendered once and kept for anonymous visitors.

It is the page everyone opens at the deadline. What it shows depends on:

- the conference row itself (title, call text, dates, switches): part of the key, as a digest
  of every field (so an edit shows at once even where the clock stands still, as in tests);
- its themes, guiding questions, contribution types and organisations: a change to any of
  them bumps ``Conference.modified`` (:func:`touch_call`, wired to their save and delete
  signals in ``CfpConfig.ready``, and called by ``move_in_order``, whose ``bulk_update`` sends
  no signal), which the digest includes;
- the clock: the phase, whether submissions are open, whether the deadline has passed and the
  "3 days and 4 hours left" sentence are part of the key, so a cached page never shows a
  stale phase or time left: the text changes, the key changes. Nothing else on the page
  depends on the time;
- the language, and the path (the "log in" link carries it).

Only anonymous visitors without pending messages share it: a logged-in user's page shows
their own time zone and drafts, and has a CSRF token in the log-out form. A rendering that
asked for a CSRF token is never stored, so a token cannot be handed to someone else even if
a form is later added to the page.

Entries expire after ``CACHE_SECONDS``: the keys already change with every edit, so the
expiry only bounds how long an edit that bypasses the model layer (a raw SQL ``UPDATE``, a
queryset ``update()`` on a theme) could stay unseen, and how long dead keys occupy memory.
Each process may hold its own copy (local-memory cache); since the keys are derived from the
database row, every process sees an edit on its next request, with Redis or without.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

CACHE_SECONDS = 300
KEY_PREFIX = "cfp:call-page:v1"


def touch_call(conference_id: int | None) -> None:
    """Mark the call of ``conference_id`` as changed: ``Conference.modified`` moves forward
    (at least by a microsecond, even if the clock has not), so cached call pages are no
    longer used. Side effects: one SELECT and one UPDATE of the conference row."""
    from cfp.models import Conference

    if conference_id is None:
        return
    current = Conference.objects.filter(pk=conference_id).values_list("modified", flat=True).first()
    if current is None:  # the conference itself is being deleted
        return
    stamp = max(timezone.now(), current + dt.timedelta(microseconds=1))
    Conference.objects.filter(pk=conference_id).update(modified=stamp)


def touch_call_of(sender, instance, **kwargs) -> None:
    """Signal receiver: a theme, guiding question, contribution type or organisation was
    saved or deleted."""
    touch_call(getattr(instance, "conference_id", None))


def _conference_digest(conference) -> str:
    values = [
        f"{field.attname}={field.value_from_object(conference)!r}"
        for field in conference._meta.concrete_fields
    ]
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:32]


def cache_key(request: HttpRequest, conference, clock: tuple) -> str:
    parts = "\x1f".join(
        [
            _conference_digest(conference),
            translation.get_language() or "",
            request.path,
            *(str(part) for part in clock),
        ]
    )
    digest = hashlib.sha256(parts.encode()).hexdigest()[:40]
    return f"{KEY_PREFIX}:{conference.pk}:{digest}"


def may_share(request: HttpRequest) -> bool:
    """Whether ``request`` may get (and fill) the shared page: an anonymous visitor with no
    message waiting to be shown."""
    if request.user.is_authenticated:
        return False
    # len() loads the messages without marking them shown.
    return len(messages.get_messages(request)) == 0


def cached_page(
    request: HttpRequest, conference, clock: tuple, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """The call page for ``request``: from the cache for anonymous visitors, else ``render()``
    (whose 200 answer is stored unless it used a CSRF token)."""
    if not may_share(request):
        return render()
    key = cache_key(request, conference, clock)
    content = cache.get(key)
    if content is not None:
        return HttpResponse(content)
    response = render()
    if response.status_code == 200 and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        cache.set(key, response.content, CACHE_SECONDS)
    return response

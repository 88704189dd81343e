"""``{% load cfp_files %}``: what the double-blind check found in a file, shown beside it.

``{% file_findings paper kept_uploads.paper as found %}`` → {"items": [sentences], "new": bool}:
the findings of a file uploaded with this very form and kept (``new``: it is not attached
yet, e.g. because a submitted paper needs the acknowledgement first), else those of the
stored file, under double-blind review only.
"""

from __future__ import annotations

from django import template

from ..uploads import describe_mention

register = template.Library()


@register.simple_tag
def file_findings(stored=None, kept=None) -> dict:
    fresh = getattr(kept, "identity_mentions", None) if kept else None
    if fresh:
        return {"items": [describe_mention(m) for m in fresh], "new": True}
    if not stored or not stored.identity_mentions:
        return {"items": [], "new": False}
    if not stored.submission.conference.is_double_blind:
        return {"items": [], "new": False}
    return {"items": [describe_mention(m) for m in stored.identity_mentions], "new": False}

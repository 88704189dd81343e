"""Demo submissions for ``manage.py demo``.

A stub: the submissions engineer fills this in (drafts and submitted papers by the demo
authors, in every contribution type and theme). Keep the signature; ``demo`` calls it.
"""

from __future__ import annotations


def create_demo_submissions(*, conference, authors, stdout=None) -> int:
    """Create demo submissions for ``authors`` in ``conference``, idempotently.

    Returns how many submissions were created by this call (0 when they already exist).
    """
    return 0

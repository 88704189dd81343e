"""reviews' part of "download my data" and "delete my account" (see accounts.personal_data).

Export: the person's committee roles — conference, role, the themes they serve — and their
own load limit. Never another member's identity.

Deletion: the person's committee memberships are deleted with the account (explicitly here,
before the user row goes, rather than by a silent cascade), and the deletion page lists the
roles that end. Nothing else in reviews points at a user yet; bids, conflicts and reviews
join this module when they arrive (reviews of a deleted reviewer must then be kept, detached).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.personal_data import DeletionPreview, PreviewSection

from .models import CommitteeMember


def _memberships(user):
    return (
        CommitteeMember.objects.filter(user=user)
        .select_related("conference")
        .prefetch_related("themes")
        .order_by("conference__slug", "pk")
    )


def export_user_data(user) -> dict:
    """The person's committee roles, one per conference."""
    return {
        "committee_roles": [
            {
                "conference": member.conference.slug,
                "conference_title": member.conference.title,
                "role": member.role,
                "themes": [theme.title for theme in member.themes.order_by("order", "pk")],
                "max_load": member.max_load,
            }
            for member in _memberships(user)
        ]
    }


def deletion_preview(user) -> DeletionPreview:
    """The committee roles that end with the account. Reads only."""
    return DeletionPreview(
        sections=[
            PreviewSection(
                _("Your committee roles will end:"),
                [
                    _("%(role)s, %(conference)s")
                    % {"role": member.get_role_display(), "conference": member.conference.title}
                    for member in _memberships(user)
                ],
            )
        ]
    )


def erase_user_data(user) -> None:
    """Delete the person's committee memberships (and their theme links).

    Side effects: CommitteeMember rows deleted. Runs inside accounts' deletion transaction.
    """
    with transaction.atomic():
        CommitteeMember.objects.filter(user=user).delete()

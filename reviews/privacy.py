"""reviews' part of "download my data" and "delete my account" (see accounts.personal_data).

Export: the person's committee roles — conference, role, the themes they serve — with their
committee profile (themes of expertise, expertise in their own words, keywords, regions,
languages, load limit, dates away); the invitations to a committee addressed to them (to one
of their addresses, or accepted by them); and how many invitations they sent, per
conference. Never another person's identity: the addresses they invited are not exported.

Deletion: the person's committee memberships and the invitations addressed to them or
accepted by them are deleted with the account (explicitly here, before the user row goes,
rather than by a silent cascade); invitations they sent stay, for the organisers' record,
without their sender. The deletion page lists the roles that end. Bids, conflicts and
reviews join this module when they arrive (reviews of a deleted reviewer must then be kept,
detached).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts.personal_data import DeletionPreview, PreviewSection

from .models import CommitteeMember, Invitation


def _memberships(user):
    return (
        CommitteeMember.objects.filter(user=user)
        .select_related("conference")
        .prefetch_related("themes", "expertise_themes")
        .order_by("conference__slug", "pk")
    )


def _own_invitations(user):
    """Invitations addressed to one of the person's addresses, or accepted by them."""
    from allauth.account.models import EmailAddress

    addresses = [
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    ]
    addressed = Q()
    for address in {a.lower() for a in addresses if a}:
        addressed |= Q(email__iexact=address)
    return Invitation.objects.filter(addressed | Q(accepted_by=user)).select_related("conference")


def _titles(themes) -> list[str]:
    return [theme.title for theme in sorted(themes, key=lambda t: (t.order, t.pk))]


def export_user_data(user) -> dict:
    """The person's committee roles and profiles, their invitations, what they sent."""
    sent = (
        Invitation.objects.filter(invited_by=user)
        .values("conference__slug")
        .annotate(count=Count("pk"))
        .order_by("conference__slug")
    )
    return {
        "committee_roles": [
            {
                "conference": member.conference.slug,
                "conference_title": member.conference.title,
                "role": member.role,
                "themes": _titles(member.themes.all()),
                "max_load": member.max_load,
                "themes_of_expertise": _titles(member.expertise_themes.all()),
                "expertise": member.expertise,
                "keywords": list(member.keywords),
                "regions": member.regions,
                "languages": member.languages,
                "unavailable": member.unavailable,
            }
            for member in _memberships(user)
        ],
        "committee_invitations": [
            {
                "conference": invitation.conference.slug,
                "name": invitation.name,
                "email": invitation.email,
                "role": invitation.role,
                "state": invitation.state,
                "invited_at": invitation.created_at.isoformat(),
                "answered_at": (
                    invitation.responded_at.isoformat() if invitation.responded_at else None
                ),
                "decline_reason": invitation.decline_reason,
            }
            for invitation in _own_invitations(user).order_by("created_at", "pk")
        ],
        "committee_invitations_sent": [
            {"conference": row["conference__slug"], "count": row["count"]} for row in sent
        ],
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
    """Delete the person's committee memberships (profiles and theme links included) and the
    invitations addressed to or accepted by them; detach the invitations they sent.

    Side effects: CommitteeMember and Invitation rows deleted; Invitation.invited_by cleared.
    Runs inside accounts' deletion transaction.
    """
    with transaction.atomic():
        CommitteeMember.objects.filter(user=user).delete()
        _own_invitations(user).delete()
        Invitation.objects.filter(invited_by=user).update(invited_by=None)

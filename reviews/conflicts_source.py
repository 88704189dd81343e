"""What reviews tells cfp about conflicts of interest (registered in ReviewsConfig.ready)."""

from __future__ import annotations

from .models import Conflict


def submission_ids_conflicted_for(user):
    """Ids of the submissions ``user`` has a standing (not waived) conflict with."""
    return Conflict.objects.filter(user=user, waived_at__isnull=True).values("submission_id")

from celery import shared_task


@shared_task
def purge_visa_data() -> int:
    """Delete passport data of conferences that ended long enough ago (idempotent)."""
    from django.utils import timezone

    from .domain import purge_visa_data as purge

    return purge(now=timezone.now())


@shared_task
def build_programme_pdf(conference_id: int, key: str, paper: str) -> str | None:
    """Lay out and keep the programme book of a published version or the current draft."""
    from .domain.printing import build_in_background

    return build_in_background(conference_id=conference_id, key=key, paper=paper)

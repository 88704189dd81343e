from celery import shared_task


@shared_task
def purge_visa_data() -> int:
    """Delete passport data of conferences that ended long enough ago (idempotent)."""
    from django.utils import timezone

    from .domain import purge_visa_data as purge

    return purge(now=timezone.now())

"""Personal data held by the programme app (accounts.personal_data): export and erase."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.personal_data import DeletionPreview, PreviewSection

from .models import CameraReady, VisaLetterRequest


def export_user_data(user) -> dict:
    """The user's own visa letter requests (their passport data) and the camera-ready
    versions they confirmed."""
    return {
        "visa_letter_requests": [
            {
                "conference": r.submission.conference.slug,
                "submission": r.submission.public_reference,
                "passport_name": r.passport_name,
                "nationality": r.nationality,
                "passport_number": r.passport_number,
                "travel_from": r.travel_from.isoformat(),
                "travel_to": r.travel_to.isoformat(),
                "state": r.state,
                "requested_at": r.requested_at.isoformat(),
            }
            for r in VisaLetterRequest.objects.filter(requester=user).select_related(
                "submission__conference"
            )
        ],
        "camera_ready_confirmed": [
            c.submission.public_reference
            for c in CameraReady.objects.filter(confirmed_by=user).select_related("submission")
        ],
    }


def erase_user_data(user) -> None:
    """Delete the user's visa letter requests (passport data); other rows point at the user
    with SET_NULL."""
    VisaLetterRequest.objects.filter(requester=user).delete()


def deletion_preview(user) -> DeletionPreview:
    """The visa letter requests deleted with the account. Reads only."""
    requests = VisaLetterRequest.objects.filter(requester=user).select_related(
        "submission__conference"
    )
    items = [
        _("Visa letter for %(conference)s (%(reference)s)")
        % {"conference": r.submission.conference.title, "reference": r.submission.public_reference}
        for r in requests
    ]
    if not items:
        return DeletionPreview()
    return DeletionPreview(
        sections=[PreviewSection(_("These visa letter requests will be deleted:"), items)]
    )

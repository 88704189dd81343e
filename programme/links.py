"""The programme's links on the author's page of a submission (``cfp.submission_links``):
the camera-ready page for its editors and the visa letter request for its confirmed
authors, once the paper is accepted (the decision released: cfp's state says so)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cfp.rules import allowed


def submission_links(submission, user) -> list[tuple[str, str]]:
    """(label, url) pairs ``user`` may follow; [] when the paper is not accepted."""
    kwargs = {"conference": submission.conference.slug, "reference": submission.reference}
    links = []
    if allowed(user, "programme.change_camera_ready", submission):
        links.append(
            (_("Final version (camera-ready)"), reverse("programme:camera_ready", kwargs=kwargs))
        )
    if allowed(user, "programme.request_visa_letter", submission):
        links.append(
            (_("Visa invitation letter"), reverse("programme:visa_letter_request", kwargs=kwargs))
        )
    return links

"""The programme's links on cfp's pages: on the author's page of a submission
(``cfp.submission_links``) the camera-ready page for its editors and the visa letter request
for its confirmed authors, once the paper is accepted (the decision released: cfp's state
says so); the organiser area's tabs and the call page's link to the published programme
(``cfp.sections``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cfp.rules import allowed
from cfp.sections import OrganiserSection


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


def call_links(conference) -> list[tuple[str, str]]:
    """The public programme, from the call page, once a version is published (the call page
    is shared by all anonymous visitors: publishing touches it, see domain.publishing)."""
    from .models import ProgrammeVersion

    if not conference.is_public:
        return []
    if not ProgrammeVersion.objects.filter(conference=conference).exists():
        return []
    url = reverse("programme:public_programme", kwargs={"conference": conference.slug})
    return [(_("The programme"), url)]


#: The programme's tabs in the organiser area (cfp.sections), after cfp's own.
ORGANISER_SECTIONS = [
    OrganiserSection(
        "camera-ready", _lazy("Camera-ready"), "programme:organiser_camera_ready", 200
    ),
    OrganiserSection(
        "visa-letters", _lazy("Visa letters"), "programme:organiser_visa_letters", 210
    ),
    OrganiserSection("schedule", _lazy("Schedule"), "programme:schedule", 220),
    OrganiserSection("publish", _lazy("Publish the programme"), "programme:publish", 230),
]

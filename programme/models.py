"""Camera-ready versions, reminders about them, and visa invitation letters."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cfp.models import Authorship, Submission

BIO_MAX_CHARS = 1_000


def camera_ready_upload_to(instance: CameraReady, filename: str) -> str:
    # A random name: nothing in the stored path names the paper, its authors or the file.
    return f"camera-ready/{instance.submission.conference_id}/{uuid.uuid4().hex}.pdf"


class CameraReady(models.Model):
    """The final version of an accepted submission, as its editors confirmed it.

    Title and abstract are the revised ones for the programme (the submission keeps what the
    committee reviewed). ``confirmed_at`` is set once the editors confirmed a complete
    version; ``reopened_until`` lets them change it after the deadline.
    """

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="camera_ready"
    )
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"))
    file = models.FileField(upload_to=camera_ready_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    presenter = models.ForeignKey(
        Authorship,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    presenter_attends = models.BooleanField(_("the presenter attends in person"), default=True)
    presenter_bio = models.TextField(_("presenter's biography"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reopened_until = models.DateTimeField(_("reopened until"), null=True, blank=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("camera-ready version")
        verbose_name_plural = _("camera-ready versions")

    def __str__(self) -> str:
        return f"{self.submission.public_reference} {self.title}"


class CameraReadyAuthor(models.Model):
    """Whether an author's name and affiliation may be printed in public, as confirmed with
    the camera-ready version."""

    camera_ready = models.ForeignKey(CameraReady, on_delete=models.CASCADE, related_name="authors")
    authorship = models.ForeignKey(Authorship, on_delete=models.CASCADE, related_name="+")
    public = models.BooleanField(_("name and affiliation may be printed"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["camera_ready", "authorship"], name="camera_ready_author_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authorship} public={self.public}"


class CameraReadyReminder(models.Model):
    """A reminder sent to a submission's authors: who asked for it and when."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="camera_ready_reminders"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.submission_id} reminded at {self.sent_at:%Y-%m-%d %H:%M}"


class VisaLetterRequest(models.Model):
    """A presenter's request for a visa invitation letter. Passport data is seen only by the
    requester and the conference's organisers, and deleted after the conference
    (``programme.domain.purge_visa_data``)."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="visa_letter_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visa_letter_requests"
    )
    passport_name = models.CharField(_("name as in the passport"), max_length=200)
    nationality = models.CharField(_("nationality"), max_length=100)
    passport_number = models.CharField(_("passport number"), max_length=40)
    travel_from = models.DateField(_("arrival"))
    travel_to = models.DateField(_("departure"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    decline_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(travel_to__gte=models.F("travel_from")),
                name="visa_letter_travel_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"visa letter {self.pk} ({self.state})"

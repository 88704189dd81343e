"""Uploads kept while the rest of the form could not be saved yet."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .call import Conference
from .submission import Submission, SubmissionFile


def pending_upload_to(instance: PendingUpload, filename: str) -> str:
    # A random name, as for submission files: nothing in the path names the author or paper.
    return f"pending/{instance.conference_id}/{uuid.uuid4().hex}.pdf"


class PendingUploadQuerySet(models.QuerySet):
    def unattached(self) -> PendingUploadQuerySet:
        return self.filter(attached_file__isnull=True)

    def owned_by(self, user, conference: Conference, submission: Submission | None):
        """The user's kept uploads for this form: a new submission (``submission`` None) or
        one existing submission. The only way a kept upload is looked up."""
        if not user.is_authenticated:
            return self.none()
        qs = self.filter(user=user, conference=conference)
        if submission is None:
            return qs.filter(submission__isnull=True)
        return qs.filter(submission=submission)


class PendingUpload(models.Model):
    """A PDF that passed the upload checks while the rest of its form did not (or arrived too
    late to change a submitted paper). It is attached as a file version at the next save of
    the same form by the same person; purged after ``PENDING_UPLOAD_DAYS``.

    ``token`` is what the form carries; it is looked up only among the user's own uploads
    for the same conference and submission. ``attached_file`` is set once attached, so that
    the same form posted twice attaches one version.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_uploads"
    )
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="pending_uploads"
    )
    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pending_uploads",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=SubmissionFile.Kind.choices, default="paper"
    )
    file = models.FileField(upload_to=pending_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("original file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    page_count = models.PositiveIntegerField(_("pages"))
    created = models.DateTimeField(default=timezone.now)
    attached_file = models.ForeignKey(
        SubmissionFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("kept upload")
        verbose_name_plural = _("kept uploads")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_kind_display()}, {self.page_count} p.)"


class PendingRevision(models.Model):
    """A late change to a submitted paper: the edit form as its author posted it after the
    deadline, kept (not applied) so that nothing typed is lost.

    One per person and submission (a newer late post replaces it). Organisers see on the
    submission's page that a change is waiting and which fields it touches; once they reopen
    the submission, the author's edit form is filled in with ``data`` to review and save,
    and a successful save deletes it. ``data`` holds the posted form ({name: [values]}).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_revisions"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="pending_revisions"
    )
    data = models.JSONField(default=dict)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kept late change")
        verbose_name_plural = _("kept late changes")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "submission"], name="pending_revision_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.submission_id} by {self.user_id} ({', '.join(self.fields)})"

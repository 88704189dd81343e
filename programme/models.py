"""Camera-ready versions, visa invitation letters, and the schedule and its published versions."""

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
    #: How the final version addresses the revisions the decision required (accepted with
    #: required revisions); required then, empty otherwise (programme.domain decides).
    revisions_response = models.TextField(
        _("how the required revisions were addressed"), max_length=10000, blank=True
    )
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


# --- The schedule: days, rooms, sessions and the papers placed in them -----------------------
#
# Times are wall-clock times on a conference day, in the conference's time zone
# (``Conference.timezone``); exports turn them into aware datetimes (programme.snapshot).


class ProgrammeDay(models.Model):
    """A day of the conference and the hours its sessions may use."""

    conference = models.ForeignKey(
        "cfp.Conference", on_delete=models.CASCADE, related_name="programme_days"
    )
    date = models.DateField(_("date"))
    starts = models.TimeField(_("first session may start at"))
    ends = models.TimeField(_("last session must end by"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("conference day")
        verbose_name_plural = _("conference days")
        constraints = [
            models.UniqueConstraint(fields=["conference", "date"], name="programme_day_once"),
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="programme_day_hours_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Room(models.Model):
    conference = models.ForeignKey("cfp.Conference", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name", "pk"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["conference", "name"], name="room_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class SessionKind(models.TextChoices):
    PAPERS = "papers", _("Paper session")
    POSTERS = "posters", _("Poster session")
    PLENARY = "plenary", _("Plenary or keynote")
    PANEL = "panel", _("Panel")
    BREAK = "break", _("Break")
    OTHER = "other", _("Other")


#: The kinds that hold presentations of accepted papers.
KINDS_WITH_PAPERS = (SessionKind.PAPERS, SessionKind.POSTERS)


class Session(models.Model):
    """A block of the programme. Without a day and times it is a draft not yet on the grid.

    A session with no room is for everyone (a plenary in the main hall is given its room; a
    break usually has none). The chair is an account when the chair has one, so that a chair
    presenting in a parallel session is found; ``chair_name`` is printed (it may differ from the
    account's name, e.g. with a title)."""

    conference = models.ForeignKey(
        "cfp.Conference", on_delete=models.CASCADE, related_name="sessions"
    )
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SessionKind.choices, default=SessionKind.PAPERS
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(
        _("description"),
        max_length=5000,
        blank=True,
        help_text=_("Printed under the title, e.g. the keynote speaker and the talk's abstract."),
    )
    theme = models.ForeignKey(
        "cfp.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("theme"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("room"),
    )
    day = models.ForeignKey(
        ProgrammeDay,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("day"),
    )
    starts = models.TimeField(_("starts"), null=True, blank=True)
    ends = models.TimeField(_("ends"), null=True, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_sessions",
        verbose_name=_("chair"),
    )
    chair_name = models.CharField(_("chair's name as printed"), max_length=300, blank=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day__date", "starts", "room__order", "room__name", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__isnull=True)
                | models.Q(ends__isnull=True)
                | models.Q(ends__gt=models.F("starts")),
                name="session_times_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def holds_papers(self) -> bool:
        return self.kind in KINDS_WITH_PAPERS

    @property
    def is_scheduled(self) -> bool:
        return self.day_id is not None and self.starts is not None and self.ends is not None


class Presentation(models.Model):
    """An accepted submission placed in a paper or poster session, in an order.

    ``minutes`` overrides the contribution type's presentation length for this paper."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="presentations")
    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="presentation"
    )
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)

    class Meta:
        ordering = ["session", "order", "pk"]
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")

    def __str__(self) -> str:
        return f"{self.submission_id} in {self.session_id}"


class ProgrammeVersion(models.Model):
    """A published programme: what the public sees is the latest one, frozen as it was.

    ``snapshot`` is the public programme (programme.snapshot.build): names withheld at an
    author's request are never in it, so every public page and export reads only this."""

    conference = models.ForeignKey(
        "cfp.Conference", on_delete=models.CASCADE, related_name="programme_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField()
    note = models.TextField(_("what changed, in a sentence or two"), max_length=2000, blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        verbose_name = _("published programme")
        verbose_name_plural = _("published programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"], name="programme_version_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conference_id} v{self.number}"

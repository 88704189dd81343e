"""The call: conferences, their themes, guiding questions and contribution types.

Submissions, authorships and files join this module in the submissions issue.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cfp.validators import validate_timezone

#: Longest texts organisers may type (characters), enforced by every form (the model's
#: ``max_length``): the call is sent with every public page, descriptions with theme and
#: type pages and the submission form.
CALL_TEXT_MAX_LENGTH = 20_000
DESCRIPTION_MAX_LENGTH = 5_000
GUIDING_QUESTION_MAX_LENGTH = 1_000


class BlindReview(models.TextChoices):
    OPEN = "open", _("Open: reviewers and authors see each other's names")
    SINGLE = "single", _("Single-blind: reviewers see authors; authors do not see reviewers")
    DOUBLE = "double", _("Double-blind: neither sees the other's names")


class ConferenceQuerySet(models.QuerySet):
    def public(self) -> ConferenceQuerySet:
        return self.filter(is_public=True)

    def current(self, now) -> Conference | None:
        """The conference ``/`` shows: of the calls whose deadline is ahead, the one that
        opened first (so an open call beats an upcoming one); else the conference that
        started most recently. Two queries at most.

        Compares the stored deadline; a call under AoE stays "current" until the stored
        instant, which is at most a day before it actually closes.
        """
        open_or_upcoming = (
            self.filter(submission_closes__gt=now)
            .order_by("submission_opens", "submission_closes", "pk")
            .first()
        )
        if open_or_upcoming is not None:
            return open_or_upcoming
        return self.order_by("-start_date", "pk").first()


class Conference(models.Model):
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=400, blank=True)
    call_text = models.TextField(
        _("call text"),
        blank=True,
        max_length=CALL_TEXT_MAX_LENGTH,
        help_text=_("Markdown. Raw HTML is removed when shown."),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Bangkok",
        validators=[validate_timezone],
        help_text=_("Deadlines and the programme are shown in this time zone."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        related_name="organised_conferences",
        blank=True,
        help_text=_("People who run this conference in sala."),
    )

    submission_opens = models.DateTimeField(_("submissions open"))
    submission_closes = models.DateTimeField(_("submission deadline"))
    deadlines_anywhere_on_earth = models.BooleanField(
        _("deadlines are “Anywhere on Earth”"),
        default=False,
        help_text=_(
            "If set, a deadline falls when its date has ended everywhere on Earth (UTC−12), "
            "instead of in the conference's time zone."
        ),
    )
    dates_are_placeholders = models.BooleanField(
        _("dates are placeholders"),
        default=False,
        help_text=_(
            "Set when the call did not announce these dates and they were filled in as "
            "plausible guesses; organisers see a warning until they confirm them."
        ),
    )
    dates_shifted_for_demo = models.BooleanField(
        _("dates moved for a demonstration"),
        default=False,
        help_text=_(
            "Set when a past call's dates were moved so that it is open today, for a "
            "demonstration; the public page and the organiser area say so."
        ),
    )
    reviewing_opens = models.DateField(
        _("reviewing begins"),
        null=True,
        blank=True,
        help_text=_(
            "The day reviewers start reviewing. Between the submission deadline and this day "
            "submissions are checked and reviewers bid. Empty: reviewing begins at the deadline."
        ),
    )
    review_deadline = models.DateField(_("review deadline"), null=True, blank=True)
    notification_date = models.DateField(_("notification of acceptance"), null=True, blank=True)
    camera_ready_deadline = models.DateField(_("camera-ready deadline"), null=True, blank=True)

    blind_review = models.CharField(
        _("blind review"), max_length=10, choices=BlindReview.choices, default=BlindReview.DOUBLE
    )
    reviews_per_submission = models.PositiveSmallIntegerField(
        _("reviews per submission"), default=3, validators=[MinValueValidator(1)]
    )
    reviewer_load = models.PositiveSmallIntegerField(
        _("maximum submissions per reviewer"), default=6, validators=[MinValueValidator(1)]
    )
    max_upload_megabytes = models.PositiveSmallIntegerField(
        _("largest upload (MB)"), default=10, validators=[MinValueValidator(1)]
    )
    is_public = models.BooleanField(
        _("call is published"),
        default=True,
        help_text=_("Unpublished calls are seen only by their organisers."),
    )
    show_theme_submission_counts = models.BooleanField(
        _("show how many submissions each theme has"),
        default=False,
        help_text=_(
            "Once submissions are closed, each theme's page says how many submitted papers "
            "it has (drafts and withdrawn papers are not counted)."
        ),
    )

    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-start_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="conference_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(submission_closes__gt=F("submission_opens")),
                name="conference_submissions_close_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cfp:call", kwargs={"conference": self.slug})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def is_double_blind(self) -> bool:
        return self.blind_review == BlindReview.DOUBLE

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_megabytes * 1024 * 1024

    def clean(self) -> None:
        """Check that the dates follow the life cycle's order.

        Each later date may be empty; a date that is set must not come before the one it
        follows (the submission deadline compared by its date in the conference's time zone).
        """
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before the first day.")
        if (
            self.submission_opens
            and self.submission_closes
            and self.submission_closes <= self.submission_opens
        ):
            errors["submission_closes"] = _(
                "The submission deadline must be after submissions open."
            )
        deadline_day = None
        if self.submission_closes and self.timezone in zoneinfo.available_timezones():
            deadline_day = self.submission_closes.astimezone(self.tz).date()
        # (field, the date it must not precede, message)
        sequence = [
            (
                "reviewing_opens",
                deadline_day,
                _("Reviewing cannot begin before the submission deadline."),
            ),
            (
                "review_deadline",
                self.reviewing_opens or deadline_day,
                _("The review deadline cannot be before reviewing begins."),
            ),
            (
                "notification_date",
                self.review_deadline or self.reviewing_opens or deadline_day,
                _("Authors cannot be notified before the review deadline."),
            ),
            (
                "camera_ready_deadline",
                self.notification_date,
                _("The camera-ready deadline cannot be before the notification of acceptance."),
            ),
        ]
        for field, earliest, message in sequence:
            value = getattr(self, field)
            if value and earliest and value < earliest:
                errors.setdefault(field, message)
        if self.start_date and deadline_day and deadline_day > self.start_date:
            errors.setdefault(
                "submission_closes",
                _("The submission deadline cannot be after the conference begins."),
            )
        if errors:
            raise ValidationError(errors)

    @property
    def has_placeholder_limits(self) -> bool:
        """Whether a contribution type's limits are still unconfirmed guesses (one query)."""
        return self.contribution_types.filter(limits_are_placeholders=True).exists()


class OrganiserChange(models.Model):
    """Who appointed or removed an organiser of a conference, and when: the organisers page
    shows it to every organiser. A site administrator stepping in is recorded here with
    their reason (``cfp.domain.organisers.step_in``). Names are copied so that the record
    outlives the accounts."""

    class Action(models.TextChoices):
        CREATED = "created", _("created the conference")
        APPOINTED = "appointed", _("appointed")
        REMOVED = "removed", _("removed")
        STEPPED_IN = "stepped_in", _("stepped in as site administrator")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="organiser_changes"
    )
    action = models.CharField(_("what"), max_length=12, choices=Action.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    person_name = models.CharField(_("organiser"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_name = models.CharField(_("by"), max_length=300)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("change of organisers")
        verbose_name_plural = _("changes of organisers")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_name} {self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class Organisation(models.Model):
    """An organiser or partner institution named on the call (not a user account)."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        PARTNER = "partner", _("Partner")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.ORGANISER)
    url = models.URLField(_("web site"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    description = models.TextField(
        _("description"), blank=True, max_length=DESCRIPTION_MAX_LENGTH, help_text=_("Markdown.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "slug"], name="theme_slug_unique_per_conference"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cfp:theme", kwargs={"conference": self.conference.slug, "theme": self.slug})


class GuidingQuestion(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="guiding_questions"
    )
    text = models.TextField(_("question"), max_length=GUIDING_QUESTION_MAX_LENGTH)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class ContributionType(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="contribution_types"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    description = models.TextField(
        _("what it expects"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("Markdown."),
    )
    abstract_word_limit = models.PositiveIntegerField(
        _("abstract word limit"), default=300, validators=[MinValueValidator(1)]
    )
    page_limit = models.PositiveSmallIntegerField(
        _("full paper page limit"), default=20, validators=[MinValueValidator(1)]
    )
    presentation_minutes = models.PositiveSmallIntegerField(
        _("presentation length (minutes)"), default=20, validators=[MinValueValidator(1)]
    )
    requires_ethics_statement = models.BooleanField(
        _("requires an ethics statement"),
        default=False,
        help_text=_(
            "Authors describe how participants' safety, consent and anonymity were protected."
        ),
    )
    limits_are_placeholders = models.BooleanField(
        _("limits are placeholders"),
        default=False,
        help_text=_(
            "Set when the call did not state the limits and the ethics requirement and they "
            "were filled in by the organisers' choice; the public pages call them provisional "
            "until the organisers confirm them."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("contribution type")
        verbose_name_plural = _("contribution types")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "slug"], name="contribution_type_slug_unique_per_conference"
            ),
            models.CheckConstraint(
                condition=Q(abstract_word_limit__gt=0), name="contribution_type_word_limit_positive"
            ),
            models.CheckConstraint(
                condition=Q(page_limit__gt=0), name="contribution_type_page_limit_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "cfp:contribution_type", kwargs={"conference": self.conference.slug, "type": self.slug}
        )

"""The committee and the assignment step: members and their expertise, invitations, conflicts
of interest, bids, the conference's assignment settings, assignment runs and assignments.

Reviews, discussion and decisions join this module in a later issue. cfp never imports this
app; what cfp must know of it (which submissions a person is conflicted with) it asks through
the hook in ``cfp.visibility``, which reviews fills in ``ReviewsConfig.ready``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cfp.models import Conference, Submission, Theme


class CommitteeMember(models.Model):
    """A person's place on one conference's committee, with their committee profile.

    ``themes`` are the themes a theme chair chairs (empty for reviewers);
    ``expertise_themes`` the themes the member knows, which feed the affinity score.
    """

    class Role(models.TextChoices):
        REVIEWER = "reviewer", _("Reviewer")
        THEME_CHAIR = "theme_chair", _("Theme chair")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REVIEWER)
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("themes chaired"),
        blank=True,
        help_text=_("For a theme chair: the themes whose committee work they manage."),
    )
    max_load = models.PositiveSmallIntegerField(
        _("maximum reviews"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(200)],
        help_text=_("Empty: the conference's default."),
    )
    # --- The committee profile (prefilled from the member's previous conference on the site).
    expertise_themes = models.ManyToManyField(
        Theme,
        verbose_name=_("themes of expertise"),
        blank=True,
        related_name="experts",
    )
    expertise = models.TextField(
        _("expertise in your own words"),
        blank=True,
        max_length=3000,
        help_text=_("A paragraph: the questions, places and methods you know."),
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    regions = models.CharField(_("countries or regions you know"), max_length=500, blank=True)
    languages = models.CharField(_("languages you read"), max_length=300, blank=True)
    unavailable = models.CharField(
        _("dates you are unavailable"),
        max_length=500,
        blank=True,
        help_text=_("For example: 10–20 March; 1 April."),
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(fields=["conference", "user"], name="committee_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def effective_max_load(self) -> int:
        return self.max_load if self.max_load is not None else self.conference.reviewer_load


class Invitation(models.Model):
    """An invitation by email to a committee role. Only the token's hash is stored."""

    class State(models.TextChoices):
        PENDING = "pending", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Revoked")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="committee_invitations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    role = models.CharField(_("role"), max_length=20, choices=CommitteeMember.Role.choices)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes chaired"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("committee invitation")
        verbose_name_plural = _("committee invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.get_role_display()})"


class ConflictReason(models.TextChoices):
    SAME_INSTITUTION = "institution", _("Same institution")
    COLLABORATOR = "collaborator", _("Collaborator in the last three years")
    SUPERVISION = "supervision", _("Supervisor or student")
    PERSONAL = "personal", _("Family or personal")
    OTHER = "other", _("Other")
    # Found by sala itself.
    IS_AUTHOR = "author", _("Is an author of the submission")
    SAME_EMAIL_DOMAIN = "email_domain", _("Same email domain")
    SAME_AFFILIATION = "affiliation", _("Same affiliation")
    COAUTHOR = "coauthor", _("Co-authored a submission on this site")


class Conflict(models.Model):
    """A conflict of interest between a person and a submission. Absolute while it exists.

    ``source`` says who found it. A chair's removal of an automatic conflict is kept as a
    row with ``waived_at`` set, so that recomputing automatic conflicts does not bring it back.
    """

    class Source(models.TextChoices):
        AUTHOR = "author", _("Declared by an author")
        REVIEWER = "reviewer", _("Declared by the reviewer")
        AUTOMATIC = "automatic", _("Found automatically")
        CHAIR = "chair", _("Added by a chair")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    source = models.CharField(_("found by"), max_length=10, choices=Source.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=ConflictReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    waived_at = models.DateTimeField(_("waived"), null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "user", "source"], name="conflict_unique_per_source"
            )
        ]
        indexes = [models.Index(fields=["user", "submission"])]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.submission_id} ({self.reason})"


class ConflictChange(models.Model):
    """Every change to conflicts: who, when, what, why."""

    class Action(models.TextChoices):
        ADDED = "added", _("Added")
        REMOVED = "removed", _("Removed")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    source = models.CharField(max_length=10, choices=Conflict.Source.choices)
    reason = models.CharField(max_length=20, choices=ConflictReason.choices)
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.user_id} on {self.submission_id}"


class Bid(models.Model):
    class Preference(models.TextChoices):
        EAGER = "eager", _("Eager")
        WILLING = "willing", _("Willing")
        NEUTRAL = "neutral", _("Neutral")
        NOT_WILLING = "not_willing", _("Not willing")
        CONFLICT = "conflict", _("Conflict")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bids"
    )
    preference = models.CharField(
        _("preference"), max_length=12, choices=Preference.choices, default=Preference.NEUTRAL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "user"], name="bid_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.submission_id}: {self.preference}"


class AssignmentSettings(models.Model):
    """The chair's settings for the assignment step and the affinity score, per conference."""

    class Objective(models.TextChoices):
        MAX_TOTAL = "max_total", _("Best total match")
        FAIR = "fair", _("Fair: raise the weakest-matched submissions first")

    conference = models.OneToOneField(
        Conference, on_delete=models.CASCADE, related_name="assignment_settings"
    )
    min_load = models.PositiveSmallIntegerField(_("minimum reviews per reviewer"), default=0)
    require_theme_reviewer = models.BooleanField(
        _("at least one reviewer from the submission's theme"), default=True
    )
    objective = models.CharField(
        _("objective"), max_length=10, choices=Objective.choices, default=Objective.FAIR
    )
    balance_loads = models.BooleanField(_("balance reviewers' loads"), default=True)
    allow_not_willing = models.BooleanField(
        _("use “not willing” pairs as a last resort"), default=False
    )
    weight_bid = models.FloatField(
        _("weight of the bid"),
        default=1.0,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    weight_theme = models.FloatField(
        _("weight of the theme match"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    weight_text = models.FloatField(
        _("weight of the textual similarity"),
        default=1.0,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    public_mail_domains = models.TextField(
        _("public mail providers"),
        blank=True,
        default="gmail.com\nyahoo.com\nhotmail.com\noutlook.com\nlive.com\nicloud.com\n"
        "protonmail.com\nproton.me\nmail.ru\nqq.com\n163.com\nyandex.ru\ngmx.net",
        help_text=_("One domain a line. A shared domain here is not a conflict."),
    )
    time_limit_seconds = models.PositiveSmallIntegerField(
        _("time limit of a run (seconds)"), default=60, validators=[MaxValueValidator(600)]
    )
    last_resort_penalty = models.FloatField(
        _("penalty of a “not willing” pair"),
        default=2.0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Subtracted from the pair's affinity: the higher, the rarer such pairs."),
    )
    # Reviews wanted per submission of each contribution type: {type id (str): reviews}.
    # A type not listed takes the conference's reviews_per_submission.
    reviews_per_type = models.JSONField(
        _("reviews per contribution type"), default=dict, blank=True
    )
    # Bidding opens by itself between the submission deadline and "reviewing begins"; a
    # conference without that date (or wanting bids earlier) opens it here.
    bidding_open = models.BooleanField(
        _("bidding is open"),
        default=False,
        help_text=_(
            "Open bidding now, after the submission deadline, even outside the dates "
            "(between the deadline and “reviewing begins” it is open by itself)."
        ),
    )
    # What the automatic conflicts were last computed from (reviews.domain.conflicts.
    # ensure_fresh): a digest of the submissions, authors, committee and settings.
    conflicts_checked = models.CharField(max_length=64, blank=True, editable=False)

    def __str__(self) -> str:
        return f"assignment settings of {self.conference_id}"


class ReviewQuota(models.Model):
    """Reviews wanted for one submission, overriding its type's default."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="+")
    reviews = models.PositiveSmallIntegerField(validators=[MaxValueValidator(20)])

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.reviews}"


class AssignmentRun(models.Model):
    """One run of the engine on the database's state: a preview until the chair confirms."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        READY = "ready", _("Preview ready")
        INFEASIBLE = "infeasible", _("No assignment possible")
        FAILED = "failed", _("Failed")
        CONFIRMED = "confirmed", _("Confirmed")
        STALE = "stale", _("Out of date")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="assignment_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    progress = models.CharField(max_length=200, blank=True)
    settings_snapshot = models.JSONField(default=dict)
    # The assignment version the run started from; confirming is refused if it has moved.
    base_version = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.state})"


class Assignment(models.Model):
    """A reviewer assigned to a submission."""

    class Origin(models.TextChoices):
        ENGINE = "engine", _("Assignment run")
        MANUAL = "manual", _("By hand")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    origin = models.CharField(max_length=10, choices=Origin.choices)
    run = models.ForeignKey(AssignmentRun, on_delete=models.SET_NULL, null=True, blank=True)
    affinity = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when the reviewer's "new assignments" mail that lists this one was queued.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} reviews {self.submission_id}"


class AssignmentVersion(models.Model):
    """A counter per conference, bumped by every change to its assignments (optimistic lock
    for confirming a preview)."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.conference_id}: v{self.version}"


# Reviewing, discussion and decisions (issue 12) live in a module of their own; importing them
# here registers them with the app.
from .reviewing_models import (  # noqa: E402, F401
    AuthorResponse,
    Confidence,
    Decision,
    DeclinedAssignment,
    DiscussionPost,
    MetaReview,
    NotificationMessage,
    NotificationTemplate,
    Outcome,
    Recommendation,
    Review,
    ReviewCriterion,
    ReviewingSettings,
    ReviewReminder,
    ReviewScore,
)

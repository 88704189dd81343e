"""Reviewing, discussion and decisions: the review form's criteria, reviews and their scores,
declined assignments, the committee's discussion and meta-review, the authors' response,
decisions and the notification mails that carry them.

Imported by ``reviews.models`` (so Django registers them in the reviews app); kept in a
module of its own so that the committee's models and these read separately.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cfp.models import Conference, ContributionType, Submission


def default_scale() -> list[dict]:
    return [
        {"value": 1, "label": "Poor"},
        {"value": 2, "label": "Fair"},
        {"value": 3, "label": "Good"},
        {"value": 4, "label": "Very good"},
        {"value": 5, "label": "Excellent"},
    ]


class ReviewCriterion(models.Model):
    """One question of the review form, scored on a labelled scale.

    ``contribution_types`` empty: the criterion applies to every type; otherwise only to
    those (a practitioner's reflection is not judged like an empirical study).
    ``scale``: a list of ``{"value": int, "label": str}``, lowest first.
    """

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="review_criteria"
    )
    name = models.CharField(_("name"), max_length=200)
    guidance = models.TextField(_("guidance for reviewers"), max_length=2000, blank=True)
    scale = models.JSONField(_("scale"), default=default_scale)
    required = models.BooleanField(_("required"), default=True)
    weight = models.FloatField(
        _("weight"), default=1.0, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    contribution_types = models.ManyToManyField(
        ContributionType,
        verbose_name=_("contribution types"),
        blank=True,
        help_text=_("Empty: every contribution type."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")

    def __str__(self) -> str:
        return self.name


class Recommendation(models.IntegerChoices):
    STRONG_REJECT = 1, _("Strong reject")
    REJECT = 2, _("Reject")
    WEAK_REJECT = 3, _("Weak reject")
    WEAK_ACCEPT = 4, _("Weak accept")
    ACCEPT = 5, _("Accept")
    STRONG_ACCEPT = 6, _("Strong accept")


class Confidence(models.IntegerChoices):
    LOW = 1, _("Low: an educated guess")
    FAIR = 2, _("Fair: I know the area a little")
    GOOD = 3, _("Good: I know the area")
    HIGH = 4, _("High: I work in this area")
    EXPERT = 5, _("Expert: I know this literature thoroughly")


class Review(models.Model):
    """A reviewer's review of a submission: a draft until submitted.

    ``reviewer`` is kept null when the reviewer deletes their account: the review stays,
    detached. ``editable_until`` set by an organiser reopens a review past the deadline.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews_written",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    recommendation = models.PositiveSmallIntegerField(
        _("overall recommendation"), choices=Recommendation.choices, null=True, blank=True
    )
    confidence = models.PositiveSmallIntegerField(
        _("your confidence"), choices=Confidence.choices, null=True, blank=True
    )
    comments_to_authors = models.TextField(
        _("comments to the authors"), max_length=20000, blank=True
    )
    confidential_comments = models.TextField(
        _("confidential comments to the committee"), max_length=10000, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    editable_until = models.DateTimeField(_("reopened until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"],
                condition=models.Q(reviewer__isnull=False),
                name="review_one_per_reviewer",
            )
        ]

    def __str__(self) -> str:
        return f"review of {self.submission_id} by {self.reviewer_id} ({self.state})"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="review_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class DeclinedAssignment(models.Model):
    """A reviewer declined an assignment before starting; the chair sees it and reassigns.
    The pair is not proposed again by the assignment engine."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declined_assignments"
    )
    reason = models.CharField(_("reason"), max_length=1000)
    declined_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="declined_once")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} declined {self.submission_id}"


class ReviewingSettings(models.Model):
    """Per conference: who sees which reviews when, the author response phase."""

    conference = models.OneToOneField(
        Conference, on_delete=models.CASCADE, related_name="reviewing_settings"
    )
    others_reviews_after_own = models.BooleanField(
        _("reviewers see the other reviews of a paper after submitting their own"), default=True
    )
    reviews_released_to_authors = models.BooleanField(
        _("authors see the comments to authors and the scores once decisions are released"),
        default=False,
    )
    author_response_opens = models.DateTimeField(_("author response opens"), null=True, blank=True)
    author_response_closes = models.DateTimeField(
        _("author response closes"), null=True, blank=True
    )
    author_response_word_limit = models.PositiveSmallIntegerField(
        _("author response word limit"), default=500, validators=[MaxValueValidator(5000)]
    )
    disagreement_threshold = models.FloatField(
        _("flag disagreement when recommendations spread by at least"),
        default=2.0,
        validators=[MinValueValidator(0)],
    )
    offers_posters = models.BooleanField(_("the conference offers posters"), default=True)

    def __str__(self) -> str:
        return f"reviewing settings of {self.conference_id}"


class ReviewReminder(models.Model):
    """A "reviews still missing" mail to one reviewer; never two within a day."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    missing = models.JSONField(default=list)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"reminder to {self.reviewer_id}"


class DiscussionPost(models.Model):
    """A message in a submission's committee discussion (never shown to conflicted members)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"post {self.pk} on {self.submission_id}"


class MetaReview(models.Model):
    """The theme chair's summary of the reviews; becomes the summary sent to authors."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("meta-review"), max_length=10000)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"meta-review of {self.submission_id}"


class AuthorResponse(models.Model):
    """The authors' one answer to the comments to authors, in the response phase."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("your response"), max_length=40000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"response on {self.submission_id}"


class Outcome(models.TextChoices):
    ACCEPT_PAPER = "accept_paper", _("Accept as a paper presentation")
    ACCEPT_POSTER = "accept_poster", _("Accept as a poster")
    ACCEPT_WITH_REVISIONS = "accept_revisions", _("Accept with required revisions")
    WAITLIST = "waitlist", _("Waitlist")
    REJECT = "reject", _("Reject")


class Decision(models.Model):
    """A decision on a submission. Every decision is kept (who, when); the latest counts.
    ``released_at``: when it became visible to the authors (with the notification mails)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    required_revisions = models.TextField(_("required revisions"), max_length=10000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        get_latest_by = "decided_at"

    def __str__(self) -> str:
        return f"{self.outcome} for {self.submission_id}"


class NotificationTemplate(models.Model):
    """The organisers' mail for one outcome, with placeholders (see reviews.notifications)."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="notification_templates"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=20000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "outcome"], name="notification_template_per_outcome"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conference_id}: {self.outcome}"


class NotificationMessage(models.Model):
    """One mail carrying one decision to one author: recorded so that a rerun sends only
    what was not sent, and organisers see the state of every message."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="messages")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "email"], name="notification_once")
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.state}"

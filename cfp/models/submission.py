"""Submissions, their authors, files, history and the organisers' own questions."""

from __future__ import annotations

import secrets
import uuid
from enum import nonmember

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.validators import validate_orcid

from .call import Conference, ContributionType, GuidingQuestion, Theme


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")

    # States in which a decision has been taken: withdrawal is no longer possible.
    DECIDED = nonmember(("accepted", "rejected"))
    # States an organiser's list counts as "came in".
    ACTIVE = nonmember(("submitted", "accepted", "rejected"))


class SubmissionQuerySet(models.QuerySet):
    def for_conference(self, conference: Conference) -> SubmissionQuerySet:
        return self.filter(conference=conference)

    def drafts(self) -> SubmissionQuerySet:
        return self.filter(state=SubmissionState.DRAFT)

    def of_author(self, user) -> SubmissionQuerySet:
        """Submissions ``user`` is an author of: as submitter, as a confirmed author, or as an
        unconfirmed author named with one of the user's verified email addresses.

        Mirrors ``cfp.rules.is_submission_author``.
        """
        if not user.is_authenticated:
            return self.none()
        from allauth.account.models import EmailAddress

        verified = (
            EmailAddress.objects.filter(user=user, verified=True)
            .annotate(email_lower=Lower("email"))
            .values("email_lower")
        )
        authorships = Authorship.objects.annotate(email_lower=Lower("email")).filter(
            Q(user=user) | Q(user__isnull=True, email_lower__in=verified),
            submission=OuterRef("pk"),
        )
        return self.filter(Q(created_by=user) | Exists(authorships))

    def visible_to(self, user) -> SubmissionQuerySet:
        """What ``user`` may see in cfp's submission pages: their own submissions, and what
        ``for_organisers_of`` shows the organisers of its conference (no drafts but late ones).
        Mirrors ``cfp.rules.can_view_submission``.
        """
        if not user.is_authenticated:
            return self.none()
        organised = Conference.organisers.through.objects.filter(
            conference_id=OuterRef("conference_id"), user_id=user.pk
        )
        as_organiser = (
            self.model.objects.filter(Exists(organised))
            .shown_to_organisers()
            .excluding_conflicts_of(user)
        )
        return self.filter(
            Q(pk__in=self.model.objects.of_author(user).values("pk"))
            | Q(pk__in=as_organiser.values("pk"))
        )

    # --- What organisers see. The one place: the organiser list, counts, search, exports and
    # the organiser's submission page all start here; cfp.rules.can_organiser_see_submission
    # is the same logic for one object.

    def for_organisers_of(self, conference: Conference, user=None) -> SubmissionQuerySet:
        """The conference's submissions its organisers may see: everything but drafts (except
        late drafts) and withdrawn drafts that were never submitted.

        Drafts are an author's unfinished, private work; organisers see only how many there
        are (``drafts().count()``). A *late draft* (a form posted after the deadline and kept
        as a draft, recorded as LATE_POST_SAVED_AS_DRAFT) is shown: its authors were told to
        ask the organisers to reopen it, so the organisers must be able to find it. Withdrawn
        submissions are included; lists hide them and late drafts unless asked. ``user``
        narrows the set by ``excluding_conflicts_of``.
        """
        qs = self.filter(conference=conference).shown_to_organisers()
        return qs.excluding_conflicts_of(user) if user is not None else qs

    def shown_to_organisers(self) -> SubmissionQuerySet:
        """Submitted or decided; withdrawn only if it was once submitted; a draft only if it
        is a late draft. Mirrors cfp.rules.is_visible_to_organisers.

        A draft its authors withdrew without ever submitting it stays their private work:
        withdrawing must not show organisers what was never sent to them.
        """
        # The SQL mirror of cfp.domain.reading.is_late_draft (the rule for one submission).
        late = SubmissionChange.objects.filter(
            submission=OuterRef("pk"), action=SubmissionChange.Action.LATE_POST_SAVED_AS_DRAFT
        )
        return self.filter(
            Q(state__in=SubmissionState.ACTIVE)
            | Q(state=SubmissionState.WITHDRAWN, submitted_at__isnull=False)
            | (Q(state=SubmissionState.DRAFT) & Exists(late))
        )

    def late_drafts(self) -> SubmissionQuerySet:
        """Drafts posted after the deadline and kept (see ``for_organisers_of``)."""
        return self.drafts().shown_to_organisers()

    def excluding_conflicts_of(self, user) -> SubmissionQuerySet:
        """Drop what ``user`` is conflicted with, as reviews records it (see cfp.conflicts).

        The only place that decides it for lists; cfp.rules.is_conflicted_with mirrors it.
        """
        from ..conflicts import exclude_conflicts

        return exclude_conflicts(self, user)


def submission_upload_to(instance: SubmissionFile, filename: str) -> str:
    # A random name: nothing in the stored path reveals the submission, the author or the
    # original file name, and no two uploads can collide.
    return f"submissions/{instance.submission.conference_id}/{uuid.uuid4().hex}.pdf"


#: Crockford's base 32: no I, L, O or U, so a reference read aloud or copied by hand is not
#: mistaken for another.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    """A random reference (40 bits): says nothing of how many submissions came before."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class Submission(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="submissions")
    # Organisers number submissions in order of arrival; authors never see the number (it
    # would tell them how many others have submitted): their pages, links and mails name
    # the submission by ``reference``, drawn at random once, at creation.
    number = models.PositiveIntegerField(_("submission number"))
    reference = models.CharField(
        _("reference"),
        max_length=REFERENCE_LENGTH,
        unique=True,
        default=new_reference,
        editable=False,
    )
    contribution_type = models.ForeignKey(
        ContributionType,
        on_delete=models.PROTECT,
        related_name="submissions",
        null=True,
        blank=True,
        verbose_name=_("contribution type"),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="submissions"
    )
    guiding_questions = models.ManyToManyField(
        GuidingQuestion,
        verbose_name=_("guiding questions addressed"),
        blank=True,
        related_name="submissions",
    )
    ethics_statement = models.TextField(_("ethics statement"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # An organiser may reopen one submission after the deadline; it stays editable until
    # this instant (or until closed again).
    reopened_until = models.DateTimeField(_("reopened until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="created_submissions",
        verbose_name=_("submitted by"),
    )
    # Optimistic concurrency: every save increments it; a form posted with an older value
    # is refused and the editor is shown what changed.
    revision = models.PositiveIntegerField(default=1)
    # The token of the form that created this submission: a double click or a resubmitted
    # "new submission" form finds the first one instead of creating a second.
    creation_token = models.UUIDField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["conference", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"], name="submission_number_unique"
            ),
            models.UniqueConstraint(
                fields=["created_by", "creation_token"],
                condition=Q(creation_token__isnull=False),
                name="submission_creation_token_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title or _('(untitled draft)')}"

    def get_absolute_url(self) -> str:
        """The authors' page of the submission (named by its reference, never its number)."""
        return self.author_url("cfp:submission_detail")

    def author_url(self, name: str, **kwargs) -> str:
        """An author's page of this submission: ``cfp:<name>`` by conference and reference."""
        return reverse(
            name, kwargs={"conference": self.conference.slug, "reference": self.reference, **kwargs}
        )

    @property
    def public_reference(self) -> str:
        """The reference as authors read it: two groups of four (``K7QM-2XPA``)."""
        return f"{self.reference[:4]}-{self.reference[4:]}"


class Authorship(models.Model):
    """One author of a submission, as the submitter entered them.

    ``user`` is set once a person with an account holding this verified email confirms
    authorship. Names are stored exactly as written.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="authorships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authorships",
    )
    full_name = models.CharField(_("full name"), max_length=300)
    email = models.EmailField(_("email"))
    affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    country = CountryField(_("country"), blank=True)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True, validators=[validate_orcid])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_presenter = models.BooleanField(_("presents the paper"), default=False)
    is_corresponding = models.BooleanField(_("corresponding author"), default=False)
    is_editor = models.BooleanField(
        _("may edit"), default=False, help_text=_("Co-authors who may change the submission.")
    )
    public_name = models.BooleanField(
        _("name may appear in public"),
        default=True,
        help_text=_(
            "Untick if this person's name must not appear on public programme pages or in the "
            "printed programme, e.g. because this work could put them at risk."
        ),
    )
    confirmed_at = models.DateTimeField(_("authorship confirmed at"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("authorship")
        verbose_name_plural = _("authorships")
        ordering = ["submission", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                "submission", Lower("email"), name="authorship_email_unique_per_submission"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class SubmissionFile(models.Model):
    class Kind(models.TextChoices):
        PAPER = "paper", _("Paper")
        SUPPLEMENTARY = "supplementary", _("Supplementary file")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PAPER)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to=submission_upload_to, max_length=200)
    # The copy reviewers get under double-blind review: author, creator and producer removed.
    blind_file = models.FileField(upload_to=submission_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("original file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    page_count = models.PositiveIntegerField(_("pages"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # Double-blind review: where the PDF names an author (metadata or first pages), found
    # when it was uploaded or the authors last changed; the authors are warned before submitting.
    identity_mentions = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("submission file")
        verbose_name_plural = _("submission files")
        ordering = ["submission", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "kind", "version"], name="submission_file_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class FileDownload(models.Model):
    """A download of a submission file by someone other than its authors."""

    file = models.ForeignKey(SubmissionFile, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    downloaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file} by {self.user} at {self.downloaded_at:%Y-%m-%d %H:%M}"


class SubmissionChange(models.Model):
    """One entry of a submission's history, shown to its authors and organisers."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        SAVED = "saved", _("Saved")
        SUBMITTED = "submitted", _("Submitted")
        FILE_UPLOADED = "file_uploaded", _("File uploaded")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REOPENED = "reopened", _("Reopened")
        AUTHORSHIP_CONFIRMED = "authorship_confirmed", _("Authorship confirmed")
        LATE_POST_SAVED_AS_DRAFT = "late_draft", _("Posted after the deadline; kept as draft")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=24, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    fields = models.JSONField(default=list, blank=True)
    file = models.ForeignKey(
        SubmissionFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class CustomQuestion(models.Model):
    """A further question an organiser asks of submissions."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("One choice from a list")
        BOOLEAN = "boolean", _("Yes / no")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="custom_questions"
    )
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(
        _("kind of answer"), max_length=10, choices=Kind.choices, default=Kind.TEXT
    )
    choices = models.TextField(_("choices"), blank=True, help_text=_("One choice per line."))
    required = models.BooleanField(_("required"), default=False)
    contribution_types = models.ManyToManyField(
        ContributionType,
        blank=True,
        verbose_name=_("only for these contribution types"),
        help_text=_("Leave empty to ask it of every submission."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("custom question")
        verbose_name_plural = _("custom questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class CustomAnswer(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(CustomQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "question"], name="custom_answer_unique")
        ]

    def __str__(self) -> str:
        return self.value


class DraftReminder(models.Model):
    """Which deadline reminder went to whom, so that nobody gets the same one twice."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    hours_before = models.PositiveSmallIntegerField()
    email = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "submission", "hours_before", Lower("email"), name="draft_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hours_before}h reminder to {self.email}"

"""Writes of the reviewing part: the review form's criteria, reviews (draft, submit, reopen),
declined assignments and the per-conference switches of who sees which review when.

Every function is keyword-only and atomic; views, forms, the demo and tests call these, and
nothing else writes these rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cfp import deadlines
from cfp.models import Conference, ContributionType, Submission

from ..models import (
    Assignment,
    AssignmentVersion,
    DeclinedAssignment,
    Review,
    ReviewCriterion,
    ReviewingSettings,
    ReviewScore,
)

# Limits of the organisers' criteria (the model's own max_length are upper bounds).
NAME_MAX = 200
GUIDANCE_MAX = 2000
SCALE_MIN_POINTS = 2
SCALE_MAX_POINTS = 10
LABEL_MAX = 100


class ReviewingError(Exception):
    """A write refused by a rule of reviewing; the message is for the person who asked."""


class ReviewLocked(ReviewingError):
    pass


class ReviewIncomplete(ReviewingError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(_("Still missing: %(fields)s.") % {"fields": ", ".join(missing)})


class CannotDecline(ReviewingError):
    pass


class CriterionInUse(ReviewingError):
    pass


# --- settings


def settings_of(conference: Conference) -> ReviewingSettings:
    """The conference's reviewing settings, created with their defaults on first use."""
    obj, _created = ReviewingSettings.objects.get_or_create(conference=conference)
    return obj


def shows_others_reviews(conference: Conference) -> bool:
    """The switch "others' reviews after one's own", read without creating the row."""
    value = (
        ReviewingSettings.objects.filter(conference=conference)
        .values_list("others_reviews_after_own", flat=True)
        .first()
    )
    return True if value is None else value


def update_reviewing_settings(*, conference: Conference, others_reviews_after_own: bool) -> None:
    """Set the switches of this part. Side effects: creates the settings row if missing."""
    with transaction.atomic():
        obj = settings_of(conference)
        obj.others_reviews_after_own = others_reviews_after_own
        obj.save(update_fields=["others_reviews_after_own"])


# --- criteria


def validate_scale(scale) -> list[dict]:
    """A scale is 2–10 points ``{"value": int, "label": str}``, values strictly rising,
    labels non-empty and at most 100 characters. Returns it normalised, or raises
    ReviewingError."""
    if not isinstance(scale, list) or not SCALE_MIN_POINTS <= len(scale) <= SCALE_MAX_POINTS:
        raise ReviewingError(
            _("A scale has from %(min)d to %(max)d points.")
            % {"min": SCALE_MIN_POINTS, "max": SCALE_MAX_POINTS}
        )
    normalised = []
    previous = None
    for point in scale:
        try:
            value = int(point["value"])
            label = str(point["label"]).strip()
        except (KeyError, TypeError, ValueError):
            raise ReviewingError(_("Each point of a scale has a number and a label.")) from None
        if not label or len(label) > LABEL_MAX:
            raise ReviewingError(
                _("Each label has from 1 to %(max)d characters.") % {"max": LABEL_MAX}
            )
        if previous is not None and value <= previous:
            raise ReviewingError(_("The points of a scale rise from the lowest."))
        previous = value
        normalised.append({"value": value, "label": label})
    return normalised


def scale_from_labels(labels: list[str]) -> list[dict]:
    """Labels lowest first → a scale numbered from 1."""
    return [{"value": i, "label": label} for i, label in enumerate(labels, start=1)]


def save_criterion(
    *,
    conference: Conference,
    criterion: ReviewCriterion | None = None,
    name: str,
    guidance: str = "",
    scale: list[dict],
    required: bool = True,
    weight: float = 1.0,
    contribution_types: list[ContributionType] | None = None,
) -> ReviewCriterion:
    """Create (``criterion`` None; placed last) or change a criterion of the review form.

    Side effects: replaces its contribution types. Raises ReviewingError on a bad scale, a
    name or guidance too long, or a type of another conference. Changing the scale of a
    criterion already scored keeps the scores (organisers are warned on the page).
    """
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise ReviewingError(_("A name has from 1 to %(max)d characters.") % {"max": NAME_MAX})
    if len(guidance) > GUIDANCE_MAX:
        raise ReviewingError(_("Guidance has at most %(max)d characters.") % {"max": GUIDANCE_MAX})
    if not 0 <= weight <= 10:
        raise ReviewingError(_("A weight is from 0 to 10."))
    scale = validate_scale(scale)
    types = list(contribution_types or [])
    if any(t.conference_id != conference.pk for t in types):
        raise ReviewingError(_("A contribution type of another conference was given."))
    with transaction.atomic():
        if criterion is None:
            last = (
                ReviewCriterion.objects.filter(conference=conference)
                .order_by("-order")
                .values_list("order", flat=True)
                .first()
            )
            criterion = ReviewCriterion(
                conference=conference, order=0 if last is None else last + 1
            )
        elif criterion.conference_id != conference.pk:
            raise ReviewingError(_("This criterion belongs to another conference."))
        criterion.name = name
        criterion.guidance = guidance
        criterion.scale = scale
        criterion.required = required
        criterion.weight = weight
        criterion.save()
        criterion.contribution_types.set(types)
    return criterion


def delete_criterion(*, criterion: ReviewCriterion) -> None:
    """Delete a criterion nobody has scored yet; once scored, it is refused (the scores are
    part of reviews: make the criterion optional or limit it to other types instead)."""
    with transaction.atomic():
        if ReviewScore.objects.filter(criterion=criterion).exists():
            raise CriterionInUse(
                _(
                    "Reviewers have already scored “%(name)s”: it cannot be deleted. "
                    "Make it optional instead."
                )
                % {"name": criterion.name}
            )
        criterion.delete()


def move_criterion(*, criterion: ReviewCriterion, up: bool) -> bool:
    """Swap the criterion with its neighbour; False when already first/last."""
    from cfp.domain.call import move_in_order

    return move_in_order(item=criterion, up=up)


@dataclass(frozen=True)
class SuggestedCriterion:
    name: object
    guidance: object
    labels: tuple
    weight: float = 1.0
    for_reflection: bool = False  # practitioners' reflection papers
    for_empirical: bool = True
    # Only for reports on empirical research, where the conference has such a type.
    empirical_only: bool = False


_FIVE = (
    gettext_lazy("Poor"),
    gettext_lazy("Fair"),
    gettext_lazy("Good"),
    gettext_lazy("Very good"),
    gettext_lazy("Excellent"),
)

SUGGESTED = (
    SuggestedCriterion(
        gettext_lazy("Relevance to the call"),
        gettext_lazy("Does it address the call's themes and guiding questions?"),
        _FIVE,
        for_reflection=True,
    ),
    SuggestedCriterion(
        gettext_lazy("Originality"),
        gettext_lazy("What does it add to what is known?"),
        _FIVE,
    ),
    SuggestedCriterion(
        gettext_lazy("Methodological rigour and research ethics"),
        gettext_lazy(
            "For reports on empirical research: are the methods sound and described, and "
            "were participants (victims, irregular migrants, informants) protected?"
        ),
        _FIVE,
        weight=1.5,
        empirical_only=True,
    ),
    SuggestedCriterion(
        gettext_lazy("Clarity"),
        gettext_lazy("Can a reader from another discipline or from practice follow it?"),
        _FIVE,
        weight=0.5,
        for_reflection=True,
    ),
    SuggestedCriterion(
        gettext_lazy("Contribution to policy or practice"),
        gettext_lazy("Would practitioners or policy makers learn something they can use?"),
        _FIVE,
        for_reflection=True,
    ),
    SuggestedCriterion(
        gettext_lazy("Depth of reflection on practice"),
        gettext_lazy(
            "For practitioners' reflection papers: does it reflect critically on the "
            "practice it describes, its limits and the people it serves?"
        ),
        _FIVE,
        for_reflection=True,
        for_empirical=False,
    ),
)


def _is_reflection_type(contribution_type: ContributionType) -> bool:
    text = f"{contribution_type.name} {contribution_type.slug}".lower()
    return "reflection" in text or "practi" in text


def _is_empirical_type(contribution_type: ContributionType) -> bool:
    return "empiric" in f"{contribution_type.name} {contribution_type.slug}".lower()


def load_suggested_criteria(*, conference: Conference) -> list[ReviewCriterion]:
    """Add the suggested criteria that the conference does not have yet (by name).

    When the conference has a practitioners' reflection type (its name says "reflection" or
    "practitioner"), criteria meant for research apply to the other types only and the
    reflection criterion to the reflection types only; otherwise every suggested criterion but
    the reflection one applies to all. Methodological rigour and research ethics applies to
    the reports on empirical research (a type whose name says "empirical") where there are
    any. Returns the criteria created (none on a second call).
    """
    types = list(conference.contribution_types.all())
    reflection = [t for t in types if _is_reflection_type(t)]
    others = [t for t in types if not _is_reflection_type(t)]
    empirical = [t for t in others if _is_empirical_type(t)]
    existing = set(
        ReviewCriterion.objects.filter(conference=conference).values_list("name", flat=True)
    )
    created = []
    with transaction.atomic():
        for suggestion in SUGGESTED:
            if str(suggestion.name) in existing:
                continue
            if suggestion.empirical_only and empirical:
                applies: list = empirical
            elif suggestion.for_reflection and suggestion.for_empirical:
                applies = []
            elif suggestion.for_empirical:
                if not reflection:
                    applies = []
                elif others:
                    applies = others
                else:
                    continue
            else:
                if not reflection:
                    continue
                applies = reflection
            created.append(
                save_criterion(
                    conference=conference,
                    name=str(suggestion.name),
                    guidance=str(suggestion.guidance),
                    scale=scale_from_labels([str(label) for label in suggestion.labels]),
                    weight=suggestion.weight,
                    contribution_types=applies,
                )
            )
    return created


def criteria_for(submission: Submission) -> list[ReviewCriterion]:
    """The criteria of the submission's form: those for all types and those for its type."""
    from django.db.models import Q

    qs = ReviewCriterion.objects.filter(conference_id=submission.conference_id)
    if submission.contribution_type_id is None:
        qs = qs.filter(contribution_types__isnull=True)
    else:
        qs = qs.filter(
            Q(contribution_types__isnull=True)
            | Q(contribution_types=submission.contribution_type_id)
        )
    return list(qs.distinct().order_by("order", "pk"))


# --- reviews


def review_deadline(conference: Conference) -> dt.datetime | None:
    """When reviews lock: the end of the review deadline's day in the conference's time zone
    (or AoE where chosen); None when the conference set no review deadline."""
    if conference.review_deadline is None:
        return None
    return deadlines.date_deadline(conference.review_deadline, conference)


def editable_until(review: Review | None, conference: Conference) -> dt.datetime | None:
    """The instant after which the review is read-only (None: no limit). An organiser's
    reopening extends it past the deadline."""
    deadline = review_deadline(conference)
    reopened = review.editable_until if review is not None else None
    if deadline is None:
        return None
    if reopened is not None and reopened > deadline:
        return reopened
    return deadline


def is_editable(review: Review | None, conference: Conference, now: dt.datetime | None = None):
    """Whether the reviewer may still change the review (the server's clock decides)."""
    until = editable_until(review, conference)
    now = now or timezone.now()
    return until is None or now < until


def missing_for_submit(
    *,
    criteria: list[ReviewCriterion],
    scores: dict[int, int | None],
    recommendation,
    confidence,
    comments_to_authors: str,
) -> list[str]:
    """The names of what a submitted review must have and this one lacks."""
    missing = [str(c.name) for c in criteria if c.required and scores.get(c.pk) is None]
    if not recommendation:
        missing.append(_("overall recommendation"))
    if not confidence:
        missing.append(_("confidence"))
    if not comments_to_authors.strip():
        missing.append(_("comments to the authors"))
    return missing


def save_review(
    *,
    submission: Submission,
    reviewer,
    scores: dict[int, int | None],
    recommendation: int | None,
    confidence: int | None,
    comments_to_authors: str,
    confidential_comments: str,
    submit: bool,
    ignore_deadline: bool = False,
) -> Review:
    """Save the reviewer's review of ``submission`` as a draft, or submit it.

    A submitted review stays submitted: changing it again (before the deadline) needs the
    same completeness as submitting. Scores of criteria outside the submission's form, and
    values outside a criterion's scale, are refused. Raises ReviewLocked after the deadline
    (unless reopened; ``ignore_deadline`` is for the demo and seeds only), ReviewIncomplete
    when submitting without what is required.
    Side effects: creates/updates the Review and its ReviewScore rows; ``submitted_at`` set
    on first submission.
    """
    criteria = criteria_for(submission)
    by_pk = {c.pk: c for c in criteria}
    for pk, value in scores.items():
        criterion = by_pk.get(pk)
        if criterion is None:
            raise ReviewingError(_("A score was given for a criterion not on this form."))
        if value is not None and value not in {p["value"] for p in criterion.scale}:
            raise ReviewingError(_("A score is not on its criterion's scale."))
    now = timezone.now()
    with transaction.atomic():
        review = (
            Review.objects.select_for_update()
            .filter(submission=submission, reviewer=reviewer)
            .first()
        )
        if not ignore_deadline and not is_editable(review, submission.conference, now):
            raise ReviewLocked(
                _("The review deadline has passed: the review can no longer change.")
            )
        if review is not None and review.state == Review.State.SUBMITTED:
            submit = True
        if submit:
            missing = missing_for_submit(
                criteria=criteria,
                scores=scores,
                recommendation=recommendation,
                confidence=confidence,
                comments_to_authors=comments_to_authors,
            )
            if missing:
                raise ReviewIncomplete(missing)
        if review is None:
            review = Review(submission=submission, reviewer=reviewer)
        review.recommendation = recommendation
        review.confidence = confidence
        review.comments_to_authors = comments_to_authors
        review.confidential_comments = confidential_comments
        if submit and review.state != Review.State.SUBMITTED:
            review.state = Review.State.SUBMITTED
            review.submitted_at = now
        review.save()
        ReviewScore.objects.filter(review=review).exclude(
            criterion_id__in=[pk for pk, v in scores.items() if v is not None]
        ).delete()
        for pk, value in scores.items():
            if value is not None:
                ReviewScore.objects.update_or_create(
                    review=review, criterion_id=pk, defaults={"value": value}
                )
    return review


def reopen_review(*, review: Review, until: dt.datetime) -> Review:
    """Let the reviewer change ``review`` until ``until`` (an organiser's action, one review
    at a time). Side effects: sets ``editable_until``. Raises ReviewingError for a past
    instant."""
    if until <= timezone.now():
        raise ReviewingError(_("Reopen it until a moment in the future."))
    with transaction.atomic():
        review.editable_until = until
        review.save(update_fields=["editable_until", "updated_at"])
    return review


def is_started(review: Review | None) -> bool:
    """Whether a review has anything in it (a submitted one always has)."""
    if review is None:
        return False
    if review.state == Review.State.SUBMITTED:
        return True
    return bool(
        review.recommendation
        or review.confidence
        or review.comments_to_authors.strip()
        or review.confidential_comments.strip()
        or review.scores.exists()
    )


def decline_assignment(*, assignment: Assignment, reason: str) -> DeclinedAssignment:
    """The reviewer declines ``assignment`` before starting, giving a reason.

    Side effects: deletes the assignment (and an empty draft review), records a
    DeclinedAssignment (the chair sees it in the declines list; the assignment engine must not
    propose the pair again), bumps the conference's assignment version (a preview made before
    is out of date). Raises CannotDecline once the review has content.
    """
    reason = reason.strip()
    if not reason:
        raise CannotDecline(_("Please say why you decline."))
    submission = assignment.submission
    with transaction.atomic():
        review = Review.objects.filter(submission=submission, reviewer=assignment.reviewer).first()
        if is_started(review):
            raise CannotDecline(
                _("You have started this review: ask the chair to reassign it instead.")
            )
        if review is not None:
            review.delete()
        declined, _created = DeclinedAssignment.objects.update_or_create(
            submission=submission,
            reviewer=assignment.reviewer,
            defaults={"reason": reason[:1000], "handled_at": None},
        )
        assignment.delete()
        version, _created = AssignmentVersion.objects.get_or_create(
            conference_id=submission.conference_id
        )
        AssignmentVersion.objects.filter(pk=version.pk).update(version=F("version") + 1)
    return declined


def declined_pairs(conference: Conference) -> set[tuple[int, int]]:
    """(user id, submission id) pairs a reviewer declined: the assignment engine must not
    propose them again (the same orientation as reviews.domain.assignment.standing_conflicts,
    to which they are added as forbidden pairs)."""
    return set(
        DeclinedAssignment.objects.filter(submission__conference=conference).values_list(
            "reviewer_id", "submission_id"
        )
    )


def mark_decline_handled(*, declined: DeclinedAssignment) -> None:
    """The chair has dealt with a declined assignment (reassigned it or decided not to)."""
    with transaction.atomic():
        if declined.handled_at is None:
            declined.handled_at = timezone.now()
            declined.save(update_fields=["handled_at"])

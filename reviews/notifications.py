"""The notification mails that carry decisions: placeholders, defaults, rendering.

Organisers write each outcome's mail with placeholders in braces (``{title}``). There is no
template language: the text is filled in with ``str.format_map`` over a dict of the allowed
keys only, so an organiser cannot reach an attribute or a method (``{title.__class__}`` and
``{title[0]}`` are refused on save, as is any unknown name). A literal brace is written
twice (``{{`` and ``}}``).

Nothing here names a reviewer: ``{reviews}`` is the comments to authors, labelled
"Review 1, 2, …", and the meta-review's summary; confidential comments never enter.
"""

from __future__ import annotations

import string

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Decision, MetaReview, NotificationTemplate, Outcome, Review

PLACEHOLDERS = {
    "title": gettext_lazy("the submission's title"),
    "authors": gettext_lazy("the authors' names, as they wrote them"),
    "decision": gettext_lazy("the decision, in words"),
    "reviews": gettext_lazy(
        "the comments to authors (Review 1, 2, …) and the meta-review's summary; empty "
        "unless the reviews are released to authors"
    ),
    "next_steps": gettext_lazy("what the authors do next (for revisions: the required changes)"),
    "camera_ready_deadline": gettext_lazy("the camera-ready deadline"),
    "conference": gettext_lazy("the conference's name"),
    "reference": gettext_lazy("the submission's reference"),
}


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders of ``text`` that are not allowed (in order, once each), or a
    description of the first syntax error. Empty: the text is safe to fill in."""
    problems: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        return [str(error)]
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            shown = (
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            if shown not in problems:
                problems.append(shown)
    return problems


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with its placeholders replaced (validated first: unknown ones raise)."""
    if unknown_placeholders(text):
        raise ValueError("unknown placeholder")
    return text.format_map({key: values.get(key, "") for key in PLACEHOLDERS})


DEFAULTS = {
    Outcome.ACCEPT_PAPER: (
        gettext_lazy("{conference}: your submission is accepted as a paper presentation"),
        gettext_lazy(
            "Dear {authors},\n\nWe are glad to tell you that your submission “{title}” "
            "(reference {reference}) is accepted for {conference} as a paper presentation."
            "\n\n{next_steps}\n\nThe camera-ready deadline is {camera_ready_deadline}."
            "\n\n{reviews}\n\nWith best regards,\nThe organisers of {conference}"
        ),
    ),
    Outcome.ACCEPT_POSTER: (
        gettext_lazy("{conference}: your submission is accepted as a poster"),
        gettext_lazy(
            "Dear {authors},\n\nWe are glad to tell you that your submission “{title}” "
            "(reference {reference}) is accepted for {conference} as a poster."
            "\n\n{next_steps}\n\nThe camera-ready deadline is {camera_ready_deadline}."
            "\n\n{reviews}\n\nWith best regards,\nThe organisers of {conference}"
        ),
    ),
    Outcome.ACCEPT_WITH_REVISIONS: (
        gettext_lazy("{conference}: your submission is accepted with required revisions"),
        gettext_lazy(
            "Dear {authors},\n\nYour submission “{title}” (reference {reference}) is accepted "
            "for {conference}, on condition that the final version makes the changes below."
            "\n\n{next_steps}\n\nThe camera-ready deadline is {camera_ready_deadline}."
            "\n\n{reviews}\n\nWith best regards,\nThe organisers of {conference}"
        ),
    ),
    Outcome.WAITLIST: (
        gettext_lazy("{conference}: your submission is on the waiting list"),
        gettext_lazy(
            "Dear {authors},\n\nYour submission “{title}” (reference {reference}) is on the "
            "waiting list of {conference}: we will write again if a place opens."
            "\n\n{reviews}\n\nWith best regards,\nThe organisers of {conference}"
        ),
    ),
    Outcome.REJECT: (
        gettext_lazy("{conference}: the decision on your submission"),
        gettext_lazy(
            "Dear {authors},\n\nThank you for submitting “{title}” (reference {reference}) to "
            "{conference}. We are sorry to tell you that we could not accept it."
            "\n\n{reviews}\n\nWith best regards,\nThe organisers of {conference}"
        ),
    ),
}


def template_for(conference, outcome: str) -> tuple[str, str]:
    """(subject, body) of ``outcome``'s mail: the organisers' own, else the default."""
    own = NotificationTemplate.objects.filter(conference=conference, outcome=outcome).first()
    if own is not None:
        return own.subject, own.body
    subject, body = DEFAULTS[Outcome(outcome)]
    return str(subject), str(body)


def reviews_for_authors(submission) -> str:
    """The comments to authors, as ``Review 1``, ``Review 2``… (never a reviewer's name or
    the confidential comments), then the meta-review's summary."""
    parts = []
    comments = (
        Review.objects.filter(submission=submission, state=Review.State.SUBMITTED)
        .exclude(comments_to_authors="")
        .order_by("submitted_at", "pk")
        .values_list("comments_to_authors", flat=True)
    )
    for number, text in enumerate(comments, start=1):
        parts.append(_("Review %(number)d") % {"number": number} + "\n" + text.strip())
    meta = MetaReview.objects.filter(submission=submission).first()
    if meta is not None and meta.text.strip():
        parts.append(_("Summary of the committee") + "\n" + meta.text.strip())
    return "\n\n".join(parts)


def _deadline(conference) -> str:
    deadline = getattr(conference, "camera_ready_deadline", None)
    if deadline is None:
        return _("to be announced")
    return formats.date_format(deadline, "j F Y")


def _next_steps(decision: Decision) -> str:
    if decision.outcome == Outcome.ACCEPT_WITH_REVISIONS:
        return (
            _("Required revisions (the final version must address them):")
            + "\n"
            + (decision.required_revisions.strip())
        )
    if decision.outcome in (Outcome.ACCEPT_PAPER, Outcome.ACCEPT_POSTER):
        return _("Please upload the final version of your paper before the deadline below.")
    return ""


def values_for(decision: Decision, *, include_reviews: bool) -> dict[str, str]:
    """What each placeholder stands for, for ``decision``'s submission."""
    submission = decision.submission
    conference = submission.conference
    authors = [a.full_name for a in submission.authorships.all()]
    return {
        "title": submission.title,
        "authors": ", ".join(authors),
        "decision": str(Outcome(decision.outcome).label),
        "reviews": reviews_for_authors(submission) if include_reviews else "",
        "next_steps": _next_steps(decision),
        "camera_ready_deadline": _deadline(conference),
        "conference": conference.title,
        "reference": submission.public_reference,
    }


def render(decision: Decision, *, subject: str | None = None, body: str | None = None):
    """(subject, body) of ``decision``'s mail, from the given texts or the outcome's."""
    conference = decision.submission.conference
    if subject is None or body is None:
        subject, body = template_for(conference, decision.outcome)
    from .models import ReviewingSettings

    settings_row = ReviewingSettings.objects.filter(conference=conference).first()
    include = bool(settings_row and settings_row.reviews_released_to_authors)
    values = values_for(decision, include_reviews=include)
    link = f"{settings.SALA_BASE_URL}{decision.submission.get_absolute_url()}"
    filled = fill(body, values).rstrip() + "\n\n" + link + "\n"
    return " ".join(fill(subject, values).split()), filled

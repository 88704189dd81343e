"""Who may see or do what with camera-ready versions and visa letters.

Check with ``cfp.rules.allowed`` (never ``user.has_perm``: superusers are not organisers).
"""

from __future__ import annotations

import rules

from cfp.rules import (
    is_conference_organiser,
    is_published_conference,
    is_submission_author,
    is_submission_editor,
)


@rules.predicate
def is_accepted(user, submission) -> bool:
    from cfp.models import SubmissionState

    return submission is not None and submission.state == SubmissionState.ACCEPTED


@rules.predicate
def organises_submission(user, submission) -> bool:
    return submission is not None and is_conference_organiser(user, submission.conference)


@rules.predicate
def is_confirmed_author(user, submission) -> bool:
    """An author who confirmed authorship with their account (a letter names a person)."""
    if submission is None or not user.is_authenticated:
        return False
    if submission.created_by_id == user.pk:
        return True
    return submission.authorships.filter(user=user, confirmed_at__isnull=False).exists()


# The camera-ready page: its editors change it; other authors may only be told to ask them.
rules.add_perm("programme.change_camera_ready", is_accepted & is_submission_editor)
# The final PDF: its authors and the conference's organisers.
rules.add_perm(
    "programme.view_camera_ready", is_accepted & (is_submission_author | organises_submission)
)
rules.add_perm("programme.request_visa_letter", is_accepted & is_confirmed_author)


@rules.predicate
def is_requester(user, letter) -> bool:
    return letter is not None and user.is_authenticated and letter.requester_id == user.pk


@rules.predicate
def organises_letter_conference(user, letter) -> bool:
    return letter is not None and is_conference_organiser(user, letter.submission.conference)


@rules.predicate
def is_approved(user, letter) -> bool:
    return letter is not None and letter.state == letter.State.APPROVED


# Passport data: the requester and the organisers only (the organisers' list filters by
# conference behind organiser_required; the requester's page lists their own requests).
rules.add_perm("programme.view_visa_request", is_requester | organises_letter_conference)
rules.add_perm(
    "programme.download_visa_letter", is_approved & (is_requester | organises_letter_conference)
)
rules.add_perm("programme.decide_visa_request", organises_letter_conference)


# The published programme and its exports: anyone once the conference is public; before that
# its organisers only (others get 404, as for the call). The views add: 404 until published.
can_read_published_programme = is_published_conference | is_conference_organiser
rules.add_perm("programme.view_published_programme", can_read_published_programme)
# The schedule (days, rooms, sessions, papers placed in them): the conference's organisers.
# Theme chairs do not build the programme: it crosses themes (rooms and times are shared).
rules.add_perm("programme.edit_schedule", is_conference_organiser)
# --- The printed programme (issue 13): the draft for the organisers; the published one for
# whoever may read the conference (anyone when it is public), as the public programme.
rules.add_perm("programme.download_draft_programme_pdf", is_conference_organiser)
rules.add_perm("programme.download_programme_pdf", can_read_published_programme)

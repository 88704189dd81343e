"""What authors are told when a submission can no longer be changed, and how to reach the
organisers.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Conference, Submission, SubmissionState


def organisers_contact(conference: Conference) -> str:
    """How to reach the organisers, for messages to authors."""
    if conference.contact_email:
        return _("Write to the organisers at %(email)s") % {"email": conference.contact_email}
    return _("Write to the organisers (see the call for papers for how to reach them)")


def late_draft_message(submission: Submission) -> str:
    """What happens to a draft posted after the deadline, and what the author can do."""
    return _(
        "Everything you entered and uploaded is kept as a draft. The organisers now see "
        "it in their list of submissions as a late draft — its title, abstract, authors and "
        "files, and that it arrived after the deadline — but only they can reopen it so that "
        "you can submit it. %(contact)s and mention submission %(reference)s."
    ) % {
        "contact": organisers_contact(submission.conference),
        "reference": submission.public_reference,
    }


def closed_message(submission: Submission, *, opened: bool = False) -> str:
    """Why ``submission`` can no longer be changed (withdrawn, decided, or past its deadline).

    ``opened``: said to an author who opened its edit form (they may still read it); otherwise
    to one whose change was refused (with how to reach the organisers to reopen it).
    """
    if submission.state == SubmissionState.WITHDRAWN:
        if opened:
            return _("This submission was withdrawn; it can be read but no longer changed.")
        return _("This submission was withdrawn; it can no longer be changed.")
    if submission.state in SubmissionState.DECIDED:
        if opened:
            return _("A decision has been taken; the submission can no longer be changed.")
        return _("A decision has been taken on this submission; it can no longer be changed.")
    if opened:
        return _(
            "The submission deadline has passed: the submission can be read but no longer "
            "changed, unless the organisers reopen it."
        )
    return _(
        "The submission deadline has passed, so the submitted version can no longer be "
        "changed. %(contact)s if you must change the submission: only they can reopen it."
    ) % {"contact": organisers_contact(submission.conference)}


def late_change_kept_message(submission: Submission) -> str:
    """What happens to a change of a submitted paper posted after the deadline."""
    return _(
        "The submission deadline has passed, so your changes were not applied: the submitted "
        "version stays as it was. Your changes are kept, and the organisers see on the "
        "submission's page that a change is waiting. If they reopen the submission, this form "
        "is filled in with your changes for you to review and save. %(contact)s and mention "
        "submission %(reference)s."
    ) % {
        "contact": organisers_contact(submission.conference),
        "reference": submission.public_reference,
    }

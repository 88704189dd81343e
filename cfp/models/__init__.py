from .call import (
    BlindReview,
    Conference,
    ContributionType,
    GuidingQuestion,
    Organisation,
    OrganiserChange,
    Theme,
)
from .counters import SubmissionCounter
from .pending import PendingRevision, PendingUpload
from .submission import (
    Authorship,
    CustomAnswer,
    CustomQuestion,
    DraftReminder,
    FileDownload,
    Submission,
    SubmissionChange,
    SubmissionFile,
    SubmissionState,
)

__all__ = [
    "Authorship",
    "CustomAnswer",
    "CustomQuestion",
    "DraftReminder",
    "FileDownload",
    "PendingRevision",
    "PendingUpload",
    "Submission",
    "SubmissionChange",
    "SubmissionCounter",
    "SubmissionFile",
    "SubmissionState",
    "BlindReview",
    "Conference",
    "ContributionType",
    "GuidingQuestion",
    "Organisation",
    "OrganiserChange",
    "Theme",
]

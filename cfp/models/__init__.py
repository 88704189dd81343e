from .call import (
    BlindReview,
    Conference,
    ContributionType,
    GuidingQuestion,
    Organisation,
    Theme,
)

__all__ = [
    "BlindReview",
    "Conference",
    "ContributionType",
    "GuidingQuestion",
    "Organisation",
    "Theme",
]

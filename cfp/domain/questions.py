"""The conference's further questions to authors (``CustomQuestion``), as organisers change
them. Reading and answering them is the author's side (``reading``, ``submissions``)."""

from __future__ import annotations

from django.db import transaction

from ..models import Conference, CustomAnswer, CustomQuestion


def save_question(
    *, question: CustomQuestion, conference: Conference, contribution_types: list
) -> CustomQuestion:
    """Save ``question`` of ``conference`` as a validated form set it (a new one goes last),
    asked of ``contribution_types`` only (empty: of every submission).

    Side effects: the question row and its links to contribution types. Answers already
    given are not changed.
    """
    from .call import save_item

    return save_item(
        item=question, conference=conference, m2m={"contribution_types": contribution_types}
    )


def delete_question(*, question: CustomQuestion) -> int:
    """Delete ``question`` and every answer given to it. Returns how many answers with a
    value were deleted.

    Side effects: the question row and its CustomAnswer rows deleted, in one transaction.
    Submissions that answered it are not changed otherwise (no history entry: the question
    is the conference's, not the authors').
    """
    with transaction.atomic():
        answers = CustomAnswer.objects.filter(question=question)
        answered = answers.exclude(value="").count()
        answers.delete()
        question.delete()
    return answered

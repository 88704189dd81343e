"""The one-submission rules views and predicates share: late drafts, who still has to confirm
authorship, and why a closed submission can no longer be changed."""

import pytest

from cfp import domain
from cfp.models import Submission, SubmissionChange, SubmissionState
from cfp.rules import is_visible_to_organisers
from tests.cfp.conftest import make_draft
from tests.factories import AuthorshipFactory, SubmissionFactory, UserFactory

LATE = SubmissionChange.Action.LATE_POST_SAVED_AS_DRAFT


def test_a_late_draft_is_a_draft_with_the_late_post_marker(call, author):
    plain = make_draft(call, author)
    late = make_draft(call, author)
    SubmissionChange.objects.create(submission=late, action=LATE, by=author)
    submitted = SubmissionFactory(conference=call)
    SubmissionChange.objects.create(submission=submitted, action=LATE, by=author)

    assert [domain.is_late_draft(s) for s in (plain, late, submitted)] == [False, True, False]
    assert [is_visible_to_organisers(None, s) for s in (plain, late)] == [False, True]
    assert list(Submission.objects.shown_to_organisers().drafts()) == [late]


def test_a_late_draft_is_read_from_a_prefetch_without_a_query(
    call, author, django_assert_num_queries
):
    late = make_draft(call, author)
    SubmissionChange.objects.create(submission=late, action=LATE, by=author)
    fetched = Submission.objects.prefetch_related("changes").get(pk=late.pk)

    with django_assert_num_queries(0):
        assert domain.is_late_draft(fetched) is True


def test_only_a_named_but_unlinked_reader_needs_to_confirm_authorship(call, author):
    submission = make_draft(call, author)
    linked = UserFactory()
    AuthorshipFactory(submission=submission, user=linked, order=1)
    invited = UserFactory()

    assert domain.needs_authorship_confirmation(submission, author) is False
    assert domain.needs_authorship_confirmation(submission, linked) is False
    assert domain.needs_authorship_confirmation(submission, invited) is True


@pytest.mark.parametrize(
    ("state", "opened", "refused"),
    [
        (
            SubmissionState.WITHDRAWN,
            "This submission was withdrawn; it can be read but no longer changed.",
            "This submission was withdrawn; it can no longer be changed.",
        ),
        (
            SubmissionState.ACCEPTED,
            "A decision has been taken; the submission can no longer be changed.",
            "A decision has been taken on this submission; it can no longer be changed.",
        ),
    ],
)
def test_the_closed_message_is_worded_for_reading_or_for_a_refused_change(
    call, state, opened, refused
):
    submission = SubmissionFactory(conference=call, state=state)

    assert domain.closed_message(submission, opened=True) == opened
    assert domain.closed_message(submission) == refused

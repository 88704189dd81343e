"""create_draft / save_draft attach kept uploads within their own transaction, whatever the
state, and keep a late change to a submitted paper (cfp.domain.submissions, cfp.domain.pending)."""

import uuid

import pytest
from django.http import QueryDict

from cfp import domain
from cfp.domain import SubmissionData
from cfp.domain.pending import keep_revision, keep_upload
from cfp.models import PendingRevision, PendingUpload, Submission, SubmissionFile, SubmissionState
from tests.cfp.conftest import complete_draft, make_draft
from tests.cfp.test_submission_domain import SECOND, data
from tests.factories import REFERENCE_NOW
from tests.pdfs import make_pdf, upload

pytestmark = pytest.mark.django_db

OVER_LIMIT = "This PDF has 5 pages; a Research paper may have at most 3."


def kept(user, conference, submission=None, *, pages=1, text="kept"):
    """A PDF kept for the form (checked without a contribution type: no page limit yet)."""
    return keep_upload(
        user=user,
        conference=conference,
        submission=submission,
        kind=SubmissionFile.Kind.PAPER,
        upload=upload(make_pdf(pages=pages, text=text)),
        contribution_type=None,
        now=REFERENCE_NOW,
    )


def test_create_draft_attaches_the_kept_uploads(call, author):
    pending = kept(author, call)

    result = domain.create_draft(
        conference=call,
        by=author,
        data=data(call),
        token=uuid.uuid4(),
        now=REFERENCE_NOW,
        uploads={"paper": pending},
    )

    [stored] = result.submission.files.all()
    assert result.stored == [stored]
    assert result.refused == {}
    pending.refresh_from_db()
    assert pending.attached_file == stored


def test_create_draft_with_a_refused_upload_creates_the_draft_and_lists_the_refusal(call, author):
    pending = kept(author, call, pages=5)

    result = domain.create_draft(
        conference=call,
        by=author,
        data=data(call),
        token=uuid.uuid4(),
        now=REFERENCE_NOW,
        uploads={"paper": pending},
    )

    assert result.created is True
    assert Submission.objects.get() == result.submission
    assert result.refused == {"paper": [OVER_LIMIT]}
    assert result.stored == []
    assert SubmissionFile.objects.count() == 0
    pending.refresh_from_db()
    assert pending.attached_file is None  # still kept for the form


def test_the_same_token_twice_attaches_the_kept_upload_once(call, author):
    pending = kept(author, call)
    token = uuid.uuid4()
    for _ in range(2):
        result = domain.create_draft(
            conference=call,
            by=author,
            data=data(call),
            token=token,
            now=REFERENCE_NOW,
            uploads={"paper": pending},
        )

    assert result.created is False
    assert result.stored == []
    assert list(SubmissionFile.objects.values_list("version", flat=True)) == [1]


def test_save_draft_of_a_draft_saves_the_fields_and_lists_a_refused_upload(call, author):
    submission = make_draft(call, author)
    pending = kept(author, call, submission, pages=5)

    result = domain.save_draft(
        submission=submission,
        by=author,
        data=data(call, title="Saved anyway"),
        revision=submission.revision,
        now=REFERENCE_NOW,
        uploads={"paper": pending},
    )

    assert result.refused == {"paper": [OVER_LIMIT]}
    assert result.stored == []
    submission.refresh_from_db()
    assert submission.title == "Saved anyway"
    assert submission.files.count() == 0


def test_save_draft_of_a_draft_attaches_a_good_upload_in_the_same_save(call, author):
    submission = make_draft(call, author)
    pending = kept(author, call, submission, pages=2)

    result = domain.save_draft(
        submission=submission,
        by=author,
        data=data(call, title="With its file"),
        revision=submission.revision,
        now=REFERENCE_NOW,
        uploads={"paper": pending},
    )

    [stored] = submission.files.all()
    assert (result.stored, result.refused) == ([stored], {})
    assert stored.page_count == 2


def test_save_draft_of_a_submitted_one_with_a_refused_upload_writes_nothing(call, author):
    submission = complete_draft(call, author)
    domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    submission.refresh_from_db()
    pending = kept(author, call, submission, pages=5)

    with pytest.raises(domain.SubmissionIncomplete) as caught:
        domain.save_draft(
            submission=submission,
            by=author,
            data=data(call, title="Not saved", ethics_statement=submission.ethics_statement),
            revision=submission.revision,
            now=REFERENCE_NOW,
            uploads={"paper": pending},
        )

    assert caught.value.problems == {"paper": [OVER_LIMIT]}
    submission.refresh_from_db()
    assert submission.title != "Not saved"
    assert list(submission.files.values_list("version", flat=True)) == [1]


def _submitted_after_the_deadline(call, author):
    submission = complete_draft(call, author)
    domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    submission.refresh_from_db()
    return submission, call.submission_closes + SECOND


def test_a_late_change_to_a_submitted_paper_is_kept_by_the_domain(call, author):
    submission, late = _submitted_after_the_deadline(call, author)
    pending = kept(author, call, submission)
    posted = QueryDict(mutable=True)
    posted.update({"title": "Corrected", "csrfmiddlewaretoken": "x", "action": "save"})

    with pytest.raises(domain.SubmissionClosed) as caught:
        domain.save_draft(
            submission=submission,
            by=author,
            data=data(call, title="Corrected"),
            revision=submission.revision,
            now=late,
            uploads={"paper": pending},
            posted=posted,
        )

    assert caught.value.kept_late_change is True
    revision = PendingRevision.objects.get()
    assert (revision.user, revision.submission) == (author, submission)
    assert revision.data == {"title": ["Corrected"]}
    assert revision.fields[0] == "title"
    assert revision.fields[-1] == "paper"
    submission.refresh_from_db()
    assert submission.title != "Corrected"
    pending.refresh_from_db()
    assert pending.attached_file is None


def test_without_the_posted_form_a_late_change_is_refused_and_not_kept(call, author):
    submission, late = _submitted_after_the_deadline(call, author)

    with pytest.raises(domain.SubmissionClosed) as caught:
        domain.save_draft(
            submission=submission,
            by=author,
            data=data(call, title="Corrected"),
            revision=submission.revision,
            now=late,
        )

    assert caught.value.kept_late_change is False
    assert PendingRevision.objects.count() == 0


def test_a_change_to_a_withdrawn_submission_is_not_kept(call, author):
    submission = make_draft(call, author)
    domain.withdraw_submission(submission=submission, by=author, now=REFERENCE_NOW)
    submission.refresh_from_db()

    with pytest.raises(domain.SubmissionClosed) as caught:
        domain.save_draft(
            submission=submission,
            by=author,
            data=data(call, title="Corrected"),
            revision=submission.revision,
            now=REFERENCE_NOW,
            posted=QueryDict("title=Corrected"),
        )

    assert caught.value.kept_late_change is False
    assert PendingRevision.objects.count() == 0


def test_a_successful_save_forgets_the_kept_late_change(call, author):
    submission = make_draft(call, author)
    keep_revision(
        user=author,
        submission=submission,
        data=QueryDict("title=Old"),
        fields=["title"],
        now=REFERENCE_NOW,
    )

    domain.save_draft(
        submission=submission,
        by=author,
        data=SubmissionData(**{**data(call).__dict__, "title": submission.title}),
        revision=submission.revision,
        now=REFERENCE_NOW,
    )

    assert PendingRevision.objects.count() == 0
    assert PendingUpload.objects.count() == 0
    assert submission.state == SubmissionState.DRAFT

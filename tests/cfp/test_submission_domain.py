"""The author's workflows, without HTTP: drafts, saving, submitting, deadlines, files, mail."""

import datetime as dt
import uuid

import pytest
from django.core import mail

from cfp import domain
from cfp.domain import AuthorData, SubmissionData
from cfp.models import FileDownload, Submission, SubmissionChange, SubmissionFile, SubmissionState
from tests.cfp.conftest import complete_draft, make_draft
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    ConferenceFactory,
    EmailAddressFactory,
    UserFactory,
    verified_user,
)
from tests.pdfs import make_pdf, upload

Action = SubmissionChange.Action
SECOND = dt.timedelta(seconds=1)


def data(conference, **overrides):
    values = {
        "contribution_type": conference.contribution_types.first(),
        "title": "Between categories",
        "abstract": "Who decides whether a person is a migrant or a victim?",
        "keywords": ["migration", "trafficking", "identity"],
        "themes": [conference.themes.first()],
    }
    values.update(overrides)
    return SubmissionData(**values)


# --- create_draft


def test_create_draft_makes_the_submitter_a_confirmed_editing_author(call, author):
    result = domain.create_draft(
        conference=call, by=author, data=data(call), token=uuid.uuid4(), now=REFERENCE_NOW
    )
    submission = result.submission
    assert result.created is True
    assert submission.state == SubmissionState.DRAFT
    assert submission.number == 1
    [authorship] = submission.authorships.all()
    assert (authorship.user, authorship.email, authorship.is_editor) == (author, author.email, True)
    assert authorship.confirmed_at == REFERENCE_NOW
    assert list(submission.changes.values_list("action", flat=True)) == [Action.CREATED]


def test_the_same_token_twice_creates_one_submission(call, author):
    token = uuid.uuid4()
    first = domain.create_draft(
        conference=call, by=author, data=data(call), token=token, now=REFERENCE_NOW
    )
    second = domain.create_draft(
        conference=call, by=author, data=data(call, title="Other"), token=token, now=REFERENCE_NOW
    )
    assert second.created is False
    assert second.submission.pk == first.submission.pk
    assert Submission.objects.count() == 1
    assert Submission.objects.get().title == "Between categories"


def test_numbers_count_up_per_conference(call, author):
    for _ in range(2):
        domain.create_draft(
            conference=call, by=author, data=data(call), token=uuid.uuid4(), now=REFERENCE_NOW
        )
    assert list(Submission.objects.values_list("number", flat=True)) == [1, 2]


def test_a_draft_may_be_saved_with_every_field_empty(call, author):
    result = domain.create_draft(
        conference=call, by=author, data=SubmissionData(), token=None, now=REFERENCE_NOW
    )
    assert result.submission.title == ""
    assert set(domain.check_complete(result.submission)) == {
        "contribution_type",
        "title",
        "abstract",
        "keywords",
        "themes",
        "paper",
    }


def test_creating_a_draft_after_the_deadline_keeps_it_and_says_so(call, author):
    late = call.submission_closes + SECOND
    result = domain.create_draft(conference=call, by=author, data=data(call), token=None, now=late)
    assert result.late is True
    assert result.submission.title == "Between categories"
    assert result.submission.state == SubmissionState.DRAFT
    assert Action.LATE_POST_SAVED_AS_DRAFT in result.submission.changes.values_list(
        "action", flat=True
    )


def test_creating_before_submissions_open_is_refused(call, author):
    with pytest.raises(domain.SubmissionClosed):
        domain.create_draft(
            conference=call,
            by=author,
            data=data(call),
            token=None,
            now=call.submission_opens - SECOND,
        )


# --- co-authors


def test_new_co_authors_are_invited_by_mail(call, author):
    authors = [
        domain.author_from_user(author),
        AuthorData(full_name="Sokha Chan", email="sokha@example.org", country="KH"),
    ]
    result = domain.create_draft(
        conference=call,
        by=author,
        data=data(call, authors=authors),
        token=None,
        now=REFERENCE_NOW,
    )
    coauthor = result.submission.authorships.get(email="sokha@example.org")
    assert coauthor.invited_at == REFERENCE_NOW
    assert coauthor.user is None
    assert coauthor.is_editor is False


def test_invitation_mail_goes_to_the_co_author_only(
    call, author, django_capture_on_commit_callbacks
):
    authors = [
        domain.author_from_user(author),
        AuthorData(full_name="Sokha Chan", email="sokha@example.org"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        domain.create_draft(
            conference=call,
            by=author,
            data=data(call, authors=authors),
            token=None,
            now=REFERENCE_NOW,
        )
    assert [m.to for m in mail.outbox] == [["sokha@example.org"]]
    assert "/accounts/signup/" in mail.outbox[0].body


def test_co_author_with_verified_email_sees_and_confirms(call, author):
    submission = make_draft(call, author)
    AuthorshipFactory(submission=submission, email="Sokha@Example.org", full_name="Sokha Chan")
    sokha = verified_user(email="sokha@example.org", full_name="Sokha Chan")
    assert list(Submission.objects.of_author(sokha)) == [submission]
    authorship = domain.confirm_authorship(submission=submission, user=sokha, now=REFERENCE_NOW)
    assert (authorship.user, authorship.confirmed_at) == (sokha, REFERENCE_NOW)
    assert list(Submission.objects.of_author(sokha)) == [submission]


def test_unverified_email_does_not_make_an_author(call, author):
    submission = make_draft(call, author)
    AuthorshipFactory(submission=submission, email="sokha@example.org")
    sokha = UserFactory(email="sokha@example.org")
    EmailAddressFactory(user=sokha, verified=False)
    assert list(Submission.objects.of_author(sokha)) == []
    with pytest.raises(domain.SubmissionError):
        domain.confirm_authorship(submission=submission, user=sokha, now=REFERENCE_NOW)


# --- save_draft and concurrent edits


def test_save_records_which_fields_changed(call, author):
    submission = make_draft(call, author)
    domain.save_draft(
        submission=submission,
        by=author,
        data=data(call, title="New title", keywords=list(submission.keywords)),
        revision=submission.revision,
        now=REFERENCE_NOW,
    )
    change = submission.changes.get(action=Action.SAVED)
    assert change.by == author
    assert change.fields == ["title", "abstract", "themes"]


def test_second_concurrent_editor_is_told_and_nothing_is_overwritten(call, author):
    submission = make_draft(call, author, title="Original")
    opened_at = submission.revision
    domain.save_draft(
        submission=submission,
        by=author,
        data=data(call, title="Theirs"),
        revision=opened_at,
        now=REFERENCE_NOW,
    )
    with pytest.raises(domain.EditConflict) as caught:
        domain.save_draft(
            submission=submission,
            by=author,
            data=data(call, title="Mine"),
            revision=opened_at,
            now=REFERENCE_NOW,
        )
    assert caught.value.differences == [("title", "Theirs", "Mine")]
    assert caught.value.revision == opened_at + 1
    submission.refresh_from_db()
    assert submission.title == "Theirs"


def test_the_same_form_posted_twice_is_not_a_conflict(call, author):
    submission = make_draft(call, author)
    posted = data(call, title="Same")
    for _ in range(2):
        domain.save_draft(
            submission=submission,
            by=author,
            data=posted,
            revision=submission.revision,
            now=REFERENCE_NOW,
        )
    assert submission.changes.filter(action=Action.SAVED).count() == 1


def test_a_draft_posted_after_the_deadline_is_saved_as_a_draft(call, author):
    submission = make_draft(call, author)
    result = domain.save_draft(
        submission=submission,
        by=author,
        data=data(call, title="Last minute"),
        revision=submission.revision,
        now=call.submission_closes + SECOND,
    )
    assert result.late is True
    submission.refresh_from_db()
    assert (submission.title, submission.state) == ("Last minute", SubmissionState.DRAFT)


def test_a_submitted_submission_does_not_change_after_the_deadline(call, author):
    submission = make_draft(call, author, state="submitted", title="As submitted")
    with pytest.raises(domain.SubmissionClosed):
        domain.save_draft(
            submission=submission,
            by=author,
            data=data(call, title="Too late"),
            revision=submission.revision,
            now=call.submission_closes,
        )
    submission.refresh_from_db()
    assert submission.title == "As submitted"


# --- submit


def test_submit_refuses_an_incomplete_draft_with_the_problems(call, author):
    submission = make_draft(call, author, keywords=["one"])
    with pytest.raises(domain.SubmissionIncomplete) as caught:
        domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    assert caught.value.problems == {
        "keywords": ["Give 3 to 6 keywords (you gave 1)."],
        "themes": ["Choose at least one theme."],
        "ethics_statement": [
            "Research paper: an ethics statement is needed — how participants' safety, "
            "consent and anonymity were protected."
        ],
        "paper": ["Upload your paper as a PDF."],
    }


def test_abstract_word_limit_is_enforced_on_submit(call, author):
    submission = complete_draft(call, author, abstract=" ".join(["word"] * 51))
    with pytest.raises(domain.SubmissionIncomplete) as caught:
        domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    assert caught.value.problems == {
        "abstract": ["Research paper: the abstract may have at most 50 words (yours has 51)."]
    }


def test_submit_mails_an_unconfirmed_co_author_nothing_about_the_paper(
    call, author, django_capture_on_commit_callbacks
):
    submission = complete_draft(call, author, title="Informants in Mae Sot")
    AuthorshipFactory(
        submission=submission, email="typo@example.org", full_name="Hidden", public_name=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    assert [m.to for m in mail.outbox] == [[author.email]]
    assert all("typo@example.org" not in m.to for m in mail.outbox)


def test_submit_mails_every_author_once(call, author, django_capture_on_commit_callbacks):
    submission = complete_draft(call, author)
    AuthorshipFactory(
        submission=submission,
        user=UserFactory(email="sokha@example.org"),
        email="sokha@example.org",
        full_name="Sokha Chan",
        confirmed_at=REFERENCE_NOW,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
        assert not domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.submitted_at == REFERENCE_NOW
    assert sorted(m.to[0] for m in mail.outbox) == ["khai@example.org", "sokha@example.org"]
    message = mail.outbox[0]
    assert message.subject == f"[mekong] Submission {submission.public_reference} received"
    assert f"/c/mekong/submissions/{submission.reference}/" in message.body
    assert submission.changes.filter(action=Action.SUBMITTED).count() == 1


def test_deadline_boundary_one_second_before_is_in_time(call, author):
    submission = complete_draft(call, author)
    assert domain.submit_submission(
        submission=submission, by=author, now=call.submission_closes - SECOND
    )


def test_deadline_boundary_at_the_deadline_is_late_and_the_draft_is_kept(call, author):
    submission = complete_draft(call, author, title="Kept")
    with pytest.raises(domain.SubmissionClosed) as caught:
        domain.submit_submission(submission=submission, by=author, now=call.submission_closes)
    assert "kept as a draft" in caught.value.message
    submission.refresh_from_db()
    assert (submission.state, submission.title) == (SubmissionState.DRAFT, "Kept")


def test_anywhere_on_earth_deadline_is_the_end_of_the_day_at_utc_minus_12(author):
    from tests.factories import ContributionTypeFactory, ThemeFactory

    closes = dt.datetime(2026, 6, 30, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    conference = ConferenceFactory(
        submission_opens=closes - dt.timedelta(days=60),
        submission_closes=closes,
        deadlines_anywhere_on_earth=True,
        blind_review="open",
    )
    ContributionTypeFactory(conference=conference)
    ThemeFactory(conference=conference)
    submission = complete_draft(conference, author)
    end_aoe = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    assert domain.is_editable(submission, end_aoe - SECOND)
    assert not domain.is_editable(submission, end_aoe)


def test_identity_warning_must_be_acknowledged_under_double_blind(call, author):
    submission = complete_draft(call, author, pdf=make_pdf(author=author.full_name))
    with pytest.raises(domain.SubmissionIncomplete) as caught:
        domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    assert caught.value.problems == {
        "paper_identity": ["PDF properties (Author): “Nguyễn Thị Minh Khai”"]
    }
    assert domain.submit_submission(
        submission=submission, by=author, now=REFERENCE_NOW, acknowledge_identity_warnings=True
    )


def test_adding_an_author_named_in_the_paper_raises_the_warning(call, author):
    submission = complete_draft(call, author, pdf=make_pdf(text="Written by Sokha Chan"))
    assert domain.identity_warnings(submission) == []
    authors = [domain.author_from_user(author, id=submission.authorships.get().pk)]
    authors.append(AuthorData(full_name="Sokha Chan", email="sokha@example.org"))
    domain.save_draft(
        submission=submission,
        by=author,
        data=data(call, authors=authors, ethics_statement=submission.ethics_statement),
        revision=submission.revision,
        now=REFERENCE_NOW,
    )
    submission = Submission.objects.get(pk=submission.pk)
    assert domain.identity_warnings(submission) == ["Page 1: “Sokha Chan”"]


# --- files


def test_same_file_twice_is_one_version_and_a_new_one_is_the_next(call, author):
    submission = make_draft(call, author)
    first, created = domain.add_file_version(
        submission=submission, by=author, kind="paper", upload=upload(make_pdf()), now=REFERENCE_NOW
    )
    again, created_again = domain.add_file_version(
        submission=submission, by=author, kind="paper", upload=upload(make_pdf()), now=REFERENCE_NOW
    )
    second, _ = domain.add_file_version(
        submission=submission,
        by=author,
        kind="paper",
        upload=upload(make_pdf(pages=2)),
        now=REFERENCE_NOW,
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert [f.version for f in SubmissionFile.objects.order_by("version")] == [1, 2]
    assert (second.page_count, second.uploaded_by, second.size) == (
        2,
        author,
        len(make_pdf(pages=2)),
    )
    change = submission.changes.filter(action=Action.FILE_UPLOADED).first()
    assert change.file == second


def test_double_blind_upload_keeps_a_copy_without_metadata(call, author):
    import io

    import pypdf

    submission = make_draft(call, author)
    stored, _ = domain.add_file_version(
        submission=submission,
        by=author,
        kind="paper",
        upload=upload(make_pdf(author="Someone")),
        now=REFERENCE_NOW,
    )
    with stored.blind_file.open("rb") as handle:
        metadata = pypdf.PdfReader(io.BytesIO(handle.read())).metadata or {}
    assert "/Author" not in metadata


def test_a_submitted_paper_cannot_get_a_new_file_after_the_deadline(call, author):
    submission = make_draft(call, author, state="submitted")
    with pytest.raises(domain.SubmissionClosed):
        domain.add_file_version(
            submission=submission,
            by=author,
            kind="paper",
            upload=upload(make_pdf()),
            now=call.submission_closes,
        )
    assert SubmissionFile.objects.count() == 0


def test_downloads_by_authors_are_not_logged_and_by_others_are(call, author):
    submission = complete_draft(call, author)
    paper = submission.files.get()
    chair = UserFactory()
    assert domain.record_download(file=paper, user=author, by_author=True) is None
    domain.record_download(file=paper, user=chair, by_author=False)
    assert list(FileDownload.objects.values_list("user", "file")) == [(chair.pk, paper.pk)]


# --- withdraw and reopen


def test_withdraw_before_a_decision_mails_authors(call, author, django_capture_on_commit_callbacks):
    submission = make_draft(call, author, state="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.withdraw_submission(submission=submission, by=author, now=REFERENCE_NOW)
    submission.refresh_from_db()
    assert (submission.state, submission.withdrawn_at) == (SubmissionState.WITHDRAWN, REFERENCE_NOW)
    assert [m.to for m in mail.outbox] == [[author.email]]
    assert "withdrawn" in mail.outbox[0].subject


def test_withdraw_after_a_decision_is_refused(call, author):
    submission = make_draft(call, author, state="accepted")
    with pytest.raises(domain.SubmissionClosed):
        domain.withdraw_submission(submission=submission, by=author, now=REFERENCE_NOW)


def test_reopened_submission_is_editable_until_then_and_authors_are_told(
    call, author, django_capture_on_commit_callbacks
):
    submission = make_draft(call, author, state="submitted")
    after = call.submission_closes + dt.timedelta(days=1)
    assert not domain.is_editable(submission, after)
    chair = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        domain.reopen_submission(
            submission=submission, by=chair, until=after + dt.timedelta(hours=2)
        )
    submission.refresh_from_db()
    assert domain.is_editable(submission, after)
    assert not domain.is_editable(submission, after + dt.timedelta(hours=2))
    assert "reopened" in mail.outbox[0].subject
    domain.close_reopened_submission(submission=submission, by=chair)
    submission.refresh_from_db()
    assert not domain.is_editable(submission, after)
    assert list(submission.changes.values_list("action", flat=True)) == [
        Action.SAVED,
        Action.REOPENED,
    ]

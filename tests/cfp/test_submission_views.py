"""The author's pages through HTTP: create, edit, submit, late posts, double posts, conflicts,
XSS and the dashboard's query count."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from cfp import domain
from cfp.models import Submission, SubmissionChange, SubmissionFile, SubmissionState
from tests.cfp.conftest import complete_draft, make_draft
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    CustomQuestionFactory,
    UserFactory,
    verified_user,
)
from tests.pdfs import make_pdf, upload

SECOND = dt.timedelta(seconds=1)


def create_url(conference):
    return reverse("cfp:submission_create", kwargs={"conference": conference.slug})


def url(name, submission, **extra):
    kwargs = {"conference": submission.conference.slug, "reference": submission.reference, **extra}
    return reverse(f"cfp:{name}", kwargs=kwargs)


def form_data(conference, authors, *, submission=None, **overrides):
    """The POST of the submission form, with ``authors`` as formset rows (dicts)."""
    data = {
        "revision": submission.revision if submission else "",
        "contribution_type": conference.contribution_types.first().pk,
        "title": "Between categories",
        "abstract": "Who decides whether a person is a migrant or a victim of trafficking?",
        "keywords": "migration, trafficking; identity",
        "themes": [conference.themes.first().pk],
        "ethics_statement": "Oral consent; no names recorded.",
        "action": "save",
        "authors-TOTAL_FORMS": str(len(authors)),
        "authors-INITIAL_FORMS": str(len(authors)),
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
    }
    for index, author in enumerate(authors):
        row = {"public_name": "on", "country": "TH", **author}
        for key, value in row.items():
            if value is not None and value is not False:
                data[f"authors-{index}-{key}"] = value
    data.update(overrides)
    return data


def me(user, **extra):
    return {
        "full_name": user.full_name,
        "email": user.email,
        "is_presenter": "on",
        "is_corresponding": "on",
        "is_editor": "on",
        **extra,
    }


def rows_of(submission):
    return [
        {
            "id": a.pk,
            "full_name": a.full_name,
            "email": a.email,
            "is_presenter": "on" if a.is_presenter else None,
            "is_corresponding": "on" if a.is_corresponding else None,
            "is_editor": "on" if a.is_editor else None,
        }
        for a in submission.authorships.all()
    ]


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


# --- create


def test_create_form_shows_types_with_their_limits_and_time_left(call, author_client):
    response = author_client.get(create_url(call))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Research paper (abstract up to 50 words, paper up to 3 pages)" in html
    assert "2 days left" in html
    assert 'data-word-limit="50"' in html
    assert "js/word-count.js" in html
    assert 'value="khai@example.org"' in html


def test_create_posts_a_draft_with_a_file_and_the_same_post_twice_makes_one(
    call, author, author_client
):
    data = form_data(call, [me(author)], token="6f1c1a8e-7f0e-4b7c-9a43-0d1d1e6c2b11")
    for _ in range(2):
        response = author_client.post(
            create_url(call), {**data, "paper": upload(make_pdf(pages=2))}
        )
        assert response.status_code == 302
    submission = Submission.objects.get()
    # Back to the form, which lists what the draft still lacks.
    assert response["Location"] == url("submission_edit", submission) + "#problems"
    assert submission.keywords == ["migration", "trafficking", "identity"]
    assert SubmissionFile.objects.get().version == 1
    assert submission.created_by == author


def test_create_with_action_submit_submits_and_mails(
    call, author, author_client, django_capture_on_commit_callbacks
):
    data = form_data(call, [me(author)], action="submit")
    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(create_url(call), {**data, "paper": upload(make_pdf())})
    submission = Submission.objects.get()
    assert response["Location"] == submission.get_absolute_url()
    assert submission.state == SubmissionState.SUBMITTED
    assert [m.to for m in mail.outbox] == [[author.email]]


def test_create_form_is_closed_after_the_deadline(call, author_client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: call.submission_closes)
    response = author_client.get(create_url(call))
    assert "Submissions are not open" in response.content.decode()


def test_create_posted_a_second_after_the_deadline_keeps_the_draft(
    call, author, author_client, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.now", lambda: call.submission_closes + SECOND)
    data = form_data(call, [me(author)], action="submit", title="Typed at 23:59")
    response = author_client.post(
        create_url(call), {**data, "paper": upload(make_pdf())}, follow=True
    )
    submission = Submission.objects.get()
    assert (submission.title, submission.state) == ("Typed at 23:59", SubmissionState.DRAFT)
    assert submission.files.count() == 1
    assert "deadline passed before your form arrived" in response.content.decode()


# --- edit


def test_edit_saves_and_records_history(call, author, author_client):
    submission = make_draft(call, author)
    data = form_data(call, rows_of(submission), submission=submission, title="Renamed")
    response = author_client.post(url("submission_edit", submission), data)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.title == "Renamed"
    assert submission.revision == 2
    change = submission.changes.get(action=SubmissionChange.Action.SAVED)
    assert "title" in change.fields


def test_adding_a_co_author_in_the_form_invites_them(
    call, author, author_client, django_capture_on_commit_callbacks
):
    submission = make_draft(call, author)
    rows = [*rows_of(submission), {"full_name": "Aung Aung", "email": "aung@example.org"}]
    data = form_data(call, rows, submission=submission)
    data["authors-INITIAL_FORMS"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(url("submission_edit", submission), data)
    assert list(submission.authorships.values_list("email", "order")) == [
        (author.email, 0),
        ("aung@example.org", 1),
    ]
    assert [m.to for m in mail.outbox] == [["aung@example.org"]]


def test_submitter_cannot_be_removed_from_the_authors(call, author, author_client):
    submission = make_draft(call, author)
    rows = rows_of(submission)
    rows[0]["DELETE"] = "on"
    form = author_client.get(url("submission_edit", submission)).content.decode()
    assert 'name="authors-0-DELETE"' not in form  # no Delete box on the submitter's own row
    # A forged Delete is ignored: the submitter stays.
    author_client.post(
        url("submission_edit", submission), form_data(call, rows, submission=submission)
    )
    assert submission.authorships.count() == 1


def test_save_and_submit_incomplete_keeps_the_draft_and_lists_problems(call, author, author_client):
    submission = make_draft(call, author)
    data = form_data(
        call, rows_of(submission), submission=submission, action="submit", keywords="one"
    )
    response = author_client.post(url("submission_edit", submission), data, follow=True)
    html = response.content.decode()
    assert "Before you can submit" in html
    assert "Give 3 to 6 keywords (you gave 1)." in html
    assert "Upload your paper as a PDF." in html
    submission.refresh_from_db()
    assert submission.keywords == ["one"]
    assert submission.state == SubmissionState.DRAFT


def test_edit_posted_after_the_deadline_keeps_a_draft(call, author, author_client, monkeypatch):
    submission = make_draft(call, author)
    data = form_data(call, rows_of(submission), submission=submission, title="Just late")
    monkeypatch.setattr("django.utils.timezone.now", lambda: call.submission_closes + SECOND)
    response = author_client.post(url("submission_edit", submission), data, follow=True)
    submission.refresh_from_db()
    assert submission.title == "Just late"
    assert "Everything you entered and uploaded is kept as a draft" in response.content.decode()


def test_edit_of_a_submitted_paper_after_the_deadline_shows_the_form_again(
    call, author, author_client, monkeypatch
):
    submission = make_draft(call, author, state="submitted", title="As submitted")
    data = form_data(call, rows_of(submission), submission=submission, title="Too late")
    monkeypatch.setattr("django.utils.timezone.now", lambda: call.submission_closes)
    response = author_client.post(url("submission_edit", submission), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Too late"' in html
    assert "your changes were not applied" in html
    assert "Your changes are kept" in html
    assert "copy anything you need" not in html
    submission.refresh_from_db()
    assert submission.title == "As submitted"


def test_edit_page_after_the_deadline_is_read_only(call, author, author_client, monkeypatch):
    submission = make_draft(call, author)
    monkeypatch.setattr("django.utils.timezone.now", lambda: call.submission_closes)
    response = author_client.get(url("submission_edit", submission))
    assert response["Location"] == submission.get_absolute_url()


def test_concurrent_edit_shows_what_changed_and_overwrites_nothing(
    call, author, author_client, client
):
    submission = make_draft(call, author, title="Original")
    editor = AuthorshipFactory(
        submission=submission, user=None, email="editor@example.org", is_editor=True
    )
    other = verified_user(email="editor@example.org", full_name="Editor")
    editor.user, editor.confirmed_at = other, REFERENCE_NOW
    editor.save()
    rows = rows_of(submission)
    first = form_data(call, rows, submission=submission, title="Theirs")
    second = form_data(call, rows, submission=submission, title="Mine")
    client.force_login(other)
    assert client.post(url("submission_edit", submission), first).status_code == 302
    response = author_client.post(url("submission_edit", submission), second)
    html = response.content.decode()
    assert response.status_code == 409
    assert "This submission changed while you were editing it" in html
    assert "Theirs" in html and 'value="Mine"' in html
    assert 'name="revision" value="2"' in html
    submission.refresh_from_db()
    assert submission.title == "Theirs"


def test_double_click_on_save_is_not_a_conflict(call, author, author_client):
    submission = make_draft(call, author)
    data = form_data(call, rows_of(submission), submission=submission, title="Once")
    assert author_client.post(url("submission_edit", submission), data).status_code == 302
    assert author_client.post(url("submission_edit", submission), data).status_code == 302


def test_custom_questions_are_asked_and_required_ones_checked_on_submit(
    call, author, author_client
):
    question = CustomQuestionFactory(
        conference=call, text="Need a visa?", kind="boolean", required=True
    )
    submission = complete_draft(call, author, pdf=make_pdf(pages=1))
    response = author_client.get(url("submission_edit", submission))
    assert "Need a visa?" in response.content.decode()
    with pytest.raises(domain.SubmissionIncomplete) as caught:
        domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    assert caught.value.problems == {
        f"question_{question.pk}": ["Answer the question “Need a visa?”."]
    }
    data = form_data(
        call, rows_of(submission), submission=submission, **{f"question_{question.pk}": "yes"}
    )
    author_client.post(url("submission_edit", submission), data)
    assert submission.answers.get().value == "yes"


# --- submit, withdraw, confirm


def test_submit_button_submits_once(
    call, author, author_client, django_capture_on_commit_callbacks
):
    submission = complete_draft(call, author)
    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(url("submission_submit", submission))
        author_client.post(url("submission_submit", submission))
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert len(mail.outbox) == 1


def test_submit_a_second_after_the_deadline_keeps_the_draft_and_says_so(
    call, author, author_client, monkeypatch
):
    submission = complete_draft(call, author)
    monkeypatch.setattr("django.utils.timezone.now", lambda: call.submission_closes + SECOND)
    response = author_client.post(url("submission_submit", submission), follow=True)
    assert "could not be submitted" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT


def test_withdraw_asks_for_confirmation(call, author, author_client):
    submission = make_draft(call, author, state="submitted")
    response = author_client.post(url("submission_withdraw", submission), {})
    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    author_client.post(url("submission_withdraw", submission), {"confirm": "on"})
    submission.refresh_from_db()
    assert submission.state == SubmissionState.WITHDRAWN


def test_detail_shows_history_files_and_the_submit_button(call, author, author_client):
    submission = complete_draft(call, author)
    html = author_client.get(submission.get_absolute_url()).content.decode()
    assert "File uploaded" in html
    assert url("submission_submit", submission) in html
    assert url("submission_file_download", submission, kind="paper", version=1) in html


def test_download_is_an_attachment_with_a_safe_name_and_nosniff(call, author, author_client):
    submission = complete_draft(call, author)
    paper = submission.files.get()
    response = author_client.get(
        url("submission_file_download", submission, kind="paper", version=paper.version)
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="mekong-{submission.reference}-paper-v1.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_file_of_another_submission_is_not_found_through_this_one(call, author, author_client):
    mine = make_draft(call, author)
    other = complete_draft(call, author)
    assert other.files.get().version == 1
    response = author_client.get(url("submission_file_download", mine, kind="paper", version=1))
    assert response.status_code == 404


def test_download_urls_name_kind_and_version_not_a_global_file_id(call, author, author_client):
    first = complete_draft(call, author)
    second = complete_draft(call, author)
    paper = second.files.get()
    assert paper.pk != 1  # the first submission's paper took the first id
    download = url("submission_file_download", second, kind="paper", version=1)
    assert download == f"/c/mekong/submissions/{second.reference}/files/paper/v1/"
    assert (
        f"/files/{paper.pk}/" not in author_client.get(second.get_absolute_url()).content.decode()
    )
    assert author_client.get(download).status_code == 200
    assert first.files.get().version == 1
    missing = url("submission_file_download", second, kind="supplementary", version=1)
    assert author_client.get(missing).status_code == 404


# --- XSS: what authors type is inert on every author page and in mail

SCRIPT = "<script>alert(1)</script>"
JS_LINK = '<a href="javascript:alert(1)">click</a>'


def test_script_and_javascript_links_are_inert_on_author_pages_and_in_mail(
    call, author, author_client, django_capture_on_commit_callbacks
):
    question = CustomQuestionFactory(conference=call, text="Anything else?", kind="text")
    submission = complete_draft(call, author)
    rows = rows_of(submission)
    rows.append({"full_name": f"Evil {SCRIPT}", "email": "evil@example.org"})
    data = form_data(
        call,
        rows,
        submission=submission,
        title=f"Title {SCRIPT}",
        abstract=f"Abstract {JS_LINK}",
        keywords=f"{SCRIPT}, javascript:alert(1), third",
        **{f"question_{question.pk}": f"Answer {JS_LINK}"},
    )
    data["authors-INITIAL_FORMS"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(url("submission_edit", submission), data)
        domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    pages = [
        submission.get_absolute_url(),
        url("submission_edit", submission),
        url("submission_withdraw", submission),
        reverse("cfp:dashboard"),
    ]
    for page in pages:
        html = author_client.get(page).content.decode()
        assert SCRIPT not in html, page
        assert 'href="javascript:' not in html, page
    detail = author_client.get(submission.get_absolute_url()).content.decode()
    assert "Title &lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert "Evil &lt;script&gt;" in detail
    assert "Answer &lt;a href=&quot;javascript:alert(1)&quot;&gt;" in detail
    assert mail.outbox
    for message in mail.outbox:
        # The HTML part is the text, escaped (accounts.mail.text_to_html): no markup of theirs.
        for html, _mimetype in message.alternatives:
            assert SCRIPT not in html
        assert "Title" not in message.subject  # subjects name the number, never the title
    received = [m for m in mail.outbox if m.subject.endswith("received")]
    assert received
    for message in received:
        assert f"Title {SCRIPT}" in message.body


# --- dashboard


def test_dashboard_lists_my_submissions_as_submitter_and_co_author(call, author, author_client):
    mine = complete_draft(call, author, title="Mine")
    theirs = make_draft(call, UserFactory(), title="Theirs")
    AuthorshipFactory(submission=theirs, email=author.email, full_name=author.full_name)
    html = author_client.get(reverse("cfp:dashboard")).content.decode()
    assert "<bdi>Mine</bdi>" in html
    assert "<bdi>Theirs</bdi>" in html
    assert f"{mine.public_reference} · " in html
    assert "version 1, 2 pages" in html
    assert "Confirm that you are an author of this paper." in html
    assert "Complete the draft and submit it before the deadline." in html


@pytest.mark.parametrize("count", [1, 12])
def test_dashboard_queries_do_not_grow_with_submissions(
    call, author, author_client, django_assert_num_queries, count
):
    for _ in range(count):
        complete_draft(call, author)
    # session, user, submissions, themes, authorships, files, open calls, my areas
    with django_assert_num_queries(8):
        response = author_client.get(reverse("cfp:dashboard"))
    assert response.status_code == 200

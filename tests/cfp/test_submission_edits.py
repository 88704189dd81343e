"""Editing a submission after it was submitted, withdrawn drafts, late changes kept,
co-author invitations, three-way edit merges, history labels and double-blind checks."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from cfp import domain, rules
from cfp.forms.organiser_submissions import SubmissionFilterForm
from cfp.models import (
    Authorship,
    PendingRevision,
    PendingUpload,
    Submission,
    SubmissionChange,
    SubmissionFile,
    SubmissionState,
)
from tests.cfp.conftest import complete_draft, make_draft
from tests.cfp.test_submission_views import form_data, rows_of, url
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    CustomQuestionFactory,
    SubmissionFactory,
    organiser_with_mfa,
)
from tests.pdfs import make_pdf, upload

SECOND = dt.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


def submitted(call, author, **kwargs):
    submission = complete_draft(call, author, **kwargs)
    assert domain.submit_submission(submission=submission, by=author, now=REFERENCE_NOW)
    submission.refresh_from_db()
    return submission


def stored_rows(submission):
    """The author rows of the form exactly as stored."""
    return [
        {
            **row,
            "affiliation": author.affiliation,
            "country": str(author.country),
            "orcid": author.orcid,
            "public_name": "on" if author.public_name else None,
        }
        for row, author in zip(rows_of(submission), submission.authorships.all(), strict=True)
    ]


def complete_form(submission, **overrides):
    """The edit form of ``submission`` as stored (complete), with ``overrides``."""
    data = form_data(
        submission.conference,
        stored_rows(submission),
        submission=submission,
        title=submission.title,
        abstract=submission.abstract,
        keywords=", ".join(submission.keywords),
        ethics_statement=submission.ethics_statement,
    )
    data.update(overrides)
    return data


# --- 1. a submitted submission stays complete -------------------------------------------------


def test_a_submitted_submission_cannot_be_saved_incomplete(call, author, author_client):
    submission = submitted(call, author)
    data = complete_form(submission, keywords="only-one", title="Typed title")

    response = author_client.post(url("submission_edit", submission), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Your changes are not saved yet: they would leave your submitted paper incomplete." in html
    )
    assert "Give 3 to 6 keywords (you gave 1)." in html
    assert 'value="Typed title"' in html  # everything typed is kept in the form
    assert 'value="only-one"' in html
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.keywords == ["migration", "trafficking", "refugees"]
    assert submission.title != "Typed title"
    assert not submission.changes.filter(action=SubmissionChange.Action.SAVED).exists()


def test_an_incomplete_save_of_a_submitted_one_keeps_its_upload_unattached(
    call, author, author_client
):
    submission = submitted(call, author)
    data = complete_form(submission, themes=[])

    response = author_client.post(
        url("submission_edit", submission), {**data, "paper": upload(make_pdf(pages=3))}
    )

    html = response.content.decode()
    assert "Choose at least one theme." in html
    pending = PendingUpload.objects.get()
    assert pending.attached_file is None
    assert f'name="paper_kept" value="{pending.token}"' in html
    assert list(submission.files.values_list("version", flat=True)) == [1]
    assert not SubmissionChange.objects.filter(
        submission=submission, action=SubmissionChange.Action.FILE_UPLOADED, file__version=2
    ).exists()


def test_a_complete_change_to_a_submitted_one_says_changes_saved(call, author, author_client):
    submission = submitted(call, author)
    data = complete_form(submission, title="A better title")

    response = author_client.post(url("submission_edit", submission), data, follow=True)

    html = response.content.decode()
    assert "Changes saved." in html
    assert "Draft saved." not in html
    submission.refresh_from_db()
    assert (submission.title, submission.state) == ("A better title", SubmissionState.SUBMITTED)


def test_saving_a_draft_says_draft_saved(call, author, author_client):
    submission = make_draft(call, author)
    data = form_data(call, rows_of(submission), submission=submission, keywords="one")
    response = author_client.post(url("submission_edit", submission), data, follow=True)
    assert "Draft saved." in response.content.decode()


def test_the_edit_form_of_a_submitted_one_offers_no_save_draft_button(call, author, author_client):
    submission = submitted(call, author)
    html = author_client.get(url("submission_edit", submission)).content.decode()
    assert "Save changes" in html
    assert "Save draft" not in html


def test_detail_page_lists_problems_of_a_submitted_submission(call, author, author_client):
    submission = submitted(call, author)
    CustomQuestionFactory(conference=call, text="Funding?", required=True)

    html = author_client.get(submission.get_absolute_url()).content.decode()

    assert "The organisers have asked for more since this paper was submitted." in html
    assert "Answer the question “Funding?”." in html


# --- 2. a withdrawn draft stays private ---------------------------------------------------------


def test_a_withdrawn_draft_is_not_shown_to_organisers(call, author):
    organiser = organiser_with_mfa(call)
    draft = make_draft(call, author)
    domain.withdraw_submission(submission=draft, by=author, now=REFERENCE_NOW)
    once_submitted = submitted(call, author)
    domain.withdraw_submission(submission=once_submitted, by=author, now=REFERENCE_NOW)
    draft.refresh_from_db()
    once_submitted.refresh_from_db()

    shown = Submission.objects.for_organisers_of(call, organiser)

    assert list(shown) == [once_submitted]
    assert not rules.is_visible_to_organisers(organiser, draft)
    assert rules.is_visible_to_organisers(organiser, once_submitted)
    assert not organiser.has_perm("cfp.view_submission_as_organiser", draft)
    assert list(Submission.objects.visible_to(organiser)) == [once_submitted]


# --- 3. SQLite takes the write lock at BEGIN ------------------------------------------------


def test_sqlite_transactions_begin_immediate(monkeypatch):
    """The test database may be PostgreSQL or an in-memory SQLite: read the base settings as
    they come out for a SQLite URL."""
    import runpy
    from pathlib import Path

    import config.settings

    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/sala-settings-check.sqlite3")
    base = Path(config.settings.__file__).with_name("base.py")
    settings = runpy.run_path(str(base))

    options = settings["DATABASES"]["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_posts_make_one_submission_and_no_error(call, author):
    """Two requests of the same form at once (a double click), each on its own connection."""
    import threading

    from django.db import connection, connections
    from django.test import Client

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("an in-memory SQLite test database is one shared connection, not two")
    data = form_data(call, [], token="0b8c1d7e-1a2b-4c3d-8e9f-001122334455", title="Twice")
    barrier = threading.Barrier(2)
    statuses = []

    def post():
        try:
            client = Client()
            client.force_login(author)
            barrier.wait()
            statuses.append(client.post(reverse("cfp:submission_create", args=["mekong"]), data))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(response.status_code for response in statuses) == [302, 302]
    assert Submission.objects.filter(title="Twice").count() == 1


# --- 4. a late change to a submitted paper is kept ---------------------------------------------


def test_organisers_see_a_late_change_waiting_with_its_fields(call, author, client):
    submission = submitted(call, author)
    client.force_login(author)
    data = complete_form(submission, title="Too late", ethics_statement="Changed too.")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: call.submission_closes + SECOND)
        client.post(url("submission_edit", submission), data)
    revision = PendingRevision.objects.get()
    assert revision.fields == ["title", "ethics_statement"]

    organiser = organiser_with_mfa(call)
    client.force_login(organiser)
    page = reverse(
        "cfp:organiser_submission_detail", kwargs={"conference": "mekong", "number": 1}
    ).replace("/1/", f"/{submission.number}/")
    html = client.get(page).content.decode()

    assert "A late change is waiting" in html
    assert f"{author.full_name}, " in html
    assert ": title, ethics statement</li>" in html


def test_author_detail_page_says_the_late_change_is_kept(call, author, author_client):
    submission = submitted(call, author)
    data = complete_form(submission, title="Too late")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: call.submission_closes + SECOND)
        author_client.post(url("submission_edit", submission), data)
        html = author_client.get(submission.get_absolute_url()).content.decode()
    assert "Your changes posted after the deadline on" in html
    assert "(title) are kept, not applied." in html


def test_a_late_draft_edit_page_offers_no_form_but_a_stale_post_is_kept(
    call, author, author_client, monkeypatch
):
    submission = make_draft(call, author)
    monkeypatch.setattr("django.utils.timezone.now", lambda: call.submission_closes + SECOND)
    response = author_client.get(url("submission_edit", submission))
    assert response.status_code == 302
    assert response["Location"] == submission.get_absolute_url()

    data = form_data(call, rows_of(submission), submission=submission, title="From a stale tab")
    author_client.post(url("submission_edit", submission), data)
    submission.refresh_from_db()
    assert submission.title == "From a stale tab"
    assert submission.state == SubmissionState.DRAFT


# --- 5. invitations: minimal, numbered subjects, rate-limited --------------------------------


def test_the_invitation_names_no_title_keywords_or_authors(
    call, author, author_client, django_capture_on_commit_callbacks
):
    call.title = "Victims of Human-Trafficking?"
    call.save()
    submission = make_draft(call, author, title="Secret title", keywords=["secretkw"])
    AuthorshipFactory(submission=submission, full_name="Hidden Person", public_name=False)
    rows = [*rows_of(submission), {"full_name": "Sokha Chan", "email": "sokha@example.org"}]
    data = form_data(
        call, rows, submission=submission, title="Secret title", keywords="secretkw, b, c"
    )
    data["authors-INITIAL_FORMS"] = str(len(rows) - 1)

    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(url("submission_edit", submission), data)

    [message] = mail.outbox
    assert message.to == ["sokha@example.org"]
    ref = submission.public_reference
    assert message.subject == "[sala] An author, khai@example.org, named you as a co-author"
    body = message.body
    assert body.startswith("Hello,\n\n")
    # The call's title ends with "?": no full stop is added after it.
    assert call.title.endswith("?")
    assert (
        f"Nguyễn Thị Minh Khai (khai@example.org) named you as an author of submission "
        f"{ref} to {call.title}\n"
    ) in body
    assert "http://localhost:8000/accounts/signup/" in body
    assert "(sokha@example.org)" in body
    for secret in ("Secret title", "secretkw", "Hidden Person", "Sokha Chan", "Keywords"):
        assert secret not in body


def test_every_subject_names_the_reference_never_the_title_nor_the_number(
    call, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submitted(call, author, title="Secret title")
        domain.withdraw_submission(submission=submission, by=author, now=REFERENCE_NOW)
        domain.reopen_submission(
            submission=submission, by=author, until=REFERENCE_NOW + dt.timedelta(days=5)
        )
    n = submission.public_reference
    assert [m.subject for m in mail.outbox] == [
        f"[mekong] Submission {n} received",
        f"[mekong] Submission {n} withdrawn",
        f"[mekong] Submission {n} reopened for editing",
    ]
    assert not any(f"#{submission.number}" in m.subject + m.body for m in mail.outbox)


def test_too_many_invitations_in_an_hour_are_refused_and_nothing_is_lost(
    call, author, author_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(domain.authors, "INVITATIONS_PER_HOUR", 2)
    submission = make_draft(call, author)
    new = [{"full_name": f"Co Author {i}", "email": f"co{i}@example.org"} for i in range(3)]
    rows = [*rows_of(submission), *new]
    data = form_data(call, rows, submission=submission, title="Typed and kept")
    data["authors-INITIAL_FORMS"] = "1"

    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(url("submission_edit", submission), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "at most 2 invitations an hour are sent. Nothing was saved" in html
    assert 'value="Co Author 2"' in html
    assert 'value="Typed and kept"' in html
    assert mail.outbox == []
    assert Authorship.objects.filter(submission=submission).count() == 1
    submission.refresh_from_db()
    assert submission.title != "Typed and kept"


def test_too_many_invitations_on_a_new_submission_create_nothing(
    call, author, author_client, monkeypatch
):
    from tests.cfp.test_submission_views import create_url, me

    monkeypatch.setattr(domain.authors, "INVITATIONS_PER_HOUR", 1)
    rows = [me(author), *({"full_name": f"C {i}", "email": f"c{i}@example.org"} for i in range(2))]
    data = form_data(call, rows, title="New and typed")

    response = author_client.post(create_url(call), data)

    assert response.status_code == 200
    assert "at most 1 invitations an hour are sent" in response.content.decode()
    assert 'value="New and typed"' in response.content.decode()
    assert Submission.objects.count() == 0


def test_the_same_address_is_invited_once_a_day(
    call, author, author_client, django_capture_on_commit_callbacks
):
    submission = make_draft(call, author)
    me_row = rows_of(submission)
    invited = {"full_name": "Sokha Chan", "email": "sokha@example.org"}

    def save(rows, title):
        current = Submission.objects.get(pk=submission.pk)
        data = form_data(call, rows, submission=current, title=title)
        data["authors-INITIAL_FORMS"] = "1"
        with django_capture_on_commit_callbacks(execute=True):
            assert author_client.post(url("submission_edit", current), data).status_code == 302

    save([*me_row, invited], "With Sokha")
    save(me_row, "Without Sokha")
    save([*me_row, invited], "With Sokha again")

    assert [m.to for m in mail.outbox] == [["sokha@example.org"]]
    assert submission.authorships.filter(email="sokha@example.org").exists()


# --- 7. the country filter knows only what organisers may see --------------------------------


def test_country_choices_come_only_from_submissions_organisers_may_see(call, author):
    organiser = organiser_with_mfa(call)
    shown = SubmissionFactory(conference=call)
    AuthorshipFactory(submission=shown, country="KH")
    draft = make_draft(call, author)
    AuthorshipFactory(submission=draft, country="MM")

    form = SubmissionFilterForm({}, conference=call, user=organiser)

    assert [code for code, _label in form.fields["country"].choices] == ["", "KH"]


# --- 8. history shows field names people read ------------------------------------------------


def test_history_names_fields_by_their_labels(call, author, author_client):
    submission = submitted(call, author)
    SubmissionChange.objects.create(
        submission=submission,
        action=SubmissionChange.Action.SAVED,
        by=author,
        fields=["contribution_type", "ethics_statement", "reopened_until"],
    )
    labels = "contribution type, ethics statement, reopened until"

    history = author_client.get(submission.get_absolute_url()).content.decode()
    organiser = organiser_with_mfa(call)
    author_client.force_login(organiser)
    page = author_client.get(
        reverse(
            "cfp:organiser_submission_detail",
            kwargs={"conference": "mekong", "number": submission.number},
        )
    ).content.decode()

    assert f'data-label="Fields">{labels}</td>' in history
    assert "contribution_type" not in history
    assert f'data-label="Fields">{labels}</td>' in page
    assert "ethics_statement, reopened_until" not in page


# --- 9. two tabs: a three-way merge ------------------------------------------------------------


def _opened_form(client, submission) -> dict[str, str]:
    html = client.get(url("submission_edit", submission)).content.decode()
    base = re.search(r'name="base" value="([^"]*)"', html).group(1)
    revision = re.search(r'name="revision" value="(\d+)"', html).group(1)
    return {"base": base.replace("&quot;", '"'), "revision": revision}


def test_two_tabs_changing_different_fields_merge_without_reverting(call, author, author_client):
    submission = make_draft(call, author, title="Original title", abstract="Original abstract.")
    tab_a = _opened_form(author_client, submission)
    tab_b = _opened_form(author_client, submission)
    rows = rows_of(submission)
    common = {"title": "Original title", "abstract": "Original abstract."}

    a = form_data(call, rows, submission=submission, **{**common, **tab_a, "title": "A's title"})
    assert author_client.post(url("submission_edit", submission), a).status_code == 302
    b = form_data(
        call, rows, submission=submission, **{**common, **tab_b, "abstract": "B's abstract."}
    )
    response = author_client.post(url("submission_edit", submission), b)

    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.title, submission.abstract) == ("A's title", "B's abstract.")


def test_two_tabs_changing_the_same_field_is_a_conflict_on_that_field_only(
    call, author, author_client
):
    submission = make_draft(call, author, title="Original title", abstract="Original abstract.")
    tab_a = _opened_form(author_client, submission)
    tab_b = _opened_form(author_client, submission)
    rows = rows_of(submission)
    common = {"title": "Original title", "abstract": "Original abstract."}
    a = form_data(call, rows, submission=submission, **{**common, **tab_a, "title": "A's title"})
    author_client.post(url("submission_edit", submission), a)

    b = form_data(
        call,
        rows,
        submission=submission,
        **{**common, **tab_b, "title": "B's title", "abstract": "B's abstract."},
    )
    response = author_client.post(url("submission_edit", submission), b)

    html = response.content.decode()
    assert response.status_code == 409
    assert re.findall(r'<tr><th scope="row">([^<]+)</th>', html) == ["Title"]
    submission.refresh_from_db()
    assert (submission.title, submission.abstract) == ("A's title", "Original abstract.")


# --- 10. double-blind: supplementary files, and new versions of submitted ones ---------------


def test_identity_in_a_supplementary_file_is_found(call, author):
    submission = make_draft(call, author)
    domain.add_file_version(
        submission=submission,
        by=author,
        kind=SubmissionFile.Kind.SUPPLEMENTARY,
        upload=upload(make_pdf(author="Nguyễn Thị Minh Khai")),
        now=REFERENCE_NOW,
    )
    submission = Submission.objects.prefetch_related("files").get(pk=submission.pk)

    assert domain.identity_warnings(submission) == [
        "Supplementary file, PDF properties (Author): “Nguyễn Thị Minh Khai”"
    ]


def test_a_new_paper_naming_an_author_needs_the_acknowledgement_when_submitted(
    call, author, author_client
):
    submission = submitted(call, author)
    named = make_pdf(pages=2, author="Nguyễn Thị Minh Khai")
    data = complete_form(submission)

    refused = author_client.post(
        url("submission_edit", submission), {**data, "paper": upload(named)}
    )

    html = refused.content.decode()
    assert "names in the files" in html.lower()
    assert "PDF properties (Author): “Nguyễn Thị Minh Khai”" in html
    assert 'name="acknowledge_identity"' in html
    assert submission.files.count() == 1
    token = PendingUpload.objects.get().token

    accepted = author_client.post(
        url("submission_edit", submission),
        {**data, "paper_kept": str(token), "acknowledge_identity": "on"},
    )

    assert accepted.status_code == 302
    assert list(submission.files.values_list("version", flat=True)) == [2, 1]

"""Late drafts: a form posted after the deadline is kept as a draft, and organisers, whom its
authors are told to ask for a reopening, can find it. Ordinary drafts stay private."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from cfp import domain
from cfp.models import Submission, SubmissionChange, SubmissionState
from tests.cfp.conftest import complete_draft, make_draft
from tests.cfp.test_organiser_submissions import LIST_QUERIES, _populate, detail_url, list_url
from tests.cfp.test_submission_views import SECOND, create_url, form_data, me
from tests.factories import REFERENCE_NOW, SubmissionFactory, verified_user

LATE = SubmissionChange.Action.LATE_POST_SAVED_AS_DRAFT


def late_draft(conference, **kwargs):
    draft = SubmissionFactory(
        conference=conference, state=SubmissionState.DRAFT, submitted_at=None, **kwargs
    )
    SubmissionChange.objects.create(submission=draft, action=LATE, by=draft.created_by)
    return draft


def private_draft(conference, **kwargs):
    return SubmissionFactory(
        conference=conference, state=SubmissionState.DRAFT, submitted_at=None, **kwargs
    )


def csv_titles(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row[3] for row in rows[1:]]


def test_organisers_see_late_drafts_but_never_ordinary_drafts(organiser_client, conference):
    SubmissionFactory(conference=conference, title="Came in")
    late = late_draft(conference, title="Arrived late")
    private_draft(conference, title="Private work")

    default = organiser_client.get(list_url(conference))
    only_late = organiser_client.get(list_url(conference, state="late_draft"))
    everything = organiser_client.get(list_url(conference, state="all"))
    export = organiser_client.get(
        reverse("cfp:organiser_submissions_csv", kwargs={"conference": conference.slug})
        + "?state=all"
    )

    assert [s.title for s in default.context["page"].object_list] == ["Came in"]
    assert [s.title for s in only_late.context["page"].object_list] == ["Arrived late"]
    assert [s.title for s in everything.context["page"].object_list] == [
        "Came in",
        "Arrived late",
    ]
    assert (default.context["drafts_in_progress"], default.context["late_drafts"]) == (2, 1)
    assert b"1 of them is a late draft" in default.content
    assert b'?state=late_draft">Show late drafts</a>' in default.content
    assert b"Private work" not in everything.content
    assert b'<span class="badge state-draft">Late draft</span>' in only_late.content
    assert b'<span class="badge state-submitted">Submitted</span>' in default.content
    assert only_late.context["counts"].total == 1
    assert csv_titles(export) == ["Came in", "Arrived late"]
    assert "Private work" not in export.content.decode("utf-8-sig")
    assert "Late draft" in export.content.decode("utf-8-sig")
    assert organiser_client.get(detail_url(late)).status_code == 200


def test_an_ordinary_drafts_organiser_page_is_not_found(organiser_client, conference):
    draft = private_draft(conference)

    assert organiser_client.get(detail_url(draft)).status_code == 404


def test_queryset_and_rule_agree_on_late_drafts(conference, organiser):
    late = late_draft(conference)
    draft = private_draft(conference)
    SubmissionChange.objects.create(submission=draft, action=SubmissionChange.Action.SAVED)
    visible = set(Submission.objects.for_organisers_of(conference, organiser))

    assert visible == {late}
    assert organiser.has_perm("cfp.view_submission_as_organiser", late)
    assert not organiser.has_perm("cfp.view_submission_as_organiser", draft)
    assert set(Submission.objects.visible_to(organiser)) == {late}
    assert set(Submission.objects.late_drafts()) == {late}


def test_a_late_drafts_organiser_page_says_so_and_offers_reopening(
    organiser_client, conference, frozen_now
):
    conference.submission_closes = REFERENCE_NOW - dt.timedelta(hours=1)
    conference.save()
    late = late_draft(conference, title="Arrived late")
    reopen = reverse(
        "cfp:organiser_submission_reopen",
        kwargs={"conference": conference.slug, "number": late.number},
    )

    html = organiser_client.get(detail_url(late)).content.decode()

    assert "A late draft: its authors posted this form after the deadline." in html
    assert f'action="{reopen}"' in html

    response = organiser_client.post(reopen, {"until": "2026-06-05T18:00"})

    # Still a late draft, so still visible: back to its page, not to the list.
    assert response["Location"] == detail_url(late)
    late.refresh_from_db()
    assert late.reopened_until is not None


@pytest.mark.parametrize("n", [1, 20])  # 2n rows: one page of 50
def test_list_query_count_is_unchanged_with_late_drafts(
    organiser_client, conference, django_assert_num_queries, n
):
    _populate(conference, n)
    for _ in range(n):
        late_draft(conference)
        private_draft(conference)

    with django_assert_num_queries(LIST_QUERIES):
        response = organiser_client.get(list_url(conference, state="all"))

    assert len(response.context["page"].object_list) == 2 * n
    assert response.context["late_drafts"] == n


# --- the author's side


def test_a_late_post_tells_the_author_what_organisers_see_and_how_to_reach_them(
    call, author, author_client, monkeypatch
):
    call.contact_email = "cfp@mekong.example.org"
    call.save()
    monkeypatch.setattr("django.utils.timezone.now", lambda: call.submission_closes + SECOND)
    data = form_data(call, [me(author)], action="submit", title="Typed at 23:59")

    response = author_client.post(create_url(call), data, follow=True)

    html = response.content.decode()
    submission = Submission.objects.get()
    assert "deadline passed before your form arrived" in html
    assert "The organisers now see it in their list of submissions as a late draft" in html
    assert (
        f"Write to the organisers at cfp@mekong.example.org and mention submission "
        f"{submission.public_reference}." in html
    )
    assert submission in Submission.objects.for_organisers_of(call)
    detail = author_client.get(submission.get_absolute_url()).content.decode()
    assert "It arrived after the deadline and was not submitted." in detail
    assert "cfp@mekong.example.org" in detail


def test_a_late_submit_marks_the_draft_late_so_organisers_find_it(call, author):
    submission = complete_draft(call, author)
    late = call.submission_closes + SECOND

    with pytest.raises(domain.SubmissionClosed) as refused:
        domain.submit_submission(submission=submission, by=author, now=late)

    assert "could not be submitted" in refused.value.message
    assert "late draft" in refused.value.message
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT
    assert submission.changes.filter(action=LATE).count() == 1
    assert submission in Submission.objects.for_organisers_of(call)


def test_a_late_draft_reopened_by_an_organiser_can_be_submitted(call, author):
    submission = complete_draft(call, author)
    late = call.submission_closes + SECOND
    with pytest.raises(domain.SubmissionClosed):
        domain.submit_submission(submission=submission, by=author, now=late)

    domain.reopen_submission(
        submission=submission, by=verified_user(), until=late + dt.timedelta(days=1)
    )

    assert domain.submit_submission(submission=submission, by=author, now=late) is True


def test_an_ordinary_draft_is_not_shown_to_organisers(call, author):
    make_draft(call, author)

    assert not Submission.objects.for_organisers_of(call).exists()

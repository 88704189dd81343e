"""The organiser's list of submissions and each submission's organiser page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cfp.models import Submission, SubmissionChange, SubmissionState
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    CustomAnswerFactory,
    FileDownloadFactory,
    GuidingQuestionFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    ThemeFactory,
    UserFactory,
    organiser_with_mfa,
)

pytestmark = pytest.mark.django_db


def list_url(conference, **params):
    url = reverse("cfp:organiser_submissions", kwargs={"conference": conference.slug})
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def detail_url(submission):
    return reverse(
        "cfp:organiser_submission_detail",
        kwargs={"conference": submission.conference.slug, "number": submission.number},
    )


def full_submission(conference, *, themes, questions, type_=None, countries=("TH", "MM", "KH")):
    """A submission with several authors, themes, guiding questions, files and an answer."""
    submission = SubmissionFactory(
        conference=conference,
        contribution_type=type_,
        themes=themes,
        guiding_questions=questions,
    )
    for country in countries:
        AuthorshipFactory(submission=submission, country=country)
    SubmissionFileFactory(submission=submission, version=1)
    SubmissionFileFactory(submission=submission, version=2)
    return submission


def titles(response) -> list[str]:
    return [s.title for s in response.context["page"].object_list]


# --- visibility -------------------------------------------------------------------------------


def test_list_shows_submitted_work_and_only_the_number_of_drafts(organiser_client, conference):
    SubmissionFactory(conference=conference, title="Came in")
    SubmissionFactory(conference=conference, title="Secret draft", state=SubmissionState.DRAFT)
    SubmissionFactory(conference=conference, title="Second draft", state=SubmissionState.DRAFT)

    response = organiser_client.get(list_url(conference))

    assert response.status_code == 200
    assert titles(response) == ["Came in"]
    assert response.context["drafts_in_progress"] == 2
    assert b"Secret draft" not in response.content
    assert b"2 drafts are in progress" in response.content


def test_withdrawn_submissions_appear_only_when_asked(organiser_client, conference):
    SubmissionFactory(conference=conference, title="Active")
    SubmissionFactory(conference=conference, title="Gone", state=SubmissionState.WITHDRAWN)

    assert titles(organiser_client.get(list_url(conference))) == ["Active"]
    assert titles(organiser_client.get(list_url(conference, state="withdrawn"))) == ["Gone"]
    assert titles(organiser_client.get(list_url(conference, state="all"))) == ["Active", "Gone"]


def test_list_never_shows_another_conferences_submissions(organiser_client, conference):
    SubmissionFactory(conference=conference, title="Ours")
    SubmissionFactory(conference=ConferenceFactory(), title="Theirs")

    assert titles(organiser_client.get(list_url(conference))) == ["Ours"]


def test_queryset_and_rule_agree_on_what_an_organiser_sees(conference, organiser):
    states = [SubmissionState.DRAFT, *[s for s in SubmissionState.values if s != "draft"]]
    for state in states:
        SubmissionFactory(conference=conference, state=state)
    SubmissionFactory(conference=ConferenceFactory())
    visible = set(Submission.objects.for_organisers_of(conference, organiser))

    for submission in Submission.objects.all():
        allowed = organiser.has_perm("cfp.view_submission_as_organiser", submission)
        assert allowed == (submission in visible), submission.state
    assert {s.state for s in visible} == {"submitted", "withdrawn", "accepted", "rejected"}


# --- filters ----------------------------------------------------------------------------------


def test_filters_by_state_type_theme_country_and_guiding_question(organiser_client, conference):
    talk, poster = ContributionTypeFactory.create_batch(2, conference=conference)
    theme_a, theme_b = ThemeFactory.create_batch(2, conference=conference)
    q1, q2 = GuidingQuestionFactory.create_batch(2, conference=conference)
    one = SubmissionFactory(
        conference=conference, title="One", contribution_type=talk, themes=[theme_a]
    )
    one.guiding_questions.add(q1)
    AuthorshipFactory(submission=one, country="MM")
    two = SubmissionFactory(
        conference=conference,
        title="Two",
        contribution_type=poster,
        themes=[theme_b],
        state=SubmissionState.ACCEPTED,
    )
    two.guiding_questions.add(q2)
    AuthorshipFactory(submission=two, country="VN")

    assert titles(organiser_client.get(list_url(conference, contribution_type=talk.pk))) == ["One"]
    assert titles(organiser_client.get(list_url(conference, theme=theme_b.pk))) == ["Two"]
    assert titles(organiser_client.get(list_url(conference, country="MM"))) == ["One"]
    assert titles(organiser_client.get(list_url(conference, guiding_question=q2.pk))) == ["Two"]
    assert titles(organiser_client.get(list_url(conference, state="accepted"))) == ["Two"]


def test_a_theme_of_another_conference_is_ignored_as_a_filter(organiser_client, conference):
    SubmissionFactory(conference=conference, title="One")
    foreign = ThemeFactory()

    response = organiser_client.get(list_url(conference, theme=foreign.pk))

    assert response.status_code == 200
    assert titles(response) == ["One"]


def test_search_narrows_the_list(organiser_client, conference):
    SubmissionFactory(conference=conference, title="Border crossings")
    other = SubmissionFactory(conference=conference, title="Something else")
    AuthorshipFactory(submission=other, full_name="ออง ซาน", affiliation="Yangon University")

    assert titles(organiser_client.get(list_url(conference, q="yangon"))) == ["Something else"]
    assert titles(organiser_client.get(list_url(conference, q="border"))) == ["Border crossings"]


def test_list_is_paginated_by_fifty_and_keeps_the_filters(organiser_client, conference):
    theme = ThemeFactory(conference=conference)
    SubmissionFactory.create_batch(51, conference=conference, themes=[theme])

    first = organiser_client.get(list_url(conference, theme=theme.pk))
    second = organiser_client.get(list_url(conference, theme=theme.pk, page=2))

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1
    assert f"?theme={theme.pk}&amp;page=2".encode() in first.content


# --- counts -----------------------------------------------------------------------------------


def test_counts_panel_follows_the_filters(organiser_client, conference):
    theme = ThemeFactory(conference=conference)
    SubmissionFactory(conference=conference, themes=[theme])
    SubmissionFactory(conference=conference)

    counts = organiser_client.get(list_url(conference, theme=theme.pk)).context["counts"]

    assert counts.total == 1
    assert [(row.label, row.count) for row in counts.by_theme] == [(theme.title, 1)]


# --- query counts -----------------------------------------------------------------------------


def _populate(conference, n):
    types = ContributionTypeFactory.create_batch(2, conference=conference)
    themes = ThemeFactory.create_batch(3, conference=conference)
    questions = GuidingQuestionFactory.create_batch(3, conference=conference)
    for i in range(n):
        full_submission(
            conference, themes=themes[: 1 + i % 3], questions=questions[:2], type_=types[i % 2]
        )


# Session, user, conference, organiser check, MFA check (5); the conference's types, themes and
# guiding questions (3: filter controls, count labels and rows share them); the countries
# authors named (1); the header's areas (1); counts (4: by type, whose sum is the total the paginator reuses, theme,
# country, guiding question); drafts (1); the page's rows (1) with their authors and themes (2). Lists
# of 1 and of 30 submissions: the same. (22 before the list was profiled.)
LIST_QUERIES = 18  # with the header's areas (config.context_processors.my_areas)


@pytest.mark.parametrize("n", [1, 30])
def test_list_query_count_does_not_grow_with_submissions(
    organiser_client, conference, django_assert_num_queries, n
):
    _populate(conference, n)

    with django_assert_num_queries(LIST_QUERIES):
        response = organiser_client.get(list_url(conference))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == n


@pytest.mark.parametrize("n", [1, 30])
def test_searched_list_query_count_does_not_grow(
    organiser_client, conference, django_assert_num_queries, n
):
    _populate(conference, n)

    with django_assert_num_queries(LIST_QUERIES):
        response = organiser_client.get(list_url(conference, q="Somchai", country="TH"))

    assert len(response.context["page"].object_list) == n


# --- the organiser's submission page ----------------------------------------------------------


def test_detail_shows_authors_answers_files_history_and_downloads(organiser_client, conference):
    submission = SubmissionFactory(conference=conference, title="Voices", keywords=["ລາວ"])
    AuthorshipFactory(
        submission=submission,
        full_name="Nguyễn Thị Minh Khai",
        email="khai@example.org",
        public_name=False,
    )
    answer = CustomAnswerFactory(submission=submission, value="Fieldwork in Mae Sot")
    paper = SubmissionFileFactory(submission=submission, version=1, page_count=17)
    reader = UserFactory(full_name="Curious Reviewer", email="reader@example.org")
    FileDownloadFactory(file=paper, user=reader)
    SubmissionChange.objects.create(
        submission=submission,
        action=SubmissionChange.Action.SUBMITTED,
        by=submission.created_by,
        file=paper,
    )

    response = organiser_client.get(detail_url(submission))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Thị Minh Khai" in html
    assert "khai@example.org" in html
    assert "No — never show this name in public" in html
    assert answer.question.text in html
    assert "Fieldwork in Mae Sot" in html
    assert "ລາວ" in html
    assert "Paper v1" in html
    assert "reader@example.org" in html
    assert "Curious Reviewer" in html
    assert "Submitted" in html
    # The history is the authors' table, with each file's hash for organisers.
    assert 'class="table table-sm submission-history table-stack"' in html
    assert '<span class="small text-body-secondary">sha256 000000000000…</span>' in html
    download = reverse(
        "cfp:submission_file_download",
        kwargs={
            "conference": conference.slug,
            "reference": submission.reference,
            "kind": "paper",
            "version": paper.version,
        },
    )
    assert f'href="{download}"' in html


def test_organiser_home_links_to_submissions_and_questions(organiser_client, conference):
    response = organiser_client.get(
        reverse("cfp:organiser_home", kwargs={"conference": conference.slug})
    )

    html = response.content.decode()
    assert f'href="{list_url(conference)}"' in html
    assert f'href="/c/{conference.slug}/organise/questions/"' in html


def test_detail_of_a_draft_is_not_found(organiser_client, conference):
    draft = SubmissionFactory(conference=conference, state=SubmissionState.DRAFT)

    assert organiser_client.get(detail_url(draft)).status_code == 404


def test_detail_of_another_conferences_submission_is_not_found(organiser_client, conference):
    theirs = SubmissionFactory(conference=ConferenceFactory())
    url = reverse(
        "cfp:organiser_submission_detail",
        kwargs={"conference": conference.slug, "number": theirs.number},
    )

    assert organiser_client.get(url).status_code == 404


# ... and one for late changes waiting for a reopening (PendingRevision), and one for whether
# the conference asks further questions (the shared history table, submission_history_table).
DETAIL_QUERIES = 17  # includes the header's areas


@pytest.mark.parametrize("n", [1, 8])
def test_detail_query_count_is_bounded(organiser_client, conference, django_assert_num_queries, n):
    submission = full_submission(
        conference,
        themes=ThemeFactory.create_batch(n, conference=conference),
        questions=GuidingQuestionFactory.create_batch(n, conference=conference),
        countries=["TH"] * n,
    )
    for _ in range(n):
        CustomAnswerFactory(submission=submission)
        FileDownloadFactory(file=submission.files.first())
        SubmissionChange.objects.create(submission=submission, action="saved")

    with django_assert_num_queries(DETAIL_QUERIES):
        response = organiser_client.get(detail_url(submission))

    assert response.status_code == 200


# --- reopening after the deadline -------------------------------------------------------------


@pytest.fixture
def after_deadline(conference, frozen_now):
    conference.submission_opens = REFERENCE_NOW - dt.timedelta(days=60)
    conference.submission_closes = REFERENCE_NOW - dt.timedelta(days=1)
    conference.save()
    return conference


def reopen_url(submission, action="reopen"):
    return reverse(
        f"cfp:organiser_submission_{action}",
        kwargs={"conference": submission.conference.slug, "number": submission.number},
    )


def test_organiser_reopens_a_submission_until_a_time_in_the_conference_zone(
    organiser_client, after_deadline
):
    pytest.importorskip("cfp.domain").reopen_submission  # noqa: B018
    submission = SubmissionFactory(conference=after_deadline)

    response = organiser_client.post(reopen_url(submission), {"until": "2026-06-05T18:00"})

    assert response.status_code == 302
    assert response["Location"] == detail_url(submission)
    submission.refresh_from_db()
    # 18:00 in Bangkok (UTC+7) is 11:00 UTC.
    assert submission.reopened_until == dt.datetime(2026, 6, 5, 11, 0, tzinfo=dt.UTC)


def test_reopening_until_a_past_time_is_refused(organiser_client, after_deadline):
    submission = SubmissionFactory(conference=after_deadline)

    response = organiser_client.post(
        reopen_url(submission), {"until": "2026-05-01T18:00"}, follow=True
    )

    submission.refresh_from_db()
    assert submission.reopened_until is None
    assert "Choose a time in the future." in response.content.decode()


def test_organiser_closes_a_reopened_submission_again(organiser_client, after_deadline):
    pytest.importorskip("cfp.domain").close_reopened_submission  # noqa: B018
    submission = SubmissionFactory(
        conference=after_deadline, reopened_until=REFERENCE_NOW + dt.timedelta(days=2)
    )

    response = organiser_client.post(reopen_url(submission, "close"))

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.reopened_until is None


def test_reopen_is_post_only(organiser_client, after_deadline):
    submission = SubmissionFactory(conference=after_deadline)

    assert organiser_client.get(reopen_url(submission)).status_code == 405


def test_reopening_a_draft_is_not_found(organiser_client, after_deadline):
    draft = SubmissionFactory(conference=after_deadline, state=SubmissionState.DRAFT)

    response = organiser_client.post(reopen_url(draft), {"until": "2026-06-05T18:00"})

    assert response.status_code == 404


# --- access (the full matrix is in tests/test_permissions_matrix.py) --------------------------


def test_organiser_of_another_conference_is_forbidden(client, conference):
    client.force_login(organiser_with_mfa(ConferenceFactory()))

    assert client.get(list_url(conference)).status_code == 403


def test_anonymous_is_sent_to_log_in(client, conference):
    response = client.get(list_url(conference))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- XSS --------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
JS_LINK = '<a href="javascript:alert(1)">x</a>'


def test_hostile_text_is_inert_on_the_list_and_detail_pages(organiser_client, conference):
    theme = ThemeFactory(conference=conference, title=SCRIPT)
    submission = SubmissionFactory(
        conference=conference,
        title=SCRIPT + JS_LINK,
        abstract=SCRIPT + JS_LINK,
        keywords=[SCRIPT, JS_LINK],
        themes=[theme],
    )
    AuthorshipFactory(
        submission=submission, full_name=SCRIPT, affiliation=JS_LINK, email="x@example.org"
    )
    CustomAnswerFactory(submission=submission, value=SCRIPT + JS_LINK)
    SubmissionFileFactory(submission=submission, original_name=SCRIPT)

    for url in (list_url(conference), list_url(conference, q=SCRIPT), detail_url(submission)):
        html = organiser_client.get(url).content.decode()
        assert "<script>" not in html, url
        assert 'href="javascript:' not in html, url
        assert "&lt;script&gt;" in html, url


def test_reopen_form_appears_only_after_the_deadline(organiser_client, conference, frozen_now):
    submission = SubmissionFactory(conference=conference)
    reopen = f'action="{reopen_url(submission)}"'

    before = organiser_client.get(detail_url(submission)).content.decode()
    conference.submission_closes = REFERENCE_NOW - dt.timedelta(hours=1)
    conference.save()
    after = organiser_client.get(detail_url(submission)).content.decode()

    assert reopen not in before
    assert "Its authors may edit it until the deadline" in before
    assert reopen in after


def test_a_decided_submission_offers_no_reopening(organiser_client, after_deadline):
    submission = SubmissionFactory(conference=after_deadline, state=SubmissionState.ACCEPTED)

    html = organiser_client.get(detail_url(submission)).content.decode()

    assert f'action="{reopen_url(submission)}"' not in html
    assert "cannot be reopened" in html


def test_reopening_a_withdrawn_submission_returns_to_the_list(organiser_client, after_deadline):
    submission = SubmissionFactory(conference=after_deadline, state=SubmissionState.WITHDRAWN)

    response = organiser_client.post(reopen_url(submission), {"until": "2026-06-05T18:00"})

    # It is a draft again: private to its authors until they submit it.
    assert response["Location"] == list_url(after_deadline)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT


# --- the filter form, printed without crispy (see FilterControl) -------------------------------


def test_filter_controls_keep_the_chosen_values_and_are_labelled(organiser_client, conference):
    theme = ThemeFactory(conference=conference, title="Displacement")
    SubmissionFactory(conference=conference, themes=[theme])

    html = organiser_client.get(
        list_url(conference, q='say "hi" <b>', state="withdrawn", theme=theme.pk)
    ).text

    assert '<form class="submission-filters" method="get">' in html
    assert (
        'value="say &quot;hi&quot; &lt;b&gt;" maxlength="200" class="textinput form-control" '
        'aria-describedby="id_q_helptext" id="id_q">'
    ) in html
    assert '<label for="id_state" class="form-label">State</label>' in html
    assert '<option value="withdrawn" selected>Withdrawn</option>' in html
    assert '<option value="" selected>' not in html.split('id="id_theme"')[1].split("</select>")[0]
    assert f'<option value="{theme.pk}" selected>Displacement</option>' in html
    assert '<option value="" selected>All types</option>' in html
    assert html.count(" selected>") == 5  # state, type, theme, country, guiding question

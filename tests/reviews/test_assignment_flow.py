"""The assignment in the chair's hands: the engine's input, runs, confirmation (twice, stale),
infeasibility in names, assignment by hand, and the reviewers' mail (helper `assign`)."""

from __future__ import annotations

import numpy as np
import pytest
from django.core import mail
from django.urls import reverse

from reviews.domain import assignment as domain
from reviews.models import (
    Assignment,
    AssignmentRun,
    AssignmentSettings,
    AssignmentVersion,
    Bid,
    ReviewQuota,
)
from tests.factories import (
    AssignmentFactory,
    CommitteeMemberFactory,
    ConferenceFactory,
    ConflictFactory,
    ContributionTypeFactory,
    SubmissionFactory,
    ThemeFactory,
    organiser_with_mfa,
    verified_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small():
    conference = ConferenceFactory(reviews_per_submission=2, reviewer_load=3)
    theme = ThemeFactory(conference=conference, title="Displacement")
    papers = [SubmissionFactory(conference=conference, themes=[theme]) for _ in range(3)]
    members = [
        CommitteeMemberFactory(conference=conference, expertise_themes=[theme]).user
        for _ in range(3)
    ]
    organiser = organiser_with_mfa(conference)
    return conference, theme, papers, members, organiser


def run_and_finish(conference, by):
    run = domain.start_run(conference=conference, by=by)
    return domain.execute_run(run.pk)


def test_engine_input_reads_conflicts_bids_quotas_types_and_existing(small):
    conference, theme, papers, members, _organiser = small
    poster = ContributionTypeFactory(conference=conference)
    papers[1].contribution_type = poster
    papers[1].save()
    AssignmentSettings.objects.create(
        conference=conference, reviews_per_type={str(poster.pk): 1}, allow_not_willing=False
    )
    ReviewQuota.objects.create(submission=papers[2], reviews=3)
    ConflictFactory(submission=papers[0], user=members[0])
    ConflictFactory(submission=papers[0], user=members[1], waived_at="2026-01-01T00:00Z")
    Bid.objects.create(submission=papers[1], user=members[2], preference="conflict")
    Bid.objects.create(submission=papers[2], user=members[1], preference="not_willing")
    AssignmentFactory(submission=papers[2], reviewer=members[0])

    data = domain.build_engine_input(conference)
    s = {sid: i for i, sid in enumerate(data.submission_ids)}
    r = {uid: j for j, uid in enumerate(data.reviewer_ids)}
    assert list(data.problem.demand) == [2, 1, 3]
    forbidden = {tuple(p) for p in data.problem.forbidden.tolist()}
    assert forbidden == {
        (s[papers[0].pk], r[members[0].pk]),  # standing conflict (the waived one is not)
        (s[papers[1].pk], r[members[2].pk]),  # "conflict" bid
        (s[papers[2].pk], r[members[1].pk]),  # "not willing", not allowed as a last resort
    }
    assert data.problem.locked.tolist() == [[s[papers[2].pk], r[members[0].pk]]]
    assert [g.name for g in data.problem.groups] == ["Displacement"]

    AssignmentSettings.objects.filter(conference=conference).update(allow_not_willing=True)
    data = domain.build_engine_input(conference)
    assert data.problem.last_resort.tolist() == [[s[papers[2].pk], r[members[1].pk]]]
    assert len(data.problem.forbidden) == 2


def test_run_stores_a_preview_and_confirm_assigns_and_mails_each_reviewer_once(
    small, django_capture_on_commit_callbacks
):
    conference, _theme, papers, members, organiser = small
    AssignmentFactory(submission=papers[0], reviewer=members[0], notified_at="2026-01-01T00:00Z")
    run = run_and_finish(conference, organiser)
    assert run.state == AssignmentRun.State.READY
    result = run.result
    assert result["totals"]["pairs"] == 6
    assert result["totals"]["new_pairs"] == 5
    assert result["current"]["pairs"] == 1
    assert sum(result["loads"].values()) == 6
    assert Assignment.objects.count() == 1  # nothing changes before the chair confirms

    with django_capture_on_commit_callbacks(execute=True):
        created = domain.confirm_run(run=run, by=organiser)
    assert created == 5
    assert Assignment.objects.count() == 6
    assert AssignmentVersion.objects.get(conference=conference).version == 1
    # One mail per reviewer with new assignments, listing only the new ones.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members)
    assert not Assignment.objects.filter(notified_at__isnull=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.notify_new_assignments(conference=conference) == 0
    assert len(mail.outbox) == 3


def test_confirming_twice_creates_nothing_more(small, client, django_capture_on_commit_callbacks):
    conference, _theme, _papers, _members, organiser = small
    run = run_and_finish(conference, organiser)
    with django_capture_on_commit_callbacks(execute=True):
        domain.confirm_run(run=run, by=organiser)
    with pytest.raises(domain.AssignmentError) as caught:
        domain.confirm_run(run=run, by=organiser)
    assert caught.value.code == "confirmed"
    assert Assignment.objects.count() == 6
    client.force_login(organiser)
    url = reverse(
        "reviews:assignment_confirm", kwargs={"conference": conference.slug, "run": run.pk}
    )
    response = client.post(url, follow=True)
    assert "This preview was confirmed already." in response.content.decode()
    assert Assignment.objects.count() == 6


def test_a_preview_older_than_the_assignment_is_refused(
    small, client, django_capture_on_commit_callbacks
):
    conference, _theme, papers, members, organiser = small
    first = run_and_finish(conference, organiser)
    second = run_and_finish(conference, organiser)
    with django_capture_on_commit_callbacks(execute=True):
        domain.confirm_run(run=second, by=organiser)
    with pytest.raises(domain.AssignmentError) as caught:
        domain.confirm_run(run=first, by=organiser)
    assert caught.value.code == "stale"
    first.refresh_from_db()
    assert first.state == AssignmentRun.State.STALE
    assert Assignment.objects.count() == 6

    # A change by hand also makes a preview stale, and the chair is told to rerun.
    third = run_and_finish(conference, organiser)
    held = [m for m in members if Assignment.objects.filter(submission=papers[0], reviewer=m)]
    Assignment.objects.filter(submission=papers[0], reviewer=held[0]).delete()
    domain.remove_assignment(submission=papers[0], reviewer=held[1], by=organiser)
    client.force_login(organiser)
    page = client.get(
        reverse("reviews:assignment_run", kwargs={"conference": conference.slug, "run": third.pk})
    ).content.decode()
    assert "it can no longer be confirmed" in page
    assert "Confirm this assignment" not in page
    url = reverse(
        "reviews:assignment_confirm", kwargs={"conference": conference.slug, "run": third.pk}
    )
    response = client.post(url, follow=True)
    assert "run the assignment again" in response.content.decode()
    third.refresh_from_db()
    assert third.state == AssignmentRun.State.STALE


def test_confirm_skips_a_pair_conflicted_after_the_run(small, django_capture_on_commit_callbacks):
    conference, _theme, papers, members, organiser = small
    run = run_and_finish(conference, organiser)
    sid, uid = run.result["pairs"][0][:2]
    ConflictFactory(submission_id=sid, user_id=uid)
    with django_capture_on_commit_callbacks(execute=True):
        domain.confirm_run(run=run, by=organiser)
    assert not Assignment.objects.filter(submission_id=sid, reviewer_id=uid).exists()


def test_infeasible_run_explains_with_theme_and_reviewer_names(small, client):
    conference, theme, papers, members, organiser = small
    for user in members[1:]:
        user.committee_memberships.update(max_load=3)
    theme_expert = members[0]
    theme_expert.committee_memberships.update(max_load=1)
    for user in members[1:]:
        user.committee_memberships.get().expertise_themes.clear()
    theme_expert.full_name = "Somsak Rattanakorn"
    theme_expert.save()
    run = run_and_finish(conference, organiser)
    assert run.state == AssignmentRun.State.INFEASIBLE
    client.force_login(organiser)
    page = client.get(
        reverse("reviews:assignment_run", kwargs={"conference": conference.slug, "run": run.pk})
    ).content.decode()
    assert "Why no assignment is possible" in page
    assert "Displacement" in page
    assert "Somsak Rattanakorn" in page
    assert "raise their loads or invite reviewers" in page


def test_manual_assignment_refuses_a_conflict_and_warns_of_an_overload(
    small, client, django_capture_on_commit_callbacks
):
    conference, _theme, papers, members, organiser = small
    ConflictFactory(submission=papers[0], user=members[0])
    with pytest.raises(domain.AssignmentError) as caught:
        domain.add_assignment(submission=papers[0], reviewer=members[0], by=organiser)
    assert caught.value.code == "conflict"
    stranger = verified_user()
    with pytest.raises(domain.AssignmentError):
        domain.add_assignment(submission=papers[0], reviewer=stranger, by=organiser)

    busy = members[1]
    for paper in SubmissionFactory.create_batch(3, conference=conference):
        AssignmentFactory(submission=paper, reviewer=busy)
    client.force_login(organiser)
    url = reverse(
        "reviews:assignment_submission",
        kwargs={"conference": conference.slug, "number": papers[0].number},
    )
    response = client.post(url, {"action": "add", "reviewer": members[0].pk}, follow=True)
    assert "has a conflict of interest" in response.content.decode()
    response = client.post(url, {"action": "add", "reviewer": busy.pk})
    assert response.status_code == 200
    assert "Assign anyway" in response.content.decode()
    assert not Assignment.objects.filter(submission=papers[0], reviewer=busy).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "add", "reviewer": busy.pk, "confirm_overload": "1"})
    assert response.status_code == 302
    assert Assignment.objects.filter(submission=papers[0], reviewer=busy).exists()
    assert [m.to for m in mail.outbox] == [[busy.email]]
    assert AssignmentVersion.objects.get(conference=conference).version == 1


def test_quota_by_hand(small, client):
    conference, _theme, papers, _members, organiser = small
    client.force_login(organiser)
    url = reverse(
        "reviews:assignment_submission",
        kwargs={"conference": conference.slug, "number": papers[0].number},
    )
    client.post(url, {"action": "quota", "reviews": "1"})
    assert ReviewQuota.objects.get(submission=papers[0]).reviews == 1
    data = domain.build_engine_input(conference)
    assert np.asarray(data.problem.demand).tolist() == [1, 2, 2]
    client.post(url, {"action": "quota", "reviews": ""})
    assert not ReviewQuota.objects.exists()


def test_run_page_refreshes_while_running(small, client):
    conference, _theme, _papers, _members, organiser = small
    run = AssignmentRun.objects.create(conference=conference, state="running", progress="Solving")
    client.force_login(organiser)
    page = client.get(
        reverse("reviews:assignment_run", kwargs={"conference": conference.slug, "run": run.pk})
    ).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Solving" in page


def test_explanations_name_only_what_the_viewer_may_see():
    explanations = [
        {
            "code": "hall_deficit",
            "message": "English fallback",
            "submissions": [11, 12, 13],
            "reviewers": [7],
            "numbers": {"submissions": 3, "needed": 9.0, "available": 5.0},
        },
        {"code": "something_new", "message": "The engine's own sentence.", "numbers": {}},
    ]
    sentences = domain.explain(
        explanations,
        submission_names={11: "#1 Fishing crews"},
        reviewer_names={7: "Somsak Rattanakorn"},
    )
    assert sentences == [
        "#1 Fishing crews, 2 others need 9 reviews, but the reviewers eligible for them "
        "(Somsak Rattanakorn) can take at most 5: raise their loads, invite reviewers for "
        "these topics, or lower the number of reviews.",
        "The engine's own sentence.",
    ]


def test_preview_lists_existing_assignments_with_a_conflict(small, client):
    conference, _theme, papers, members, organiser = small
    AssignmentFactory(submission=papers[0], reviewer=members[0])
    ConflictFactory(submission=papers[0], user=members[0])
    members[0].full_name = "Thida Win"
    members[0].save()
    run = run_and_finish(conference, organiser)
    assert run.result["conflicted_existing"] == [[papers[0].pk, members[0].pk]]
    assert [members[0].pk] not in [p[1:2] for p in run.result["pairs"] if p[0] == papers[0].pk]
    client.force_login(organiser)
    page = client.get(
        reverse("reviews:assignment_run", kwargs={"conference": conference.slug, "run": run.pk})
    ).content.decode()
    assert "Assignments with a conflict of interest" in page
    assert "Thida Win" in page


def test_settings_page_saves_per_type_defaults_and_chairs_only_read(small, client):
    from reviews.models import CommitteeMember
    from tests.reviews.assignment_world import with_mfa

    conference, theme, papers, _members, organiser = small
    poster = ContributionTypeFactory(conference=conference, name="Poster")
    url = reverse("reviews:assignment_home", kwargs={"conference": conference.slug})
    client.force_login(organiser)
    response = client.post(
        url,
        {
            "reviews_per_submission": 3,
            "reviewer_load": 8,
            "min_load": 1,
            "require_theme_reviewer": "on",
            "objective": "max_total",
            "allow_not_willing": "on",
            "last_resort_penalty": "1.5",
            "time_limit_seconds": 45,
            f"type_{poster.pk}": 1,
        },
    )
    assert response.status_code == 302
    row = AssignmentSettings.objects.get(conference=conference)
    assert (row.objective, row.min_load, row.allow_not_willing, row.balance_loads) == (
        "max_total",
        1,
        True,
        False,
    )
    assert (row.last_resort_penalty, row.time_limit_seconds) == (1.5, 45)
    assert row.reviews_per_type == {str(poster.pk): 1}
    conference.refresh_from_db()
    assert (conference.reviews_per_submission, conference.reviewer_load) == (3, 8)

    chair = with_mfa(
        CommitteeMemberFactory(
            conference=conference, role=CommitteeMember.Role.THEME_CHAIR, themes=[theme]
        ).user
    )
    client.force_login(chair)
    page = client.get(url).content.decode()
    assert "Only organisers change these settings." in page
    assert "Save settings" not in page and "Run the assignment" not in page
    assert 'name="objective"' in page and "disabled" in page

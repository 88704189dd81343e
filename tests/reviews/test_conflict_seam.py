"""A conflict recorded in reviews hides the submission from the conflicted organiser in cfp's
pages, lists and exports, through the one seam (cfp.conflicts), while cfp never imports reviews.
"""

from __future__ import annotations

import pytest
import rules
from django.urls import reverse

from cfp.models import Submission
from reviews.models import Conflict, ConflictReason
from tests.factories import SubmissionFactory, organiser_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(conference):
    organiser = organiser_with_mfa(conference, full_name="Chair Person")
    conflicted = SubmissionFactory(conference=conference, title="Conflicted paper")
    visible = SubmissionFactory(conference=conference, title="Visible paper")
    Conflict.objects.create(
        submission=conflicted,
        user=organiser,
        source=Conflict.Source.CHAIR,
        reason=ConflictReason.COLLABORATOR,
    )
    return organiser, conflicted, visible


def test_the_rule_and_the_queryset_agree_on_a_conflict(world, conference):
    organiser, conflicted, visible = world
    assert not rules.has_perm("cfp.view_submission_as_organiser", organiser, conflicted)
    assert rules.has_perm("cfp.view_submission_as_organiser", organiser, visible)
    shown = Submission.objects.for_organisers_of(conference, organiser)
    assert list(shown.values_list("title", flat=True)) == ["Visible paper"]


def test_a_waived_conflict_no_longer_hides(world, conference):
    organiser, conflicted, _visible = world
    Conflict.objects.filter(submission=conflicted).update(waived_at=conflicted.submitted_at)
    assert rules.has_perm("cfp.view_submission_as_organiser", organiser, conflicted)


def test_the_organiser_list_and_export_leave_out_the_conflicted_paper(world, client, conference):
    organiser, _conflicted, _visible = world
    client.force_login(organiser)
    page = client.get(reverse("cfp:organiser_submissions", args=[conference.slug]))
    assert page.status_code == 200
    assert "Visible paper" in page.text
    assert "Conflicted paper" not in page.text
    export = client.get(reverse("cfp:organiser_submissions_csv", args=[conference.slug]))
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert b"Visible paper" in body
    assert b"Conflicted paper" not in body


def test_the_conflicted_paper_s_organiser_page_is_not_found(world, client, conference):
    organiser, conflicted, _visible = world
    client.force_login(organiser)
    url = reverse("cfp:organiser_submission_detail", args=[conference.slug, conflicted.number])
    assert client.get(url).status_code == 404

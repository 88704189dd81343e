"""The demo's assignment: run and confirmed on the demo data, idempotent (helper `assign`)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cfp.demo.mahidol import SLUG
from cfp.models import Conference
from reviews.demo_assignment import confirm_demo_assignment
from reviews.models import Assignment, AssignmentRun

pytestmark = pytest.mark.django_db


def test_the_demo_confirms_an_assignment_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", today="2026-06-01", stdout=StringIO())
    conference = Conference.objects.get(slug=SLUG)
    run = AssignmentRun.objects.filter(conference=conference).latest("created_at")
    assert run.state == AssignmentRun.State.CONFIRMED
    count = Assignment.objects.filter(submission__conference=conference).count()
    assert count == len(run.result["pairs"]) > 0
    assert confirm_demo_assignment(conference) is None
    assert Assignment.objects.filter(submission__conference=conference).count() == count

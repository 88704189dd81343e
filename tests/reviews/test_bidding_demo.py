"""The demo's bids and conflicts (reviews/demo_bids.py): present, deterministic, idempotent,
and never a bid on a conflicted or own paper."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from cfp.models import Conference
from reviews.demo_bids import add_bids_and_conflicts
from reviews.domain.conflicts import conflicted_pairs
from reviews.models import Bid, Conflict, ConflictChange

pytestmark = pytest.mark.django_db


def test_demo_bids_and_conflicts(monkeypatch):
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: dt.datetime(2031, 1, 1, 12, 0, tzinfo=dt.UTC)
    )
    call_command("demo", today="2026-06-01", stdout=StringIO())  # adds the bids and conflicts
    conference = Conference.objects.get()
    assert Bid.objects.exists()
    assert set(Conflict.objects.values_list("source", flat=True)) >= {"author", "reviewer"}
    snapshot = (Bid.objects.count(), Conflict.objects.count(), ConflictChange.objects.count())
    add_bids_and_conflicts(conference)  # a second time: nothing more
    assert snapshot == (
        Bid.objects.count(),
        Conflict.objects.count(),
        ConflictChange.objects.count(),
    )
    pairs = conflicted_pairs(conference)
    bids = set(Bid.objects.exclude(preference="conflict").values_list("user_id", "submission_id"))
    assert not bids & pairs

"""``manage.py demo`` ends with the demo conference's programme published (issue 13)."""

import datetime as dt
import json
import unicodedata
from io import StringIO

import pytest
from django.core.management import call_command

from cfp.models import Authorship, Conference, Submission
from programme.models import CameraReady, ProgrammeVersion, Room, Session

pytestmark = pytest.mark.django_db

LATER = dt.datetime(2031, 1, 1, 12, 0, tzinfo=dt.UTC)
SCRIPTS = ("THAI", "LAO", "KHMER", "MYANMAR", "CJK")


def _scripts(text: str) -> set[str]:
    found = set()
    for char in text:
        name = unicodedata.name(char, "")
        found |= {script for script in SCRIPTS if name.startswith(script)}
    return found


def test_the_demo_publishes_a_full_programme_once(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: LATER)
    out = StringIO()
    call_command("demo", today="2026-06-01", stdout=out)

    conference = Conference.objects.get(slug="mahidol-2017")
    (version,) = ProgrammeVersion.objects.filter(conference=conference)
    data = version.snapshot
    assert version.number == 1
    accepted = Submission.objects.filter(conference=conference, state="accepted").count()
    assert 24 <= accepted <= 40
    papers = [p for s in data["sessions"] for p in s["presentations"]]
    assert len(papers) == accepted  # every accepted paper is scheduled
    dates = {s["date"] for s in data["sessions"]}
    assert 2 <= len(dates) <= 3
    assert all(
        conference.start_date.isoformat() <= d <= conference.end_date.isoformat() for d in dates
    )
    assert Room.objects.filter(conference=conference).count() == 3
    kinds = [s["kind"] for s in data["sessions"]]
    assert {"plenary", "posters", "break", "papers"} <= set(kinds)
    # Three paper sessions side by side at least once.
    parallel = [(s["date"], s["starts"]) for s in data["sessions"] if s["kind"] == "papers"]
    assert max(parallel.count(slot) for slot in parallel) == 3
    text = json.dumps(data, ensure_ascii=False)
    assert set(SCRIPTS) <= _scripts(text)
    assert "Nguyễn" in text
    withheld = Authorship.objects.filter(
        submission__conference=conference, submission__state="accepted", public_name=False
    )
    assert withheld.count() == 1
    assert withheld.get().full_name not in text
    assert any(a["withheld"] for p in papers for a in p["authors"])
    confirmed = CameraReady.objects.filter(
        submission__conference=conference, confirmed_at__isnull=False
    ).count()
    assert confirmed > accepted * 0.7
    counts = (Submission.objects.count(), Session.objects.count(), confirmed)

    call_command("demo", today="2026-06-01", stdout=StringIO())

    assert ProgrammeVersion.objects.filter(conference=conference).count() == 1
    again = CameraReady.objects.filter(confirmed_at__isnull=False).count()
    assert (Submission.objects.count(), Session.objects.count(), again) == counts

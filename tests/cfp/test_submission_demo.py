"""``manage.py demo`` shows a living call: submissions in every state, with real PDFs.

The demo works at ``--today`` (noon in Bangkok); the clock is frozen years later, when the
call would long be closed, to show that nothing in the demo reads it instead.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from cfp.models import Conference, Submission, SubmissionFile
from programme.demo import PAPERS as PROGRAMME_PAPERS

LATER = dt.datetime(2031, 1, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock_years_later(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: LATER)
    return LATER


def test_demo_has_submissions_in_every_state_and_is_idempotent(db, clock_years_later):
    call_command("demo", today="2026-06-01", stdout=StringIO())
    conference = Conference.objects.get()
    assert conference.submission_closes == dt.datetime(2026, 7, 1, 16, 59, tzinfo=dt.UTC)
    states = set(Submission.objects.values_list("state", flat=True))
    # The demo's committee decides and releases all but the last submitted paper.
    assert states == {"draft", "submitted", "withdrawn", "accepted"}
    counts = (Submission.objects.count(), SubmissionFile.objects.count())
    # Six papers of this demo; the programme's demo (programme/demo.py) adds its accepted ones.
    assert counts == (6 + len(PROGRAMME_PAPERS), 5 + len(PROGRAMME_PAPERS))
    submitted = Submission.objects.exclude(submitted_at=None).values_list("submitted_at", flat=True)
    assert set(submitted) == {dt.datetime(2026, 6, 1, 5, 0, tzinfo=dt.UTC)}
    pdf = SubmissionFile.objects.first()
    with pdf.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    countries = set(
        Submission.objects.values_list("authorships__country", flat=True).exclude(
            authorships__country=""
        )
    )
    assert {"MM", "VN", "LA", "KH", "CN", "TH"} <= countries
    out = StringIO()
    call_command("demo", today="2026-06-01", stdout=out)
    assert (Submission.objects.count(), SubmissionFile.objects.count()) == counts
    total = 6 + len(PROGRAMME_PAPERS)
    assert f"Demo submissions: 0 created, {total} in the conference." in out.getvalue()

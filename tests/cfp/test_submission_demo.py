"""``manage.py demo`` shows a living call: submissions in every state, with real PDFs."""

from io import StringIO

from django.core.management import call_command

from cfp.models import Submission, SubmissionFile


def test_demo_has_submissions_in_every_state_and_is_idempotent(db):
    call_command("demo", stdout=StringIO())
    states = set(Submission.objects.values_list("state", flat=True))
    assert states == {"draft", "submitted", "withdrawn"}
    counts = (Submission.objects.count(), SubmissionFile.objects.count())
    assert counts == (6, 5)
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
    call_command("demo", stdout=out)
    assert (Submission.objects.count(), SubmissionFile.objects.count()) == counts
    assert "Demo submissions: 0 created, 6 in the conference." in out.getvalue()

"""Uploads not yet attached are capped per person, purged on a schedule, and a person who
reaches the cap is told what to do with what they typed kept (issue 8, item 7)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from cfp import domain
from cfp.domain.pending_quota import kept_by, limits
from cfp.models import PendingUpload, Submission
from tests.cfp.test_pending_uploads import BAD_COAUTHOR, new_form
from tests.cfp.test_submission_views import create_url, me
from tests.factories import REFERENCE_NOW, SubmissionFactory, SubmissionFileFactory, verified_user
from tests.pdfs import make_pdf, upload

pytestmark = pytest.mark.django_db
CAP_MESSAGE = "This file was not kept: you already have"


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


def keep_rows(user, conference, n, *, size=1000, created=REFERENCE_NOW, **extra):
    PendingUpload.objects.bulk_create(
        PendingUpload(
            user=user,
            conference=conference,
            original_name=f"kept{i}.pdf",
            sha256=f"{i:064d}",
            size=size,
            page_count=1,
            created=created,
            **extra,
        )
        for i in range(n)
    )


def keep(user, conference, pdf=None):
    return domain.keep_upload(
        user=user,
        conference=conference,
        submission=None,
        kind="paper",
        upload=upload(pdf or make_pdf(pages=1)),
        contribution_type=None,
        now=REFERENCE_NOW,
    )


def test_the_defaults_are_twenty_files_and_200_mb():
    assert limits() == (20, 200 * 1024 * 1024)


def test_the_twenty_first_kept_file_is_refused_with_what_to_do(call, author):
    keep_rows(author, call, 20)

    with pytest.raises(domain.UploadRefused) as refused:
        keep(author, call)

    assert refused.value.message == (
        "This file was not kept: you already have 20 files (19.5\xa0KB) kept from forms that "
        "were not saved yet, and sala keeps at most 20 files or 200.0\xa0MB for one person. "
        "Correct the marked fields and save this form without a new file, or save your other "
        "unfinished forms: saving attaches the files kept for them and makes room. Then choose "
        "this file again. Files never attached are deleted after 14 days."
    )
    assert PendingUpload.objects.count() == 20


def test_the_bytes_are_capped_too(call, author, settings):
    settings.SALA_PENDING_UPLOADS_MAX_BYTES = 5000
    keep_rows(author, call, 1, size=4000)
    pdf = make_pdf(pages=1)
    assert len(pdf) > 1000

    with pytest.raises(domain.UploadRefused, match="at most 20 files or 4.9"):
        keep(author, call, pdf)


def test_attached_expired_and_other_peoples_uploads_do_not_count(call, author):
    other = verified_user()
    keep_rows(other, call, 20)
    keep_rows(author, call, 10, created=REFERENCE_NOW - dt.timedelta(days=15))
    stored = SubmissionFileFactory(submission=SubmissionFactory(conference=call))
    keep_rows(author, call, 10, attached_file=stored)
    keep_rows(author, call, 19)
    assert kept_by(user=author, now=REFERENCE_NOW, days=14) == (19, 19000)

    keep(author, call)

    assert kept_by(user=author, now=REFERENCE_NOW, days=14)[0] == 20


def test_the_same_file_posted_again_at_the_cap_is_the_one_already_kept(call, author):
    pdf = make_pdf(pages=1)
    first = keep(author, call, pdf)
    keep_rows(author, call, 19)

    assert keep(author, call, pdf) == first


def test_the_form_says_so_and_keeps_what_was_typed(call, author, author_client):
    keep_rows(author, call, 20)
    data = new_form(call, author, rows=[me(author), BAD_COAUTHOR], title="Typed once")

    response = author_client.post(create_url(call), {**data, "paper": upload(make_pdf())})

    html = response.content.decode()
    assert response.status_code == 200
    assert CAP_MESSAGE in html
    assert 'value="Typed once"' in html
    assert PendingUpload.objects.count() == 20
    assert Submission.objects.count() == 0


def test_purging_is_scheduled_daily_with_celery_beat():
    from config.celery import app

    assert settings.CELERY_BEAT_SCHEDULE["cfp-purge-pending-uploads"] == {
        "task": "cfp.tasks.purge_pending_uploads",
        "schedule": 24 * 60 * 60,
    }
    app.loader.import_default_modules()
    assert "cfp.tasks.purge_pending_uploads" in app.tasks


def test_the_scheduled_task_purges_expired_uploads(call, author):
    from cfp.tasks import purge_pending_uploads

    keep_rows(author, call, 3, created=REFERENCE_NOW - dt.timedelta(days=15))
    keep_rows(author, call, 2)

    assert purge_pending_uploads.delay().get() == 3
    assert PendingUpload.objects.count() == 2

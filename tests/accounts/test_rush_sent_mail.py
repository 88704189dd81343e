"""Issue 9, item 3: each message is sent at most once however often its task runs, and the
Celery settings survive a lost worker."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction

from accounts.mail import queue_mail
from accounts.sent_mail import SentMail
from accounts.tasks import send_mail

pytestmark = pytest.mark.django_db


def test_the_same_key_twice_sends_once():
    payload = {"to": ["a@example.org"], "subject": "Once", "body": "Only once."}

    first = send_mail.delay(**payload, idempotency_key="k-1")
    again = send_mail.delay(**payload, idempotency_key="k-1")

    assert (first.get(), again.get()) == (True, False)
    assert [m.subject for m in mail.outbox] == ["Once"]
    assert list(SentMail.objects.values_list("key", flat=True)) == ["k-1"]


def test_different_keys_send_each(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_mail(to=["a@example.org"], subject="One", body="1")
        queue_mail(to=["a@example.org"], subject="Two", body="2")

    assert [m.subject for m in mail.outbox] == ["One", "Two"]
    assert SentMail.objects.count() == 2


def test_queue_mail_gives_each_message_a_key(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        queue_mail(to=["a@example.org"], subject="Keyed", body="k")
    calls = []
    import accounts.tasks

    original = accounts.tasks.send_mail.delay
    try:
        accounts.tasks.send_mail.delay = lambda **kwargs: calls.append(kwargs)
        for callback in callbacks:
            callback()
    finally:
        accounts.tasks.send_mail.delay = original

    assert len(calls) == 1
    assert len(calls[0]["idempotency_key"]) == 32


def test_a_failed_send_records_nothing_so_a_retry_sends(monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    def refused(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    payload = {"to": ["a@example.org"], "subject": "Later", "body": "b", "idempotency_key": "k-2"}
    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", refused)
        with pytest.raises(ConnectionRefusedError):
            send_mail.apply(kwargs=payload, throw=True, retries=send_mail.max_retries)
    assert SentMail.objects.count() == 0

    assert send_mail.apply(kwargs=payload).get() is True
    assert [m.subject for m in mail.outbox] == ["Later"]


def test_celery_requeues_what_a_lost_worker_held():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    # Longer than any task may run, short enough to redeliver within a minute.
    assert settings.CELERY_TASK_TIME_LIMIT < timeout <= 55


def test_keys_older_than_any_redelivery_are_forgotten_daily():
    import datetime as dt

    from accounts.sent_mail import KEEP_DAYS, prune_sent_mail
    from tests.factories import REFERENCE_NOW

    SentMail.objects.create(key="old", sent_at=REFERENCE_NOW - dt.timedelta(days=KEEP_DAYS + 1))
    SentMail.objects.create(key="recent", sent_at=REFERENCE_NOW - dt.timedelta(days=KEEP_DAYS - 1))

    assert prune_sent_mail(now=REFERENCE_NOW) == 1
    assert list(SentMail.objects.values_list("key", flat=True)) == ["recent"]
    assert settings.CELERY_BEAT_SCHEDULE["accounts-prune-sent-mail"]["task"] == (
        "accounts.tasks.prune_sent_mail"
    )

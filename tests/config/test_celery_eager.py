"""Eager tasks (no broker configured) send mail quietly: no broker warnings on the console."""

import logging

from django.core import mail

from accounts.tasks import send_mail
from config.celery import app


def test_eager_mail_logs_no_broker_warning(caplog):
    assert app.conf.task_always_eager is True
    with caplog.at_level(logging.WARNING):
        send_mail.delay(to=["someone@example.org"], subject="Quiet", body="No broker here.")
    assert [m.subject for m in mail.outbox] == ["Quiet"]
    # kombu says "No hostname was supplied. Reverting to default 'localhost'" for memory://
    assert caplog.records == []

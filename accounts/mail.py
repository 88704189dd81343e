"""Outgoing mail. Every message goes through a Celery task, queued after the transaction commits.

Eager by default (no broker): the task runs in-process right after commit. With a broker,
workers deliver it, so a slow SMTP server never holds up a page.
"""

from __future__ import annotations

from django.db import transaction


def queue_mail(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> None:
    """Send one message (one envelope per call) once the current transaction commits.

    Side effects: registers an on-commit hook that enqueues ``accounts.tasks.send_mail``.
    A rolled-back transaction sends nothing.
    """
    from .tasks import send_mail

    payload = {
        "to": list(to),
        "subject": subject,
        "body": body,
        "html_body": html_body,
        "reply_to": list(reply_to or []),
        "headers": dict(headers or {}),
        "from_email": from_email,
    }
    transaction.on_commit(lambda: send_mail.delay(**payload))

"""Outgoing mail. Every message goes through a Celery task, queued after the transaction commits.

Eager by default (no broker): the task runs in-process right after commit. With a broker,
workers deliver it, so a slow SMTP server never holds up a page.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string


def render_mail(template_prefix: str, context: dict[str, Any]) -> tuple[str, str]:
    """Render ``<template_prefix>_subject.txt`` and ``<template_prefix>_message.txt``.

    Returns ``(subject, body)``. The subject's whitespace (line breaks left by template tags,
    runs of spaces) is squashed to single spaces: a header must be one line. Reads only.
    """
    subject = render_to_string(f"{template_prefix}_subject.txt", context)
    body = render_to_string(f"{template_prefix}_message.txt", context)
    return " ".join(subject.split()), body


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
    A rolled-back transaction sends nothing. The message gets an idempotency key now, so that
    however often the task is delivered (a lost worker, a retry) it goes out once.
    """
    import uuid

    from .tasks import send_mail

    payload = {
        "to": list(to),
        "subject": subject,
        "body": body,
        "html_body": html_body,
        "reply_to": list(reply_to or []),
        "headers": dict(headers or {}),
        "from_email": from_email,
        "idempotency_key": uuid.uuid4().hex,
    }
    transaction.on_commit(lambda: send_mail.delay(**payload))

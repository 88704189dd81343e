"""Outgoing mail. Every message goes through a Celery task, queued after the transaction commits.

Eager by default (no broker): the task runs in-process right after commit. With a broker,
workers deliver it, so a slow SMTP server never holds up a page.

One voice for every mail: links are built from the one configured site URL
(``SALA_BASE_URL``, never the host a request came in on), the site and the conference are
named, and the HTML part is made from the same text (``text_to_html``), so the two never
say different things.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe


def site_url(path: str = "") -> str:
    """The absolute address of ``path`` (``/...``) on the configured site URL."""
    return f"{settings.SALA_BASE_URL}{path}"


def mail_conference():
    """The conference account mail speaks for, or None.

    accounts sits below cfp and does not import it: the project names the function that
    answers in the ``SALA_MAIL_CONFERENCE`` setting (config wires the apps together).
    """
    hook = getattr(settings, "SALA_MAIL_CONFERENCE", "")
    return import_string(hook)() if hook else None


def mail_context() -> dict[str, Any]:
    """What every mail template may use: ``site_name``, ``site_url``, ``conference``."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SALA_BASE_URL,
        "conference": mail_conference(),
    }


def render_mail(template_prefix: str, context: dict[str, Any]) -> tuple[str, str]:
    """Render ``<template_prefix>_subject.txt`` and ``<template_prefix>_message.txt``.

    Returns ``(subject, body)``. The subject's whitespace (line breaks left by template tags,
    runs of spaces) is squashed to single spaces: a header must be one line. ``site_name``
    and ``site_url`` are there for every template. Reads only.
    """
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SALA_BASE_URL, **context}
    subject = render_to_string(f"{template_prefix}_subject.txt", context)
    body = render_to_string(f"{template_prefix}_message.txt", context)
    return " ".join(subject.split()), body


_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def _paragraph_html(paragraph: str) -> str:
    lines = []
    for line in paragraph.split("\n"):
        pieces, last = [], 0
        for match in _URL.finditer(line):
            pieces.append(escape(line[last : match.start()]))
            url = escape(match.group(0))
            pieces.append(f'<a href="{url}">{url}</a>')
            last = match.end()
        pieces.append(escape(line[last:]))
        lines.append("".join(pieces))
    return "<br>\n".join(lines)


def text_to_html(subject: str, body: str) -> str:
    """The HTML part of a mail: the text body, escaped, in paragraphs, its links clickable.

    Made from the text so that both parts always say the same (the text's signature names
    the site and the conference); the wrapper (``accounts/email/wrapper.html``) adds only a
    readable font and width.
    """
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", body.replace("\r\n", "\n"))]
    html_paragraphs = [mark_safe(_paragraph_html(p)) for p in paragraphs if p.strip()]  # noqa: S308 - escaped above
    return render_to_string(
        "accounts/email/wrapper.html",
        {"subject": subject, "paragraphs": html_paragraphs},
    )


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

    Without ``html_body``, the HTML part is made from ``body`` (``text_to_html``).
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
        "html_body": html_body if html_body is not None else text_to_html(subject, body),
        "reply_to": list(reply_to or []),
        "headers": dict(headers or {}),
        "from_email": from_email,
        "idempotency_key": uuid.uuid4().hex,
    }
    transaction.on_commit(lambda: send_mail.delay(**payload))

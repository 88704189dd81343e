"""django-allauth adapters: allauth's mail goes through our Celery task, after commit."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.contrib.sites.shortcuts import get_current_site

from .mail import queue_mail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context_data: dict[str, Any]) -> None:
        """Render allauth's message as allauth would, then queue it instead of sending it.

        Side effects: one ``accounts.tasks.send_mail`` task per message, enqueued once the
        current transaction commits (at once outside a transaction). The rendered message
        holds a link with a one-time key, so it is rendered here, in the request, and only
        the finished text travels through the broker.
        """
        request = context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context_data)
        message = self.render_mail(template_prefix, email, ctx)
        html_body = None
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html_body = content
        if message.content_subtype == "html":
            # An HTML-only template set: send it as the HTML part with no plain-text body.
            html_body, body = message.body, ""
        else:
            body = message.body
        queue_mail(
            to=list(message.to),
            subject=message.subject,
            body=body,
            html_body=html_body,
            headers=dict(message.extra_headers),
            from_email=message.from_email,
        )

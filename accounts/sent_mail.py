"""The record of every message handed to the mail server, by the key it was queued with.

``accounts.mail.queue_mail`` gives each message an idempotency key when it is queued; the
sending task (``accounts.tasks.send_mail``) records the key in the same transaction as it
hands the message over, and sends nothing for a key already recorded. A task delivered twice
(a worker killed after sending but before acknowledging, the broker's redelivery after its
visibility timeout, a retry) therefore sends the message at most once. Only the key and the
time are kept: never an address, a subject or a body.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentMail(models.Model):
    key = models.CharField(_("idempotency key"), max_length=64, primary_key=True)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mail")

    def __str__(self) -> str:
        return self.key


#: Days a key is kept. A task can only be delivered again within the broker's visibility
#: timeout (CELERY_VISIBILITY_TIMEOUT, 45 s) plus its retries (minutes), so a month is far beyond any
#: redelivery; it also answers "was this mail sent?" for a month, should anyone ask.
KEEP_DAYS = 30


def prune_sent_mail(*, now) -> int:
    """Delete keys recorded more than ``KEEP_DAYS`` before ``now``; returns how many."""
    import datetime as dt

    deleted, _rows = SentMail.objects.filter(
        sent_at__lt=now - dt.timedelta(days=KEEP_DAYS)
    ).delete()
    return deleted

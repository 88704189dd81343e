"""The last submission number given out in each conference (issue 9, short locks)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .call import Conference


class SubmissionCounter(models.Model):
    """Locked only while the next number is taken (``cfp.domain.numbers``), in a transaction
    of its own, so that creating a submission never holds a conference-wide lock while its
    files are read, checked or stored. A number taken by a create that then fails is not
    given again: numbers may have gaps, never duplicates."""

    conference = models.OneToOneField(
        Conference, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last_number = models.PositiveIntegerField(_("last submission number"), default=0)

    class Meta:
        verbose_name = _("submission counter")

    def __str__(self) -> str:
        return f"{self.conference_id}: {self.last_number}"

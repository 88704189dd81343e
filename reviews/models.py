"""The committee. Bids, conflicts, assignments and reviews join this module in later issues."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cfp.models import Conference, Theme


class CommitteeMember(models.Model):
    class Role(models.TextChoices):
        REVIEWER = "reviewer", _("Reviewer")
        THEME_CHAIR = "theme_chair", _("Theme chair")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REVIEWER)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    max_load = models.PositiveSmallIntegerField(
        _("maximum submissions"),
        null=True,
        blank=True,
        help_text=_("Empty: the conference's default."),
    )

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(fields=["conference", "user"], name="committee_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

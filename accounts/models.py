"""The user: email is the login; names are stored as people write them."""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as django_timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .validators import normalise_orcid, validate_orcid


def timezone_choices() -> list[tuple[str, str]]:
    """The IANA time zones a person can choose, e.g. ``Asia/Yangon`` (from zoneinfo).

    A callable, so that a tzdata update changes the form, not the migrations.
    """
    zones = (
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [(name, name.replace("_", " ")) for name in sorted(zones)] + [("UTC", "UTC")]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"))
    full_name = models.CharField(
        _("full name"),
        max_length=300,
        blank=True,
        help_text=_(
            "Your name as you write it, in any script, e.g. “Aung San Suu Kyi” or “Nguyễn Thị Minh Khai”."
        ),
    )
    sort_name = models.CharField(
        _("name as sorted in an index"),
        max_length=300,
        blank=True,
        help_text=_(
            "Optional. How your name should be sorted in lists and the programme index, "
            "e.g. “Nguyen Thi Minh Khai” or “Suu Kyi, Aung San”. Leave empty to sort by your full name."
        ),
    )
    affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    country = CountryField(_("country"), blank=True)
    biography = models.TextField(_("short biography"), blank=True, max_length=2000)
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text=_("Optional, e.g. 0000-0002-1825-0097."),
    )
    pronouns = models.CharField(_("pronouns"), max_length=60, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        choices=timezone_choices,
        help_text=_("Optional. Deadlines are also shown in this time zone."),
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=django_timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_case_insensitive",
                violation_error_message=_("A user with this email address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)
        if self.orcid:
            self.orcid = normalise_orcid(self.orcid)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def index_name(self) -> str:
        """The key people are sorted by: what they chose, else their name as written."""
        return self.sort_name or self.full_name or self.email


# The record of sent mail (issue 9): its own module, imported here so Django registers it.
from .sent_mail import SentMail  # noqa: E402, F401

"""Organiser forms for the call: the conference's details and its listed items.

Every form takes ``conference=`` (keyword-only). Dates and times are typed and shown in the
conference's time zone, never the server's: see :class:`ConferenceDateTimeField`.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from functools import lru_cache

from allauth.core import ratelimit
from django import forms
from django.core.validators import MinValueValidator
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cfp.domain import call as domain_call
from cfp.domain.call import next_order
from cfp.models import Conference, ContributionType, GuidingQuestion, Organisation, Theme

logger = logging.getLogger(__name__)

#: The allauth rate limit (``ACCOUNT_RATE_LIMITS``) on account lookups by one organiser.
ORGANISER_LOOKUP = "cfp_organiser_lookup"

DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


@lru_cache(maxsize=1)
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(n for n in zoneinfo.available_timezones() if "/" in n or n == "UTC")
    return [(name, name.replace("_", " ")) for name in names]


class ConferenceDateTimeField(forms.DateTimeField):
    """A date and time typed in the conference's time zone.

    ``to_python`` keeps the value naive; the form attaches the time zone the organiser chose
    in the same submission (or the conference's current one) in ``clean()``. Initial values
    are shown in that zone by the form's ``__init__``.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT_FORMAT)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        # Django's DateTimeField would make it aware in the *server's* zone; undo that.
        result = super().to_python(value)
        return result.replace(tzinfo=None) if result is not None else None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ConferenceForm(forms.ModelForm):
    """The conference's details and dates. Validation is ``Conference.clean`` (date order)."""

    submission_opens = ConferenceDateTimeField(label=_("Submissions open"))
    submission_closes = ConferenceDateTimeField(label=_("Submission deadline"))
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        help_text=_("Deadlines and the programme are shown, and typed here, in this time zone."),
    )

    class Meta:
        model = Conference
        fields = [
            "title",
            "subtitle",
            "call_text",
            "venue",
            "city",
            "country",
            "start_date",
            "end_date",
            "timezone",
            "contact_email",
            "submission_opens",
            "submission_closes",
            "deadlines_anywhere_on_earth",
            "reviewing_opens",
            "review_deadline",
            "notification_date",
            "camera_ready_deadline",
            "blind_review",
            "reviews_per_submission",
            "reviewer_load",
            "max_upload_megabytes",
            "is_public",
            "show_theme_submission_counts",
        ]
        widgets = {
            "call_text": forms.Textarea(attrs={"rows": 16}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "reviewing_opens": DateInput(),
            "review_deadline": DateInput(),
            "notification_date": DateInput(),
            "camera_ready_deadline": DateInput(),
            "blind_review": forms.RadioSelect(),
        }

    def __init__(self, *args, conference: Conference, **kwargs):
        kwargs.setdefault("instance", conference)
        super().__init__(*args, **kwargs)
        self.conference = conference
        tz = conference.tz
        for name in ("submission_opens", "submission_closes"):
            value = getattr(conference, name)
            if value is not None:
                self.initial[name] = value.astimezone(tz).replace(tzinfo=None)
            self.fields[name].help_text = _("In the conference's time zone (%(tz)s).") % {
                "tz": conference.timezone
            }

    def save(self, commit: bool = True) -> Conference:
        """Through the domain (``cfp.domain.call.save_conference``)."""
        if not commit:
            return super().save(commit=False)
        return domain_call.save_conference(conference=self.instance)

    def clean(self):
        cleaned = super().clean()
        tz_name = cleaned.get("timezone") or self.conference.timezone
        tz = zoneinfo.ZoneInfo(tz_name)
        for name in ("submission_opens", "submission_closes"):
            value = cleaned.get(name)
            if value is not None and value.tzinfo is None:
                cleaned[name] = value.replace(tzinfo=tz)
        return cleaned


class _ConferenceItemForm(forms.ModelForm):
    """A theme, question, type or organisation of one conference; new ones go last."""

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.instance.conference = conference

    def save(self, commit: bool = True):
        """Through the domain (``cfp.domain.call.save_item``): a new item goes last."""
        if not commit:
            return super().save(commit=False)
        return domain_call.save_item(item=self.instance, conference=self.conference)


class _SluggedItemForm(_ConferenceItemForm):
    """Items with an address: the short name is made from the title when left empty."""

    title_field = "title"
    slug_fallback = "item"

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if not slug:
            slug = slugify(self.data.get(self.add_prefix(self.title_field), ""))[:70]
        if not slug:
            # Titles written only in Thai, Khmer, Lao, Burmese or Chinese have no ASCII slug.
            slug = f"{self.slug_fallback}-{next_order(type(self.instance), self.conference) + 1}"
        taken = (
            type(self.instance)
            .objects.filter(conference=self.conference, slug=slug)
            .exclude(pk=self.instance.pk)
        )
        if taken.exists():
            raise forms.ValidationError(
                gettext("Another item of this conference already uses the short name “%(slug)s”.")
                % {"slug": slug}
            )
        return slug


class ThemeForm(_SluggedItemForm):
    slug_fallback = "theme"

    class Meta:
        model = Theme
        fields = ["title", "slug", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "slug": _("Used in the theme's address. Leave empty to make one from the title.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False


class ContributionTypeForm(_SluggedItemForm):
    title_field = "name"
    slug_fallback = "type"

    class Meta:
        model = ContributionType
        fields = [
            "name",
            "slug",
            "description",
            "abstract_word_limit",
            "page_limit",
            "presentation_minutes",
            "requires_ethics_statement",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "slug": _("Used in the type's address. Leave empty to make one from the name.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        limits = {
            "abstract_word_limit": _("The abstract word limit must be at least 1 word."),
            "page_limit": _("The page limit must be at least 1 page."),
            "presentation_minutes": _("A presentation must last at least 1 minute."),
        }
        for name, message in limits.items():
            field = self.fields[name]
            # Say it in the form's words before the model's MinValueValidator(1) does.
            field.min_value = 1
            field.validators = [MinValueValidator(1)]
            field.error_messages["min_value"] = message
            field.widget.attrs["min"] = 1


class GuidingQuestionForm(_ConferenceItemForm):
    class Meta:
        model = GuidingQuestion
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class OrganisationForm(_ConferenceItemForm):
    url = forms.URLField(label=_("Web site"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "role", "url"]


# --- who runs a conference (cfp.domain.organisers)


class AddOrganiserForm(forms.Form):
    """Appoint an organiser by the email address of an existing account.

    The answer tells whether an address has a verified account, so lookups are limited per
    organiser (``ACCOUNT_RATE_LIMITS["cfp_organiser_lookup"]``, 10 an hour) and each one is
    logged with the organiser and the conference, never the address.
    """

    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "The address of their sala account, verified. People without an account must "
            "sign up and confirm their address first."
        ),
    )

    def __init__(self, *args, conference: Conference, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.request = request
        self.account = None

    def clean_email(self):
        from cfp.domain.organisers import find_account_with_verified_email

        email = self.cleaned_data["email"]
        by = self.request.user
        if not ratelimit.consume(self.request, action=ORGANISER_LOOKUP, user=by):
            logger.info(
                "Account lookup refused (rate limit): organiser %s, conference %s",
                by.pk,
                self.conference.slug,
            )
            raise forms.ValidationError(
                gettext(
                    "You have looked up too many addresses in the last hour. To protect "
                    "people's privacy, please try again later."
                )
            )
        logger.info("Account lookup: organiser %s, conference %s", by.pk, self.conference.slug)
        account = find_account_with_verified_email(email)
        if account is None:
            raise forms.ValidationError(
                gettext(
                    "No account has this verified address. Ask them to sign up and confirm "
                    "their address first, then add them here."
                )
            )
        if self.conference.organisers.filter(pk=account.pk).exists():
            raise forms.ValidationError(gettext("They are already an organiser."))
        self.account = account
        return email


class StepInForm(forms.Form):
    """A site administrator's reason for making themself an organiser (shown to organisers)."""

    reason = forms.CharField(
        label=_("Why do you step in?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The organisers receive it by email and see it on their organisers page, with "
            "your name and the time."
        ),
    )


class NewConferenceForm(ConferenceForm):
    """A new conference: its address, title, dates, time zone and submission window. The
    rest is filled in later in the organiser area (the details form)."""

    class Meta(ConferenceForm.Meta):
        fields = [
            "slug",
            "title",
            "start_date",
            "end_date",
            "timezone",
            "submission_opens",
            "submission_closes",
            "deadlines_anywhere_on_earth",
            "is_public",
        ]
        help_texts = {
            "slug": _("Used in every address of the conference, e.g. /c/mekong-2027/."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, conference=Conference(is_public=False), **kwargs)
        for name in ("submission_opens", "submission_closes"):
            self.fields[name].help_text = _("In the time zone chosen above.")

    def create(self, *, by) -> Conference:
        """Create the conference through the domain (the creator becomes its organiser)."""
        from cfp.domain.organisers import create_conference

        return create_conference(
            data={name: self.cleaned_data[name] for name in self._meta.fields}, by=by
        )

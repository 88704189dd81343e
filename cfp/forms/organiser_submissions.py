"""Organiser forms: filtering the list of submissions, reopening one, and custom questions."""

from __future__ import annotations

import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cfp.domain import questions as domain_questions
from cfp.forms.fields import ModelChoiceField, ModelMultipleChoiceField
from cfp.models import (
    Authorship,
    Conference,
    ContributionType,
    CustomQuestion,
    GuidingQuestion,
    Submission,
    SubmissionState,
    Theme,
)
from cfp.search import search_submissions

ALL_STATES = "all"
# The list's default: what came in and was not withdrawn.
ACTIVE_STATES = ""
# Drafts posted after the deadline and kept: the only drafts organisers see.
LATE_DRAFTS = "late_draft"


class SubmissionFilterForm(forms.Form):
    """The GET form above the organiser's list. Invalid values are ignored, not shown as errors
    (a stale bookmark still opens the list)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Title, abstract, keywords, author names and affiliations."),
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    contribution_type = ModelChoiceField(
        label=_("Contribution type"),
        queryset=ContributionType.objects.none(),
        required=False,
        empty_label=_("All types"),
    )
    theme = ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("All themes")
    )
    country = forms.ChoiceField(label=_("Author's country"), required=False)
    guiding_question = ModelChoiceField(
        label=_("Guiding question"),
        queryset=GuidingQuestion.objects.none(),
        required=False,
        empty_label=_("All guiding questions"),
    )

    def __init__(self, *args, conference: Conference, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.user = user
        self.fields["state"].choices = [
            (ACTIVE_STATES, _("Submitted, accepted or rejected")),
            *[
                (value, label)
                for value, label in SubmissionState.choices
                if value != SubmissionState.DRAFT
            ],
            (LATE_DRAFTS, _("Late drafts (posted after the deadline, not submitted)")),
            (ALL_STATES, _("All, including withdrawn and late drafts")),
        ]
        self.fields["contribution_type"].queryset = ContributionType.objects.filter(
            conference=conference
        )
        self.fields["theme"].queryset = Theme.objects.filter(conference=conference)
        self.fields["guiding_question"].queryset = GuidingQuestion.objects.filter(
            conference=conference
        )
        self.fields["guiding_question"].label_from_instance = lambda q: _short(q.text)
        self.fields["country"].choices = [("", _("All countries")), *self._countries()]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "submission-filters"
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("", _("Show"), css_class="btn-primary"))

    def _countries(self) -> list[tuple[str, str]]:
        # Only the countries named by authors of what the organiser may see (not drafts, not
        # all 249): the choices must not reveal anything of a private draft.
        visible = Submission.objects.for_organisers_of(self.conference, self.user)
        codes = (
            Authorship.objects.filter(submission__in=visible.values("pk"))
            .exclude(country="")
            .values_list("country", flat=True)
            .distinct()
            .order_by()
        )
        return sorted(((code, countries.name(code) or code) for code in codes), key=lambda c: c[1])

    def filter(self, queryset):
        """Apply the valid filters and the search to ``queryset`` (what the organiser may see)."""
        self.is_valid()
        data = self.cleaned_data
        state = data.get("state", ACTIVE_STATES)
        if state == ACTIVE_STATES:
            queryset = queryset.filter(state__in=SubmissionState.ACTIVE)
        elif state == LATE_DRAFTS:
            # ``queryset`` holds what organisers may see: its drafts are the late ones.
            queryset = queryset.filter(state=SubmissionState.DRAFT)
        elif state != ALL_STATES:
            queryset = queryset.filter(state=state)
        if data.get("contribution_type"):
            queryset = queryset.filter(contribution_type=data["contribution_type"])
        if data.get("theme"):
            queryset = queryset.filter(themes=data["theme"])
        if data.get("guiding_question"):
            queryset = queryset.filter(guiding_questions=data["guiding_question"])
        if data.get("country"):
            queryset = queryset.filter(
                pk__in=Authorship.objects.filter(country=data["country"]).values("submission")
            )
        return search_submissions(queryset, data.get("q", ""))


def _short(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class ReopenForm(forms.Form):
    """When a reopened submission closes again, in the conference's time zone."""

    until = forms.DateTimeField(
        label=_("Editable until"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, conference: Conference, now: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.now = now
        self.fields["until"].help_text = _("In the conference's time zone, %(tz)s.") % {
            "tz": conference.timezone
        }
        if not self.is_bound:
            self.initial.setdefault(
                "until", (now + dt.timedelta(days=3)).astimezone(conference.tz).replace(tzinfo=None)
            )

    def clean_until(self) -> dt.datetime:
        # The field read the value in the server's time zone; the organiser meant the
        # conference's.
        naive = timezone.make_naive(self.cleaned_data["until"])
        until = timezone.make_aware(naive, self.conference.tz)
        if until <= self.now:
            raise forms.ValidationError(_("Choose a time in the future."))
        return until


#: A choice list is sent with every submission form: keep it short (issue 8: a 2.5 MB list
#: made every form 7.8 MB).
MAX_CHOICES = 50
MAX_CHOICE_LENGTH = 200
MAX_CHOICES_LENGTH = 5000


class CustomQuestionForm(forms.ModelForm):
    class Meta:
        model = CustomQuestion
        fields = ["text", "help_text", "kind", "choices", "required", "contribution_types"]
        field_classes = {"contribution_types": ModelMultipleChoiceField}
        widgets = {
            "kind": forms.RadioSelect,
            "contribution_types": forms.CheckboxSelectMultiple,
            "choices": forms.Textarea(attrs={"rows": 4}),
            "text": forms.TextInput,
        }

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.fields["contribution_types"].queryset = ContributionType.objects.filter(
            conference=conference
        )
        self.fields["choices"].help_text = _(
            "Only for “one choice from a list”: one choice per line, at least two and at "
            "most %(count)d, each of at most %(length)d characters."
        ) % {"count": MAX_CHOICES, "length": MAX_CHOICE_LENGTH}
        self.fields["choices"].max_length = MAX_CHOICES_LENGTH
        self.fields["choices"].validators.append(MaxLengthValidator(MAX_CHOICES_LENGTH))
        self.fields["choices"].widget.attrs["maxlength"] = MAX_CHOICES_LENGTH
        self.helper = FormHelper()
        self.helper.add_input(Submit("", _("Save question"), css_class="btn-primary"))

    def clean(self):
        cleaned = super().clean()
        if "choices" in self.errors:
            return cleaned  # too long: the field says so, and keeps the text
        if cleaned.get("kind") == CustomQuestion.Kind.CHOICE:
            lines = [line.strip() for line in cleaned.get("choices", "").splitlines()]
            lines = [line for line in lines if line]
            if len(lines) < 2:
                self.add_error("choices", _("Give at least two choices, one per line."))
            elif len(lines) > MAX_CHOICES:
                self.add_error(
                    "choices",
                    _("Give at most %(max)d choices (there are %(count)d).")
                    % {"max": MAX_CHOICES, "count": len(lines)},
                )
            elif any(len(line) > MAX_CHOICE_LENGTH for line in lines):
                self.add_error(
                    "choices",
                    _("Keep each choice to %(max)d characters at most.")
                    % {"max": MAX_CHOICE_LENGTH},
                )
            elif len(set(lines)) != len(lines):
                self.add_error("choices", _("Each choice may appear only once."))
            cleaned["choices"] = "\n".join(lines)
        else:
            cleaned["choices"] = ""
        return cleaned

    def save(self, commit: bool = True) -> CustomQuestion:
        """Through the domain (``cfp.domain.questions.save_question``)."""
        question = super().save(commit=False)
        if not commit:
            return question
        return domain_questions.save_question(
            question=question,
            conference=self.conference,
            contribution_types=list(self.cleaned_data.get("contribution_types") or []),
        )

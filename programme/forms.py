"""Forms of the camera-ready page, the visa letter request and the organisers' decisions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.text import MultiLineField, SingleLineField
from cfp.forms.submission import TITLE_MAX_LENGTH, abstract_max_chars
from cfp.wordcount import count_words

from .models import BIO_MAX_CHARS, VisaLetterRequest

YES, NO = "yes", "no"


class CameraReadyForm(forms.Form):
    title = SingleLineField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    abstract = MultiLineField(label=_("Abstract"), widget=forms.Textarea(attrs={"rows": 8}))
    file = forms.FileField(
        label=_("Final version (PDF)"),
        required=False,
        help_text=_("Leave empty to keep the file you uploaded before."),
    )
    presenter = forms.TypedChoiceField(label=_("Who presents the paper"), coerce=int)
    attends = forms.ChoiceField(
        label=_("Does the presenter attend in person?"),
        choices=[(YES, _("Yes")), (NO, _("No"))],
        widget=forms.RadioSelect,
    )
    bio = MultiLineField(
        label=_("Short biography of the presenter, for the programme"),
        max_length=BIO_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args, submission, authorships, has_file: bool, revisions: str | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.submission = submission
        # The decision required revisions (programme.domain.required_revisions): the editors
        # must say how this version addresses them.
        self.revisions = revisions
        if revisions is not None:
            self.fields["revisions_response"] = MultiLineField(
                label=_("How this version addresses the required revisions"),
                help_text=_(
                    "Take each required revision in turn and say what you changed, or why not."
                ),
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 8}),
                error_messages={
                    "required": _("Say how this version addresses each of the required revisions.")
                },
            )
        self.authorships = authorships
        self.has_file = has_file
        ctype = submission.contribution_type
        self.word_limit = ctype.abstract_word_limit if ctype else None
        self.abstract_max_chars = abstract_max_chars([ctype] if ctype else [])
        self.fields["presenter"].choices = [(a.pk, a.full_name) for a in authorships]
        for a in authorships:
            self.fields[f"public_{a.pk}"] = forms.BooleanField(
                label=_("%(name)s: name and affiliation may be printed in public")
                % {"name": a.full_name},
                required=False,
            )

    def public_fields(self):
        return [self[f"public_{a.pk}"] for a in self.authorships]

    def clean_abstract(self) -> str:
        abstract = self.cleaned_data["abstract"]
        if len(abstract) > self.abstract_max_chars:
            raise forms.ValidationError(
                _("This abstract has %(count)d characters; at most %(max)d can be saved.")
                % {"count": len(abstract), "max": self.abstract_max_chars}
            )
        if self.word_limit and count_words(abstract) > self.word_limit:
            raise forms.ValidationError(
                _("This abstract has %(count)d words; at most %(max)d are allowed.")
                % {"count": count_words(abstract), "max": self.word_limit}
            )
        return abstract

    def clean(self):
        data = super().clean()
        if not data.get("file") and not self.has_file and "file" not in self.errors:
            self.add_error("file", _("Upload the final version of your paper (PDF)."))
        return data

    def public_choices(self) -> dict[int, bool]:
        return {a.pk: bool(self.cleaned_data.get(f"public_{a.pk}")) for a in self.authorships}


class VisaLetterForm(forms.ModelForm):
    passport_name = SingleLineField(label=_("Name as in the passport"), max_length=200)
    nationality = SingleLineField(label=_("Nationality"), max_length=100)
    passport_number = SingleLineField(label=_("Passport number"), max_length=40)

    class Meta:
        model = VisaLetterRequest
        fields = ["passport_name", "nationality", "passport_number", "travel_from", "travel_to"]
        widgets = {
            "travel_from": forms.DateInput(attrs={"type": "date"}),
            "travel_to": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("travel_from"), data.get("travel_to")
        if start and end and end < start:
            self.add_error("travel_to", _("The departure cannot be before the arrival."))
        return data


class VisaDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = MultiLineField(label=_("Reason (if declined)"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the letter is declined."))
        return data


class PublishForm(forms.Form):
    note = MultiLineField(
        label=_("Note for readers (optional)"),
        help_text=_("What changed, in a sentence or two. Shown with the version's changes."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""Forms of the decisions part: a decision, a bulk decision, a notification template, the
author response."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import notifications
from ..models import Outcome


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    required_revisions = forms.CharField(
        label=_("Required revisions"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For “accept with required revisions”: the final version must address these."),
    )

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcomes

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == Outcome.ACCEPT_WITH_REVISIONS
            and not data.get("required_revisions", "").strip()
        ):
            self.add_error("required_revisions", _("Say which revisions are required."))
        return data


class BulkDecisionForm(forms.Form):
    """The outcome of a bulk decision; the submission ids are read (and each checked) by the
    view, from whichever page posted them."""

    outcome = forms.ChoiceField(label=_("Decision"))

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (value, label) for value, label in outcomes if value != Outcome.ACCEPT_WITH_REVISIONS
        ]


def _check_placeholders(value: str) -> str:
    unknown = notifications.unknown_placeholders(value)
    if unknown:
        raise forms.ValidationError(
            _("Unknown placeholders: %(names)s. Allowed: %(allowed)s."),
            params={
                "names": ", ".join(unknown),
                "allowed": ", ".join("{" + k + "}" for k in notifications.PLACEHOLDERS),
            },
        )
    return value


class NotificationTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), max_length=20000, widget=forms.Textarea(attrs={"rows": 16})
    )

    def clean_subject(self):
        return _check_placeholders(self.cleaned_data["subject"])

    def clean_body(self):
        return _check_placeholders(self.cleaned_data["body"])


class AuthorResponseForm(forms.Form):
    text = forms.CharField(
        label=_("Your response"), max_length=40000, widget=forms.Textarea(attrs={"rows": 12})
    )

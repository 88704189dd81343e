"""Forms of the chair's cockpit and the committee's discussion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cfp.models import ContributionType

from ..models import DiscussionPost, MetaReview

SORT_CHOICES = [
    ("score", _("Normalised score (highest first)")),
    ("-score", _("Normalised score (lowest first)")),
    ("mean", _("Mean recommendation (highest first)")),
    ("-mean", _("Mean recommendation (lowest first)")),
    ("weighted", _("Confidence-weighted mean (highest first)")),
    ("-weighted", _("Confidence-weighted mean (lowest first)")),
    ("spread", _("Spread (largest first)")),
    ("-spread", _("Spread (smallest first)")),
    ("reviews", _("Number of reviews (most first)")),
    ("-reviews", _("Number of reviews (fewest first)")),
    ("title", _("Title (A to Z)")),
    ("-title", _("Title (Z to A)")),
]


class RankingFilterForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=None, required=False, label=_("Theme"))
    contribution_type = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Contribution type")
    )
    flagged = forms.BooleanField(required=False, label=_("Only strong disagreement"))
    completeness = forms.ChoiceField(
        required=False,
        label=_("Reviews"),
        choices=[
            ("", _("All")),
            ("complete", _("All assigned reviews submitted")),
            ("incomplete", _("Reviews missing")),
        ],
    )
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, label=_("Sort by"))

    def __init__(self, data, *, conference, themes):
        super().__init__(data)
        self.fields["theme"].queryset = themes
        self.fields["contribution_type"].queryset = ContributionType.objects.filter(
            conference=conference
        )

    @staticmethod
    def defaults() -> dict:
        return {
            "theme_id": None,
            "type_id": None,
            "flagged": False,
            "completeness": "",
            "sort": "score",
        }

    def options(self) -> dict:
        """The valid filters (an invalid one is ignored, as if not given)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "theme_id": data["theme"].pk if data.get("theme") else None,
            "type_id": data["contribution_type"].pk if data.get("contribution_type") else None,
            "flagged": bool(data.get("flagged")),
            "completeness": data.get("completeness") or "",
            "sort": data.get("sort") or "score",
        }


class RemindForm(forms.Form):
    reviewer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    everyone = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PostForm(forms.ModelForm):
    class Meta:
        model = DiscussionPost
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5, "maxlength": 5000})}
        help_texts = {
            "text": _("Plain text or Markdown (links, emphasis, lists); 5,000 characters at most.")
        }

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) > 5000:
            raise forms.ValidationError(_("Please keep a message under 5,000 characters."))
        if not text:
            raise forms.ValidationError(_("The message is empty."))
        return text


class MetaReviewForm(forms.ModelForm):
    class Meta:
        model = MetaReview
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "text": _(
                "The summary of the reviews that the authors receive with the decision, once "
                "decisions are released. Plain text or Markdown. Leave empty to remove it."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False

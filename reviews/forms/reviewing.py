"""Forms of the reviewing part: a criterion of the review form, the review itself, declining
an assignment, reopening a review, the reviewing switches. Each save goes through
``reviews.domain.reviewing``."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cfp import deadlines
from cfp.models import Conference, ContributionType

from ..domain import reviewing as domain
from ..models import Confidence, Recommendation, ReviewCriterion


class CriterionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=domain.NAME_MAX)
    guidance = forms.CharField(
        label=gettext_lazy("Guidance for reviewers"),
        max_length=domain.GUIDANCE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scale = forms.CharField(
        label=gettext_lazy("Scale"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "One label a line, lowest first, from 2 to 10 lines of at most 100 characters; "
            "the points are numbered from 1."
        ),
    )
    required = forms.BooleanField(
        label=gettext_lazy("Reviewers must score it to submit"), required=False, initial=True
    )
    weight = forms.FloatField(
        label=gettext_lazy("Weight"),
        min_value=0,
        max_value=10,
        initial=1.0,
        help_text=gettext_lazy("How much it counts in the weighted score (0 to 10)."),
    )
    contribution_types = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Contribution types"),
        queryset=ContributionType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: the criterion is on every type's form."),
    )

    def __init__(
        self, *args, conference: Conference, criterion: ReviewCriterion | None = None, **kwargs
    ):
        self.conference = conference
        self.criterion = criterion
        if criterion is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": criterion.name,
                "guidance": criterion.guidance,
                "scale": "\n".join(p["label"] for p in criterion.scale),
                "required": criterion.required,
                "weight": criterion.weight,
                "contribution_types": list(criterion.contribution_types.all()),
            }
        elif "initial" not in kwargs:
            kwargs["initial"] = {
                "scale": "\n".join(
                    p["label"] for p in ReviewCriterion._meta.get_field("scale").get_default()
                )
            }
        super().__init__(*args, **kwargs)
        self.fields["contribution_types"].queryset = conference.contribution_types.all()

    def clean_scale(self) -> list[dict]:
        labels = [line.strip() for line in self.cleaned_data["scale"].splitlines() if line.strip()]
        if len(labels) < domain.SCALE_MIN_POINTS or len(labels) > domain.SCALE_MAX_POINTS:
            raise forms.ValidationError(
                _("Give from %(min)d to %(max)d labels, one a line (you gave %(n)d).")
                % {"min": domain.SCALE_MIN_POINTS, "max": domain.SCALE_MAX_POINTS, "n": len(labels)}
            )
        too_long = [label for label in labels if len(label) > domain.LABEL_MAX]
        if too_long:
            raise forms.ValidationError(
                _("A label has at most %(max)d characters: “%(label)s…” is longer.")
                % {"max": domain.LABEL_MAX, "label": too_long[0][:30]}
            )
        return domain.scale_from_labels(labels)

    def save(self) -> ReviewCriterion:
        data = self.cleaned_data
        return domain.save_criterion(
            conference=self.conference,
            criterion=self.criterion,
            name=data["name"],
            guidance=data["guidance"],
            scale=data["scale"],
            required=data["required"],
            weight=data["weight"],
            contribution_types=list(data["contribution_types"]),
        )


def score_field_name(criterion: ReviewCriterion) -> str:
    return f"score_{criterion.pk}"


class ReviewForm(forms.Form):
    """The review: one radio group per criterion of the paper's form, the recommendation,
    confidence and the two comments. Every field is optional for a draft; ``submit=True``
    demands the required criteria, the recommendation, confidence and comments to authors.
    """

    recommendation = forms.TypedChoiceField(
        label=gettext_lazy("Overall recommendation"),
        choices=list(reversed(Recommendation.choices)),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    confidence = forms.TypedChoiceField(
        label=gettext_lazy("Your confidence"),
        choices=list(reversed(Confidence.choices)),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comments_to_authors = forms.CharField(
        label=gettext_lazy("Comments to the authors"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy(
            "The authors read these once the organisers release them, without your name."
        ),
    )
    confidential_comments = forms.CharField(
        label=gettext_lazy("Confidential comments to the committee"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Never shown to the authors."),
    )

    def __init__(self, *args, criteria: list[ReviewCriterion], submit: bool = False, **kwargs):
        self.criteria = criteria
        self.submit = submit
        super().__init__(*args, **kwargs)
        score_fields = {}
        for criterion in criteria:
            score_fields[score_field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.guidance,
                choices=[(p["value"], f"{p['value']} · {p['label']}") for p in criterion.scale],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        # The criteria first, in the organisers' order, then the overall judgement.
        self.fields = {**score_fields, **self.fields}

    @classmethod
    def initial_from(cls, review) -> dict:
        if review is None:
            return {}
        initial = {
            "recommendation": review.recommendation,
            "confidence": review.confidence,
            "comments_to_authors": review.comments_to_authors,
            "confidential_comments": review.confidential_comments,
        }
        for score in review.scores.all():
            initial[f"score_{score.criterion_id}"] = score.value
        return initial

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(score_field_name(c)) for c in self.criteria}

    def clean(self):
        cleaned = super().clean()
        if self.submit:
            for criterion in self.criteria:
                name = score_field_name(criterion)
                if criterion.required and cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Score this criterion to submit."))
            for name, message in (
                ("recommendation", _("Choose a recommendation to submit.")),
                ("confidence", _("Say how confident you are to submit.")),
            ):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, message)
            if not (cleaned.get("comments_to_authors") or "").strip() and (
                "comments_to_authors" not in self.errors
            ):
                self.add_error("comments_to_authors", _("Write your comments to submit."))
        return cleaned

    def save(self, *, submission, reviewer):
        data = self.cleaned_data
        return domain.save_review(
            submission=submission,
            reviewer=reviewer,
            scores=self.scores(),
            recommendation=data.get("recommendation"),
            confidence=data.get("confidence"),
            comments_to_authors=data.get("comments_to_authors") or "",
            confidential_comments=data.get("confidential_comments") or "",
            submit=self.submit,
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you decline?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "The chair reads it, e.g. a conflict you had not declared, or no time."
        ),
    )


class ReopenForm(forms.Form):
    until = forms.DateField(
        label=gettext_lazy("Editable until the end of"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("A day in the conference's time zone."),
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        self.conference = conference
        super().__init__(*args, **kwargs)

    def until_instant(self) -> dt.datetime:
        return deadlines.date_deadline(self.cleaned_data["until"], self.conference)


class ReviewingSettingsForm(forms.Form):
    others_reviews_after_own = forms.BooleanField(
        label=gettext_lazy(
            "Reviewers see the other reviews of a paper once they have submitted their own"
        ),
        required=False,
        help_text=gettext_lazy(
            "Off: reviewers never see each other's reviews. Never shown to a conflicted "
            "reviewer either way."
        ),
    )

"""Conflicts of interest: the authors' declaration, the chairs' page per submission, the
conference's list with the automatic refresh, the affinity settings and "why this score".

Access (reviews/rules.py): authors' page, ``reviews.declare_author_conflicts`` (the
submission's editors; 404 to anyone who may not read the submission); chairs' pages,
``reviews.manage_submission`` (organisers, and theme chairs for their themes; never a
conflicted one: 404, the submission's committee work is not theirs to know of) behind the
organisers' MFA gate; the refresh and the settings, organisers only.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from cfp.access import organiser_mfa_gate
from cfp.models import Conference, Submission
from cfp.rules import allowed

from .. import affinity, queries
from ..domain import bids as bids_domain
from ..domain import conflicts as domain
from ..models import AssignmentSettings, CommitteeMember, Conflict, ConflictChange, ConflictReason

# --- Access helpers (shared with reviews.views.bidding).


def conference_or_404(request, slug: str) -> Conference:
    conference = get_object_or_404(Conference, slug=slug)
    if not conference.is_public and not (
        allowed(request.user, "cfp.organise_conference", conference)
        or queries.committee_of(conference).filter(user_id=request.user.pk).exists()
    ):
        raise Http404
    return conference


def chair_conference(request, slug: str, perm: str = "reviews.manage_committee") -> Conference:
    """The conference if ``request.user`` holds ``perm`` on it: 404 for an unpublished one,
    403 otherwise."""
    conference = get_object_or_404(Conference, slug=slug)
    if not allowed(request.user, perm, conference):
        if not conference.is_public:
            raise Http404
        raise PermissionDenied
    return conference


def managed_submission(request, conference: Conference, number: int) -> Submission:
    """The submission if ``request.user`` manages its committee work, else 404."""
    submission = get_object_or_404(Submission.objects.filter(conference=conference), number=number)
    if not allowed(request.user, "reviews.manage_submission", submission):
        raise Http404
    return submission


def people_choices(conference) -> list[tuple[int, str]]:
    """Committee members and organisers, as (user id, "Name — Affiliation")."""
    ids = set(queries.committee_of(conference).values_list("user_id", flat=True)) | set(
        conference.organisers.values_list("pk", flat=True)
    )
    people = User.objects.filter(pk__in=ids).order_by("full_name", "pk")
    return [
        (
            p.pk,
            f"{p.full_name or p.email} — {p.affiliation}"
            if p.affiliation
            else p.full_name or p.email,
        )
        for p in people
    ]


# --- The authors' declaration.


@login_required
@require_http_methods(["GET", "POST"])
def author_conflicts(request, conference, reference):
    # Authors name a submission by its reference, never the organisers' number.
    submission = get_object_or_404(
        Submission.objects.visible_to(request.user),
        conference__slug=conference,
        reference=reference,
    )
    if not allowed(request.user, "reviews.declare_author_conflicts", submission):
        raise PermissionDenied(_("Only the submission's editors may declare its conflicts."))
    members = list(
        User.objects.filter(
            pk__in=queries.committee_of(submission.conference).values("user_id")
        ).order_by("full_name", "pk")
    )
    declared = dict(
        Conflict.objects.filter(submission=submission, source=Conflict.Source.AUTHOR).values_list(
            "user_id", "reason"
        )
    )
    choices = domain.declarable_reason_choices()
    if request.method == "POST":
        valid = {value for value, _label in choices}
        wanted = {}
        for member in members:
            reason = request.POST.get(f"reason-{member.pk}", "")
            if reason in valid:
                wanted[member.pk] = reason
        domain.declare_author_conflicts(submission=submission, by=request.user, declared=wanted)
        messages.success(request, _("Your declared conflicts are saved."))
        return redirect(submission)
    rows = [(member, declared.get(member.pk, "")) for member in members]
    return render(
        request,
        "reviews/conflicts/author.html",
        {
            "conference": submission.conference,
            "submission": submission,
            "rows": rows,
            "choices": choices,
        },
    )


def author_conflicts_link(submission, user) -> list[tuple[str, str]]:
    """For cfp's submission page (``cfp.submission_links``): the link, for its editors."""
    if allowed(user, "reviews.declare_author_conflicts", submission):
        url = reverse(
            "reviews:author_conflicts",
            kwargs={"conference": submission.conference.slug, "reference": submission.reference},
        )
        return [(_("Conflicts of interest with the committee"), url)]
    return []


# --- Chairs.


class AddConflictForm(forms.Form):
    person = forms.TypedChoiceField(label=gettext_lazy("Person"), coerce=int)
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=ConflictReason.choices)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people


class RemoveConflictForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=gettext_lazy("Reason for removing"), max_length=500)


def _chair_gate(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    return None


@require_http_methods(["GET", "POST"])
def submission_conflicts(request, conference, number):
    if (response := _chair_gate(request)) is not None:
        return response
    conference = chair_conference(request, conference)
    submission = managed_submission(request, conference, number)
    if (response := organiser_mfa_gate(request)) is not None:
        return response
    people = people_choices(conference)
    form = AddConflictForm(people=people)
    remove_form = RemoveConflictForm()
    if request.method == "POST":
        people_ids = {pk for pk, _label in people}
        if request.POST.get("action") == "remove":
            remove_form = RemoveConflictForm(request.POST)
            if remove_form.is_valid() and remove_form.cleaned_data["person"] in people_ids:
                domain.remove_conflict(
                    submission=submission,
                    user=User.objects.get(pk=remove_form.cleaned_data["person"]),
                    note=remove_form.cleaned_data["note"],
                    by=request.user,
                )
                messages.success(request, _("The conflict is removed."))
                return redirect(request.path)
        else:
            form = AddConflictForm(request.POST, people=people)
            if form.is_valid():
                domain.add_conflict(
                    submission=submission,
                    user=User.objects.get(pk=form.cleaned_data["person"]),
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
                messages.success(request, _("The conflict is recorded."))
                if form.cleaned_data["person"] == request.user.pk:
                    # Conflicted now: this page is no longer theirs.
                    return redirect("reviews:conflicts", conference=conference.slug)
                return redirect(request.path)
    conflicts = (
        Conflict.objects.filter(submission=submission)
        .select_related("user", "created_by", "waived_by")
        .order_by("waived_at", "user__full_name", "source")
    )
    changes = ConflictChange.objects.filter(submission=submission).select_related("user", "by")
    return render(
        request,
        "reviews/conflicts/submission.html",
        {
            "conference": conference,
            "submission": submission,
            "conflicts": conflicts,
            "changes": changes,
            "form": form,
            "remove_form": remove_form,
            "members": queries.committee_of(conference)
            .select_related("user")
            .order_by("user__full_name", "pk"),
        },
    )


def conference_conflicts(request, conference):
    """The submissions whose committee work the person manages, with their conflicts."""
    if (response := _chair_gate(request)) is not None:
        return response
    conference = chair_conference(request, conference)
    if (response := organiser_mfa_gate(request)) is not None:
        return response
    domain.ensure_fresh(conference)
    standing = (
        Conflict.objects.filter(submission=OuterRef("pk"), waived_at__isnull=True)
        .order_by()
        .values("submission")
        .annotate(n=Count("pk"))
        .values("n")
    )
    submissions = (
        queries.managed_submissions(request.user, conference)
        .annotate(conflict_count=Coalesce(Subquery(standing), 0))
        .order_by("number")
    )
    page = Paginator(submissions, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/conflicts/conference.html",
        {
            "conference": conference,
            "page": page,
            "can_refresh": allowed(request.user, "cfp.organise_conference", conference),
        },
    )


@login_required
@require_POST
def refresh_conflicts(request, conference):
    if (response := _chair_gate(request)) is not None:
        return response
    conference = chair_conference(request, conference, "cfp.organise_conference")
    if (response := organiser_mfa_gate(request)) is not None:
        return response
    result = domain.refresh_automatic_conflicts(conference)
    messages.success(
        request,
        _("Automatic conflicts checked: %(added)d found, %(removed)d no longer hold.")
        % {"added": result.added, "removed": result.removed},
    )
    return redirect("reviews:conflicts", conference=conference.slug)


# --- The affinity settings and "why this score".


class AffinitySettingsForm(forms.ModelForm):
    class Meta:
        model = AssignmentSettings
        fields = [
            "weight_bid",
            "weight_theme",
            "weight_text",
            "public_mail_domains",
            "bidding_open",
        ]
        widgets = {"public_mail_domains": forms.Textarea(attrs={"rows": 8})}


@require_http_methods(["GET", "POST"])
def affinity_settings(request, conference):
    if (response := _chair_gate(request)) is not None:
        return response
    conference = chair_conference(request, conference, "reviews.change_assignment_settings")
    if (response := organiser_mfa_gate(request)) is not None:
        return response
    settings_row, _created = AssignmentSettings.objects.get_or_create(conference=conference)
    form = AffinitySettingsForm(request.POST or None, instance=settings_row)
    if request.method == "POST" and form.is_valid():
        bids_domain.update_affinity_settings(
            settings_row=settings_row, changes=form.cleaned_data, by=request.user
        )
        messages.success(request, _("The settings are saved."))
        return redirect(request.path)
    return render(
        request,
        "reviews/conflicts/affinity_settings.html",
        {"conference": conference, "form": form},
    )


def why_score(request, conference, number, user_id):
    if (response := _chair_gate(request)) is not None:
        return response
    conference = chair_conference(request, conference)
    submission = managed_submission(request, conference, number)
    if (response := organiser_mfa_gate(request)) is not None:
        return response
    member = get_object_or_404(
        CommitteeMember.objects.select_related("user"), conference=conference, user_id=user_id
    )
    explanation = affinity.explain_pair(conference, member, submission)
    labels = {
        "bid": _("Bid"),
        "theme": _("Theme match"),
        "text": _("Textual similarity of the expertise"),
    }
    rows = [
        (
            labels[name],
            explanation.raw[name],
            explanation.weights[name],
            explanation.parts[name],
        )
        for name in affinity.PART_NAMES
    ]
    return render(
        request,
        "reviews/conflicts/why_score.html",
        {
            "conference": conference,
            "submission": submission,
            "member": member,
            "explanation": explanation,
            "rows": rows,
            "conflicted": domain.is_conflicted(user_id=member.user_id, submission_id=submission.pk),
        },
    )

"""Bidding: the committee member's list of papers with one-click preferences, the conflict
form, and the chairs' overview of bids.

One click saves a bid: with JavaScript, htmx posts the row's form and swaps in the row the
server answers (``HX-Request`` header → the row alone); without, the same form posts and
the answer redirects back to the same page, filter and paper (``next`` + ``#s-<number>``).
Access: ``reviews.bid_on_submission`` (committee members; never their own or a conflicted
paper: 404); the overview, ``reviews.manage_committee`` over the submissions the person
manages (a conflicted paper's bids are never counted for them).
"""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cfp.access import organiser_mfa_gate
from cfp.models import Authorship, Submission
from cfp.rules import allowed

from .. import affinity, queries
from ..domain import bids as domain
from ..domain import conflicts as conflicts_domain
from ..models import AssignmentSettings, Bid, CommitteeMember
from .conflicts import chair_conference, conference_or_404

PAGE_SIZE = 25
#: The one-click choices; "conflict" asks for a reason on its own page.
CLICK_CHOICES = [
    (Bid.Preference.EAGER, gettext_lazy("Eager")),
    (Bid.Preference.WILLING, gettext_lazy("Willing")),
    (Bid.Preference.NEUTRAL, gettext_lazy("Neutral")),
    (Bid.Preference.NOT_WILLING, gettext_lazy("Not willing")),
]


def _is_htmx(request) -> bool:
    # django-htmx's middleware sets request.htmx from the HX-Request header.
    return bool(getattr(request, "htmx", False))


def _member_or_403(request, conference) -> CommitteeMember:
    member = (
        CommitteeMember.objects.filter(conference=conference, user=request.user)
        .only("pk", "user_id", "expertise", "keywords")
        .first()
    )
    if member is None:
        raise PermissionDenied(_("Bidding is for the committee."))
    return member


def _list_url(conference, query: str = "") -> str:
    url = reverse("reviews:bidding", kwargs={"conference": conference.slug})
    return f"{url}?{query}" if query else url


def _safe_next(request, conference) -> str:
    """The bidding list address the form came from (page, filter, sort), or the list."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    base = _list_url(conference)
    if (
        candidate.startswith(base)
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
        and "\n" not in candidate
    ):
        return candidate
    return base


def _expertise_ranking(conference, member, submissions) -> dict[int, float]:
    """``affinity.expertise_scores`` for the member, cached while neither the submissions
    nor the member's profile change (the order does not move as they bid)."""
    stamp = submissions.aggregate(n=Count("pk"), last=Max("modified"))
    themes = sorted(member.expertise_themes.values_list("pk", flat=True))
    digest = hashlib.sha256(
        repr((member.expertise, member.keywords, themes, stamp["n"], str(stamp["last"]))).encode()
    ).hexdigest()[:24]
    key = f"reviews:bid-ranking:{conference.pk}:{member.pk}:{digest}"
    scores = cache.get(key)
    if scores is None:
        scores = affinity.expertise_scores(conference, member, submissions=submissions)
        cache.set(key, scores, 600)
    return scores


def _page_rows(conference, user, ids: list[int]) -> list[Submission]:
    """The page's submissions, in the order of ``ids``, with what a row shows: a constant
    number of queries whatever the page size."""
    prefetches = ["themes"]
    if not conference.is_double_blind:
        prefetches.append(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.only(
                    "pk", "submission_id", "full_name", "affiliation", "order"
                ),
            )
        )
    rows = Submission.objects.filter(pk__in=ids).select_related("contribution_type")
    by_id = {s.pk: s for s in rows.prefetch_related(*prefetches)}
    bids = dict(
        Bid.objects.filter(user=user, submission_id__in=ids).values_list(
            "submission_id", "preference"
        )
    )
    out = []
    for pk in ids:
        submission = by_id.get(pk)
        if submission is not None:
            submission.my_bid = bids.get(pk, Bid.Preference.NEUTRAL)
            submission.has_bid = pk in bids
            submission.match = None
            out.append(submission)
    return out


def _row_context(conference, submission, next_url, *, saved=False) -> dict:
    return {
        "conference": conference,
        "s": submission,
        "choices": CLICK_CHOICES,
        "next_url": next_url,
        "show_authors": not conference.is_double_blind,
        "saved": saved,
    }


def bidding(request, conference):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    conference = conference_or_404(request, conference)
    member = _member_or_403(request, conference)
    now = timezone.now()
    settings_row = AssignmentSettings.objects.filter(conference=conference).first()
    is_open = domain.bidding_is_open(conference, now, settings_row)
    context = {"conference": conference, "is_open": is_open}
    if not is_open:
        return render(request, "reviews/bidding/list.html", context)
    # A paper that came in (or a member who joined) since the last check must not reach a
    # conflicted reviewer before a chair presses the refresh button.
    conflicts_domain.ensure_fresh(conference)

    themes = list(conference.themes.order_by("order", "pk").values_list("pk", "title"))
    types = list(conference.contribution_types.order_by("pk").values_list("pk", "name"))
    theme = request.GET.get("theme", "")
    ctype = request.GET.get("type", "")
    unbid = request.GET.get("unbid") == "1"
    sort = request.GET.get("sort", "number")
    biddable = queries.biddable_submissions(request.user, conference)
    filtered = biddable
    if theme.isdigit():
        filtered = filtered.filter(themes=int(theme))
    if ctype.isdigit():
        filtered = filtered.filter(contribution_type_id=int(ctype))
    if unbid:
        filtered = filtered.exclude(
            Exists(Bid.objects.filter(user=request.user, submission=OuterRef("pk")))
        )
    ids = list(filtered.order_by("number").values_list("pk", flat=True).distinct())
    scores = {}
    if sort == "affinity":
        scores = _expertise_ranking(conference, member, biddable)
        ids.sort(key=lambda pk: -scores.get(pk, 0.0))  # stable: ties keep the number order
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _page_rows(conference, request.user, list(page.object_list))
    for row in rows:
        row.match = scores.get(row.pk)
    query = request.GET.copy()
    query.pop("page", None)
    here = request.get_full_path()
    context.update(
        {
            "page": page,
            "rows": rows,
            "themes": themes,
            "types": types,
            "theme": theme,
            "ctype": ctype,
            "unbid": unbid,
            "sort": sort,
            "query": query.urlencode(),
            "next_url": here,
            "choices": CLICK_CHOICES,
            "show_authors": not conference.is_double_blind,
        }
    )
    return render(request, "reviews/bidding/list.html", context)


def _biddable_or_404(request, conference, number) -> Submission:
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(queries.biddable_submissions(request.user, conference), number=number)


@login_required
@require_POST
def bid(request, conference, number):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("reviews:bidding", kwargs={"conference": conference}))
    conference = conference_or_404(request, conference)
    _member_or_403(request, conference)
    submission = _biddable_or_404(request, conference, number)
    next_url = _safe_next(request, conference)
    preference = request.POST.get("preference", "")
    try:
        domain.set_bid(
            submission=submission, user=request.user, preference=preference, now=timezone.now()
        )
    except domain.BiddingClosed as exc:
        raise PermissionDenied(_("Bidding is closed.")) from exc
    except ValueError:
        if _is_htmx(request):
            return render(
                request,
                "reviews/bidding/_row.html",
                _row_context(
                    conference, _page_rows(conference, request.user, [submission.pk])[0], next_url
                ),
                status=400,
            )
        messages.error(request, _("Choose one of the preferences."))
        return redirect(f"{next_url}#s-{submission.number}")
    if _is_htmx(request):
        row = _page_rows(conference, request.user, [submission.pk])[0]
        return render(
            request,
            "reviews/bidding/_row.html",
            _row_context(conference, row, next_url, saved=True),
        )
    messages.success(
        request,
        _("Saved: #%(number)s, %(preference)s.")
        % {"number": submission.number, "preference": Bid.Preference(preference).label},
    )
    return redirect(f"{next_url}#s-{submission.number}")


class DeclareConflictForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"),
        choices=conflicts_domain.declarable_reason_choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note for the chairs (optional)"), max_length=500, required=False
    )


@require_http_methods(["GET", "POST"])
def declare_conflict(request, conference, number):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    conference = conference_or_404(request, conference)
    _member_or_403(request, conference)
    submission = _biddable_or_404(request, conference, number)
    if not domain.bidding_is_open(conference, timezone.now()):
        raise PermissionDenied(_("Bidding is closed."))
    next_url = _safe_next(request, conference)
    form = DeclareConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        conflicts_domain.declare_reviewer_conflict(
            submission=submission,
            user=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("Conflict declared: #%(number)s is no longer shown to you.")
            % {"number": submission.number},
        )
        return redirect(next_url)
    return render(
        request,
        "reviews/bidding/conflict.html",
        {
            "conference": conference,
            "s": submission,
            "form": form,
            "next_url": next_url,
            "show_authors": not conference.is_double_blind,
        },
    )


def bid_overview(request, conference):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    conference = chair_conference(request, conference)
    if (response := organiser_mfa_gate(request)) is not None:
        return response
    try:
        minimum = max(0, min(int(request.GET.get("min", domain.DEFAULT_MIN_POSITIVE)), 20))
    except ValueError:
        minimum = domain.DEFAULT_MIN_POSITIVE
    from cfp.models import SubmissionState

    submissions = queries.managed_submissions(request.user, conference).filter(
        state=SubmissionState.SUBMITTED
    )
    reviewers, papers = domain.bid_overview(conference, submissions)
    short = [p for p in papers if p.positive < minimum]
    page = Paginator(papers, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/bidding/overview.html",
        {
            "conference": conference,
            "reviewers": reviewers,
            "page": page,
            "short": short,
            "minimum": minimum,
            "preferences": Bid.Preference.choices,
            "settings_url": reverse(
                "reviews:affinity_settings", kwargs={"conference": conference.slug}
            )
            if allowed(request.user, "reviews.change_assignment_settings", conference)
            else "",
            "query": f"min={minimum}",
        },
    )

"""The organiser area of one conference: a cockpit, the details form, and its listed items.

Every view goes through ``cfp.access.organiser_required`` (login, organiser of *this*
conference, MFA policy), which hands the view the Conference instead of its slug.

Themes, guiding questions, contribution types and organisations share one set of views,
driven by :data:`KINDS`; :func:`item_urlpatterns` gives their URLs to ``cfp/urls.py``.

The cockpit shows cfp's own submissions panel; cfp depends on no app above it, so those apps
add their panels by extending its ``organiser_extra`` block, not by being looked up here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.mfa import require_mfa
from accounts.text import tidy_stops
from cfp import deadlines
from cfp.access import organiser_required
from cfp.domain import call as domain_call
from cfp.domain import organisers as domain_organisers
from cfp.forms.call import (
    AddOrganiserForm,
    ConferenceForm,
    ContributionTypeForm,
    GuidingQuestionForm,
    NewConferenceForm,
    OrganisationForm,
    StepInForm,
    ThemeForm,
)
from cfp.models import (
    Conference,
    ContributionType,
    GuidingQuestion,
    Organisation,
    Theme,
)
from cfp.stats import state_counts


@dataclass(frozen=True)
class ItemKind:
    key: str  # in URL names: cfp:organiser_<key>_list, _add, _edit, _delete, _move
    segment: str  # in addresses: /c/<conference>/organise/<segment>/
    model: type
    form: type
    title: Promise  # the list page's heading
    add_label: Promise
    help: Promise
    public: bool = False  # items with a public page (theme, type) link to it


KINDS: dict[str, ItemKind] = {
    "theme": ItemKind(
        "theme",
        "themes",
        Theme,
        ThemeForm,
        gettext_lazy("Themes"),
        gettext_lazy("Add a theme"),
        gettext_lazy("The areas the call invites. Authors choose one or more."),
        public=True,
    ),
    "guiding_question": ItemKind(
        "guiding_question",
        "guiding-questions",
        GuidingQuestion,
        GuidingQuestionForm,
        gettext_lazy("Guiding questions"),
        gettext_lazy("Add a guiding question"),
        gettext_lazy("Questions papers may address. Authors say which ones theirs does."),
    ),
    "contribution_type": ItemKind(
        "contribution_type",
        "contribution-types",
        ContributionType,
        ContributionTypeForm,
        gettext_lazy("Contribution types"),
        gettext_lazy("Add a contribution type"),
        gettext_lazy("What authors may submit, with word and page limits."),
        public=True,
    ),
    "organisation": ItemKind(
        "organisation",
        "organisations",
        Organisation,
        OrganisationForm,
        gettext_lazy("Organisers and partners"),
        gettext_lazy("Add an organisation"),
        gettext_lazy("The institutions named on the call."),
    ),
}


def _kind(key: str) -> ItemKind:
    try:
        return KINDS[key]
    except KeyError:
        raise Http404 from None


def _items(conference: Conference, kind: ItemKind):
    return kind.model.objects.filter(conference=conference).order_by("order", "pk")


def _list_url(conference: Conference, kind: ItemKind) -> str:
    return reverse(f"cfp:organiser_{kind.key}_list", kwargs={"conference": conference.slug})


@organiser_required
def home(request: HttpRequest, conference: Conference) -> HttpResponse:
    now = timezone.now()
    deadline = deadlines.effective_submission_deadline(conference)
    counts = [
        (kind, _items(conference, kind).count(), _list_url(conference, kind))
        for kind in KINDS.values()
    ]
    return render(
        request,
        "cfp/organiser/home.html",
        {
            "conference": conference,
            "phase": deadlines.phase(conference, now),
            "is_open": deadlines.is_submission_open(conference, now),
            "deadline": deadline,
            "time_left": deadlines.time_left(deadline, now),
            "important_dates": deadlines.important_dates(conference, with_review=True),
            "counts": counts,
            "organisers": conference.organisers.order_by("full_name", "email"),
            "submissions": _submission_counts(request, conference),
        },
    )


def _submission_counts(request: HttpRequest, conference: Conference) -> dict[str, int]:
    return state_counts(conference, request.user)


@organiser_required
def details(request: HttpRequest, conference: Conference) -> HttpResponse:
    form = ConferenceForm(request.POST or None, conference=conference)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The conference's details were saved."))
            return redirect("cfp:organiser_home", conference=conference.slug)
        messages.error(request, _("Please correct the marked fields; nothing was saved yet."))
    return render(request, "cfp/organiser/details.html", {"conference": conference, "form": form})


@organiser_required
@require_POST
def confirm_dates(request: HttpRequest, conference: Conference) -> HttpResponse:
    domain_call.confirm_dates(conference=conference)
    messages.success(request, _("The dates are confirmed; the placeholder warning is gone."))
    return redirect("cfp:organiser_home", conference=conference.slug)


@organiser_required
def item_list(request: HttpRequest, conference: Conference, kind: str) -> HttpResponse:
    kind_ = _kind(kind)
    items = list(_items(conference, kind_))
    return render(
        request,
        "cfp/organiser/item_list.html",
        {"conference": conference, "kind": kind_, "items": items},
    )


@organiser_required
def item_add(request: HttpRequest, conference: Conference, kind: str) -> HttpResponse:
    kind_ = _kind(kind)
    form = kind_.form(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        item = form.save()
        messages.success(request, _("“%(item)s” was added.") % {"item": item})
        return redirect(_list_url(conference, kind_))
    return render(
        request,
        "cfp/organiser/item_form.html",
        {"conference": conference, "kind": kind_, "form": form, "item": None},
    )


@organiser_required
def item_edit(request: HttpRequest, conference: Conference, kind: str, pk: int) -> HttpResponse:
    kind_ = _kind(kind)
    item = get_object_or_404(kind_.model, pk=pk, conference=conference)
    form = kind_.form(request.POST or None, instance=item, conference=conference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("“%(item)s” was saved.") % {"item": item})
        return redirect(_list_url(conference, kind_))
    return render(
        request,
        "cfp/organiser/item_form.html",
        {"conference": conference, "kind": kind_, "form": form, "item": item},
    )


@organiser_required
def item_delete(request: HttpRequest, conference: Conference, kind: str, pk: int) -> HttpResponse:
    kind_ = _kind(kind)
    item = get_object_or_404(kind_.model, pk=pk, conference=conference)
    if request.method == "POST":
        try:
            domain_call.delete_item(item=item)
        except domain_call.ItemInUse as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("“%(item)s” was deleted.") % {"item": item})
        return redirect(_list_url(conference, kind_))
    return render(
        request,
        "cfp/organiser/item_confirm_delete.html",
        {"conference": conference, "kind": kind_, "item": item},
    )


@organiser_required
@require_POST
def item_move(request: HttpRequest, conference: Conference, kind: str, pk: int) -> HttpResponse:
    kind_ = _kind(kind)
    item = get_object_or_404(kind_.model, pk=pk, conference=conference)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the item up or down."))
    elif domain_call.move_in_order(item=item, up=direction == "up"):
        messages.success(request, _("“%(item)s” was moved.") % {"item": item})
    return redirect(_list_url(conference, kind_) + f"#item-{item.pk}")


def item_urlpatterns() -> list:
    """The list/add/edit/delete/move URLs of every kind in :data:`KINDS`.

    Names: ``cfp:organiser_<key>_list`` (and ``_add``, ``_edit``, ``_delete``, ``_move``),
    e.g. ``cfp:organiser_theme_list``; each takes ``conference`` (slug), the last three
    ``pk`` too.
    """
    patterns = []
    for kind in KINDS.values():
        base = f"c/<slug:conference>/organise/{kind.segment}/"
        extra = {"kind": kind.key}
        name = f"organiser_{kind.key}"
        patterns += [
            path(base, item_list, extra, name=f"{name}_list"),
            path(f"{base}add/", item_add, extra, name=f"{name}_add"),
            path(f"{base}<int:pk>/", item_edit, extra, name=f"{name}_edit"),
            path(f"{base}<int:pk>/delete/", item_delete, extra, name=f"{name}_delete"),
            path(f"{base}<int:pk>/move/", item_move, extra, name=f"{name}_move"),
        ]
    return patterns


# --- who runs the conference (cfp.domain.organisers)


@organiser_required
@require_http_methods(["GET", "POST"])
def organisers(request: HttpRequest, conference: Conference) -> HttpResponse:
    """The organisers of the conference; appoint one by the address of their account."""
    data = request.POST if request.method == "POST" else None
    form = AddOrganiserForm(data, conference=conference, request=request)
    if request.method == "POST" and form.is_valid():
        domain_organisers.add_organiser(conference=conference, user=form.account, by=request.user)
        messages.success(
            request,
            _("%(name)s is now an organiser. They were sent an email.")
            % {"name": form.account.full_name or form.account.email},
        )
        return redirect("cfp:organiser_organisers", conference=conference.slug)
    people = list(conference.organisers.order_by("full_name", "email"))
    changes = list(conference.organiser_changes.all()[:50])
    return render(
        request,
        "cfp/organiser/organisers.html",
        {"conference": conference, "form": form, "people": people, "changes": changes},
    )


@organiser_required
@require_http_methods(["GET", "POST"])
def organiser_remove(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    """Confirm, then remove one organiser (oneself too, while another remains)."""
    person = get_object_or_404(conference.organisers.all(), pk=pk)
    if request.method == "POST":
        try:
            domain_organisers.remove_organiser(conference=conference, user=person, by=request.user)
        except domain_organisers.OrganiserChangeRefused as exc:
            messages.error(request, str(exc))
            return redirect("cfp:organiser_organisers", conference=conference.slug)
        if person.pk == request.user.pk:
            messages.success(
                request,
                tidy_stops(
                    _("You are no longer an organiser of %(conference)s.")
                    % {"conference": conference.title}
                ),
            )
            return redirect("cfp:dashboard")
        messages.success(
            request,
            _("%(name)s is no longer an organiser.") % {"name": person.full_name or person.email},
        )
        return redirect("cfp:organiser_organisers", conference=conference.slug)
    return render(
        request,
        "cfp/organiser/organisers_remove.html",
        {
            "conference": conference,
            "person": person,
            "is_self": person.pk == request.user.pk,
            "is_last": conference.organisers.count() == 1,
        },
    )


def staff_with_mfa_required(view):
    """Active staff who proved a second factor in this session (the Django admin's rule,
    ``accounts.admin_site.admin_access_ok``). Anonymous visitors go to the login page, other
    users get 403, staff without an authenticator app are sent to set one up, staff who
    logged in with a password only are asked for a code."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        if (response := require_mfa(request, this_session=True)) is not None:
            return response
        return view(request, *args, **kwargs)

    return wrapper


@staff_with_mfa_required
@require_http_methods(["GET", "POST"])
def conference_new(request: HttpRequest) -> HttpResponse:
    """Staff create a conference; they become its first organiser and land in its area."""
    data = request.POST if request.method == "POST" else None
    form = NewConferenceForm(data)
    if request.method == "POST":
        if form.is_valid():
            conference = form.create(by=request.user)
            messages.success(
                request,
                _("%(conference)s was created; you are its organiser. Fill in the call next.")
                % {"conference": conference.title},
            )
            return redirect("cfp:organiser_home", conference=conference.slug)
        messages.error(request, _("Please correct the marked fields; nothing was saved yet."))
    return render(request, "cfp/conference_new.html", {"form": form})


@staff_with_mfa_required
@require_http_methods(["GET", "POST"])
def step_in(request: HttpRequest, conference: str) -> HttpResponse:
    """A site administrator makes themself an organiser of one conference, visibly: with a
    reason, recorded and mailed to the organisers (``cfp.domain.organisers.step_in``). Being
    staff opens no organiser page by itself (``cfp.rules.allowed``)."""
    conference_obj = get_object_or_404(Conference, slug=conference)
    home_url = reverse("cfp:organiser_home", kwargs={"conference": conference_obj.slug})
    if conference_obj.organisers.filter(pk=request.user.pk).exists():
        return redirect(home_url)
    form = StepInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            domain_organisers.step_in(
                conference=conference_obj, by=request.user, reason=form.cleaned_data["reason"]
            )
        except domain_organisers.OrganiserChangeRefused as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(
                request,
                _(
                    "You are now an organiser of %(conference)s. The other organisers were "
                    "told, with your reason; remove yourself on the organisers page when done."
                )
                % {"conference": conference_obj.title},
            )
            return redirect(home_url)
    return render(
        request, "cfp/organiser/step_in.html", {"conference": conference_obj, "form": form}
    )

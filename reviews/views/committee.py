"""The committee's pages: its home, the committee list, invitations (sent, pasted, answered),
a member's role, and each member's committee profile.

Every page goes through :func:`committee_required` (login; the conference's own roles,
never the site administrator's flags; 404 where the conference is unpublished and the person
has no role in it, 403 where it is public; the organisers' MFA policy for those who manage
the committee). The invitation page is the exception: the token is the key, and it works
for whoever holds it, once logged in.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cfp.access import conference_permission_required
from cfp.models import Conference, Theme
from cfp.rules import allowed

from .. import areas, queries
from ..domain import committee as domain
from ..forms.committee import (
    BulkInviteForm,
    DeclineForm,
    InviteForm,
    MemberRoleForm,
    ProfileForm,
)
from ..models import CommitteeMember, Invitation

MANAGE = "reviews.manage_committee"
VIEW_AREA = "reviews.view_committee_area"
APPOINT = "reviews.appoint_committee"


def committee_required(perm: str):
    """Committee pages: ``perm`` on the conference; members know an unpublished conference
    exists (403, not 404); those who manage the committee meet the organisers' MFA policy."""
    return conference_permission_required(perm, insiders_perm=VIEW_AREA, mfa_perm=MANAGE)


def _roles(request, conference) -> dict[str, bool]:
    user = request.user
    return {
        "organiser": allowed(user, APPOINT, conference),
        "manager": allowed(user, MANAGE, conference),
        "member": CommitteeMember.objects.filter(conference=conference, user=user).exists(),
    }


@committee_required(VIEW_AREA)
def home(request: HttpRequest, conference: Conference) -> HttpResponse:
    """What the person can do on this committee, from the registry in ``reviews.areas``."""
    roles = _roles(request, conference)
    member = (
        CommitteeMember.objects.filter(conference=conference, user=request.user)
        .prefetch_related("themes")
        .first()
    )
    return render(
        request,
        "reviews/committee/home.html",
        {
            "conference": conference,
            "member": member,
            "links": areas.links_for(conference, **roles),
            **roles,
        },
    )


def _members(conference):
    return (
        CommitteeMember.objects.filter(conference=conference)
        .select_related("user")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order", "pk")),
            Prefetch("expertise_themes", queryset=Theme.objects.order_by("order", "pk")),
        )
        .order_by("-role", "user__sort_name", "user__full_name", "pk")
    )


@committee_required(MANAGE)
def members(request: HttpRequest, conference: Conference) -> HttpResponse:
    """The committee: theme chairs first, then reviewers, with their themes and loads."""
    people = list(_members(conference))
    return render(
        request,
        "reviews/committee/members.html",
        {
            "conference": conference,
            "people": people,
            "chairs": sum(1 for m in people if m.role == CommitteeMember.Role.THEME_CHAIR),
            "organiser": allowed(request.user, APPOINT, conference),
        },
    )


@committee_required(MANAGE)
@require_http_methods(["GET", "POST"])
def member_detail(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    """One member's profile; organisers also change their role (and a chair's themes)."""
    member = get_object_or_404(_members(conference), pk=pk)
    organiser = allowed(request.user, APPOINT, conference)
    form = None
    if organiser:
        form = MemberRoleForm(request.POST if request.method == "POST" else None, member=member)
        if request.method == "POST" and form.is_valid():
            domain.change_member_role(
                member=member,
                role=form.cleaned_data["role"],
                themes=form.cleaned_data["themes"],
                by=request.user,
            )
            messages.success(
                request,
                _("%(name)s is now: %(role)s.")
                % {"name": _name(member.user), "role": member.get_role_display()},
            )
            return redirect("reviews:committee_members", conference=conference.slug)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "reviews/committee/member_detail.html",
        {"conference": conference, "member": member, "form": form, "organiser": organiser},
    )


@committee_required(APPOINT)
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    member = get_object_or_404(
        CommitteeMember.objects.filter(conference=conference).select_related("user"), pk=pk
    )
    if request.method == "POST":
        domain.remove_member(member=member, by=request.user)
        messages.success(
            request,
            _("%(name)s is no longer on the committee.") % {"name": _name(member.user)},
        )
        return redirect("reviews:committee_members", conference=conference.slug)
    return render(
        request,
        "reviews/committee/member_remove.html",
        {"conference": conference, "member": member},
    )


def _name(user) -> str:
    return user.full_name or user.email


def _invitation_rows(request, conference):
    now = timezone.now()
    invitations = list(
        queries.invitations_managed_by(request.user, conference)
        .select_related("invited_by", "accepted_by")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("order", "pk")))
        .order_by("-created_at", "-pk")
    )
    for invitation in invitations:
        invitation.shown_state = domain.display_state(invitation, now)
    return invitations


def _invite_forms(request, conference, *, data=None, bulk_data=None):
    organiser = allowed(request.user, APPOINT, conference)
    kwargs = {"conference": conference, "user": request.user, "organiser": organiser}
    return InviteForm(data, **kwargs), BulkInviteForm(bulk_data, **kwargs)


@committee_required(MANAGE)
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, conference: Conference) -> HttpResponse:
    """Invitations sent (invited, accepted, declined, expired, revoked) and the form to
    invite one person."""
    form, bulk = _invite_forms(
        request, conference, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        row = form.row()
        try:
            domain.invite(
                conference=conference,
                name=row.name,
                email=row.email,
                role=row.role,
                themes=row.themes,
                by=request.user,
            )
        except domain.CommitteeChangeRefused as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(
                request, _("%(email)s was invited. They were sent an email.") % {"email": row.email}
            )
            return redirect("reviews:committee_invitations", conference=conference.slug)
    return _render_invitations(request, conference, form, bulk)


def _render_invitations(request, conference, form, bulk, status=200):
    rows = _invitation_rows(request, conference)
    counts: dict[str, int] = {}
    for invitation in rows:
        counts[invitation.shown_state] = counts.get(invitation.shown_state, 0) + 1
    return render(
        request,
        "reviews/committee/invitations.html",
        {
            "conference": conference,
            "invitations": rows,
            "counts": counts,
            "form": form,
            "bulk": bulk,
            "days": domain.invitation_days(),
        },
        status=status,
    )


@committee_required(MANAGE)
@require_POST
def invitations_paste(request: HttpRequest, conference: Conference) -> HttpResponse:
    """Invite a pasted list: all its lines, or (if one is bad) none, each bad line named."""
    form, bulk = _invite_forms(request, conference, bulk_data=request.POST)
    if bulk.is_valid():
        try:
            sent = domain.invite_many(conference=conference, rows=bulk.rows, by=request.user)
        except domain.CommitteeChangeRefused as exc:
            bulk.add_error("text", str(exc))
        else:
            messages.success(
                request,
                _("%(count)s people were invited. Each was sent an email.") % {"count": len(sent)},
            )
            return redirect("reviews:committee_invitations", conference=conference.slug)
    return _render_invitations(request, conference, form, bulk)


def _managed_invitation(request, conference, pk) -> Invitation:
    invitation = get_object_or_404(
        Invitation.objects.filter(conference=conference).select_related("conference"), pk=pk
    )
    if not allowed(request.user, "reviews.manage_invitation", invitation):
        raise Http404
    return invitation


@committee_required(MANAGE)
@require_POST
def invitation_resend(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    invitation = _managed_invitation(request, conference, pk)
    try:
        domain.resend_invitation(invitation=invitation, by=request.user)
    except domain.CommitteeChangeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("A new link was sent to %(email)s; the old one no longer works.")
            % {"email": invitation.email},
        )
    return redirect("reviews:committee_invitations", conference=conference.slug)


@committee_required(MANAGE)
@require_POST
def invitation_revoke(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    invitation = _managed_invitation(request, conference, pk)
    try:
        domain.revoke_invitation(invitation=invitation, by=request.user)
    except domain.CommitteeChangeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The invitation of %(email)s was revoked.") % {"email": invitation.email},
        )
    return redirect("reviews:committee_invitations", conference=conference.slug)


@committee_required(VIEW_AREA)
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, conference: Conference) -> HttpResponse:
    """The person's own committee profile on this conference."""
    member = (
        CommitteeMember.objects.filter(conference=conference, user=request.user)
        .select_related("conference")
        .first()
    )
    if member is None:  # an organiser who is not on the committee
        return render(
            request,
            "reviews/committee/profile_none.html",
            {"conference": conference},
            status=404,
        )
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=member)
    else:
        form = ProfileForm(instance=member, initial=domain.suggested_profile(member=member))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your committee profile was saved."))
        return redirect("reviews:committee_home", conference=conference.slug)
    return render(
        request,
        "reviews/committee/profile.html",
        {"conference": conference, "member": member, "form": form},
    )


# --- The invitation link.

UNUSABLE_STATUS = {"unknown": 404}


def _unusable(request, conference, exc: domain.InvitationUnusable) -> HttpResponse:
    return render(
        request,
        "reviews/committee/invitation_unusable.html",
        {"conference": conference, "reason": exc.reason, "invitation": exc.invitation},
        status=UNUSABLE_STATUS.get(exc.reason, 410),
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, conference: str, token: str) -> HttpResponse:
    """Accept or decline an invitation. Anyone holding the link sees whom it invites and to
    what; answering needs an account (any address: the token decides), and the link is kept
    through login and signup (``next``)."""
    conference_obj = get_object_or_404(Conference, slug=conference)
    user = request.user if request.user.is_authenticated else None
    try:
        found = domain.find_invitation(conference=conference_obj, token=token, user=user)
    except domain.InvitationUnusable as exc:
        return _unusable(request, conference_obj, exc)
    context = {
        "conference": conference_obj,
        "invitation": found,
        "themes": list(found.themes.order_by("order", "pk")),
    }
    if user is None:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        query = urlencode({"next": request.get_full_path()})
        context |= {
            "login_url": f"{reverse('account_login')}?{query}",
            "signup_url": f"{reverse('account_signup')}?{query}",
        }
        return render(request, "reviews/committee/invitation.html", context)
    if found.state == Invitation.State.ACCEPTED:  # this person's own, followed again
        return redirect("reviews:committee_home", conference=conference_obj.slug)
    decline_form = DeclineForm(request.POST if request.POST.get("answer") == "decline" else None)
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                domain.accept_invitation(invitation=found, user=user)
                messages.success(
                    request,
                    _(
                        "Welcome to the committee of %(conference)s. Please tell us about "
                        "your expertise."
                    )
                    % {"conference": conference_obj.title},
                )
                return redirect("reviews:committee_profile", conference=conference_obj.slug)
            if request.POST.get("answer") == "decline" and decline_form.is_valid():
                domain.decline_invitation(
                    invitation=found, reason=decline_form.cleaned_data["reason"]
                )
                return render(
                    request,
                    "reviews/committee/invitation_declined.html",
                    {"conference": conference_obj},
                )
        except domain.InvitationUnusable as exc:
            return _unusable(request, conference_obj, exc)
    context["decline_form"] = decline_form
    context["is_member"] = CommitteeMember.objects.filter(
        conference=conference_obj, user=user
    ).exists()
    return render(request, "reviews/committee/invitation.html", context)

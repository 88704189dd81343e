"""Fetch objects for views: 404 where existence is confidential, 403 where it is not."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.mfa import has_mfa

from .models import Conference

# The organiser page someone asked for before being sent to set up MFA. allauth's activation
# view takes no ``next``; the recovery-codes page it ends on offers the way back
# (templates/mfa/recovery_codes/index.html).
MFA_RETURN_SESSION_KEY = "sala_mfa_return_to"


def remember_page_for_after_mfa_setup(request) -> None:
    """Keep the requested page (GET only, a path on this site) for after MFA setup.

    Side effects: writes ``MFA_RETURN_SESSION_KEY`` in the session.
    """
    if request.method != "GET":
        return
    path = request.get_full_path()
    if path.startswith("/") and url_has_allowed_host_and_scheme(
        path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[MFA_RETURN_SESSION_KEY] = path


def redirect_to_mfa_setup(request):
    """Send an organiser without MFA to set it up, with the way back to this page.

    Side effects: a warning message; the page is remembered for after the setup.
    """
    messages.warning(
        request, _("Organiser pages need two-factor authentication. Please set it up first.")
    )
    remember_page_for_after_mfa_setup(request)
    return redirect("mfa_activate_totp")


def organiser_required(view):
    """Decorate a view taking ``conference`` (a slug) as its first URL argument.

    The view receives the Conference object instead of the slug. Anonymous users go to the
    login page; users who are not organisers of a published conference get 403 (the
    conference is public) and 404 for an unpublished one; organisers without MFA are sent to
    set it up when the policy requires it, and offered the way back to the page once done.
    """

    @wraps(view)
    def wrapper(request, conference, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        conference_obj = get_object_or_404(Conference, slug=conference)
        if not request.user.has_perm("cfp.organise_conference", conference_obj):
            if not conference_obj.is_public:
                from django.http import Http404

                raise Http404
            raise PermissionDenied
        if settings.SALA_ORGANISER_REQUIRES_MFA and not has_mfa(request.user):
            return redirect_to_mfa_setup(request)
        request.session.pop(MFA_RETURN_SESSION_KEY, None)
        return view(request, conference_obj, *args, **kwargs)

    return wrapper

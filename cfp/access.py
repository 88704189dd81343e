"""Fetch objects for views: 404 where existence is confidential, 403 where it is not."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from accounts.mfa import require_mfa

from .models import Conference
from .rules import allowed

ORGANISER_MFA_SETUP_MESSAGE = gettext_lazy(
    "Organiser pages need two-factor authentication. Please set it up first."
)


def organiser_mfa_gate(request) -> HttpResponse | None:
    """The organisers' MFA policy (an authenticator app set up; not necessarily used this
    session): None when satisfied, else the redirect to set one up (see ``require_mfa``)."""
    return require_mfa(request, this_session=False, setup_message=ORGANISER_MFA_SETUP_MESSAGE)


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
        # Not request.user.has_perm: it lets every superuser in (see cfp.rules.allowed).
        if not allowed(request.user, "cfp.organise_conference", conference_obj):
            if not conference_obj.is_public:
                from django.http import Http404

                raise Http404
            raise PermissionDenied
        if (response := organiser_mfa_gate(request)) is not None:
            return response
        return view(request, conference_obj, *args, **kwargs)

    return wrapper

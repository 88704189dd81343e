"""Fetch objects for views: 404 where existence is confidential, 403 where it is not."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
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


def conference_permission_required(
    perm: str, *, insiders_perm: str | None = None, mfa_perm: str | None = None
):
    """Decorate a view taking ``conference`` (a slug) as its first URL argument; the view
    receives the Conference object instead of the slug.

    Anonymous users go to the login page. Users without ``perm`` get 403 when the conference
    is public, and 404 when it is not (its existence is confidential), unless they hold
    ``insiders_perm`` (they know of it: 403). Those who hold ``mfa_perm`` (default: ``perm``
    itself) must meet the organisers' MFA policy first, and are offered the way back to the
    page once it is set up. Every check is a rule (``cfp.rules.allowed``), never
    ``request.user.has_perm``, which lets every superuser in.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, conference, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            conference_obj = get_object_or_404(Conference, slug=conference)
            if not allowed(request.user, perm, conference_obj):
                knows_of = conference_obj.is_public or (
                    insiders_perm is not None
                    and allowed(request.user, insiders_perm, conference_obj)
                )
                if not knows_of:
                    raise Http404
                raise PermissionDenied
            needs_mfa = mfa_perm is None or allowed(request.user, mfa_perm, conference_obj)
            if needs_mfa and (response := organiser_mfa_gate(request)) is not None:
                return response
            return view(request, conference_obj, *args, **kwargs)

        return wrapper

    return decorator


#: Organiser pages: organisers of the conference only, with MFA.
organiser_required = conference_permission_required("cfp.organise_conference")

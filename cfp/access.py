"""Fetch objects for views: 404 where existence is confidential, 403 where it is not."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from accounts.mfa import has_mfa

from .models import Conference


def organiser_required(view):
    """Decorate a view taking ``conference`` (a slug) as its first URL argument.

    The view receives the Conference object instead of the slug. Anonymous users go to the
    login page; users who are not organisers of a published conference get 403 (the
    conference is public) and 404 for an unpublished one; organisers without MFA are sent to
    set it up when the policy requires it.
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
            messages.warning(
                request,
                _("Organiser pages need two-factor authentication. Please set it up first."),
            )
            return redirect("mfa_activate_totp")
        return view(request, conference_obj, *args, **kwargs)

    return wrapper

"""The MFA policy: who has a second factor, and whether this session used it."""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

# The page someone asked for before being sent to set up MFA. allauth's activation view takes
# no ``next``; the recovery-codes page it ends on offers the way back
# (templates/mfa/recovery_codes/index.html).
MFA_RETURN_SESSION_KEY = "sala_mfa_return_to"


def has_mfa(user) -> bool:
    """True when the user has an authenticator app (TOTP) set up."""
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_types(user) -> list[str]:
    """The kinds of second factor the user has set up (``totp``, ``recovery_codes``).

    Only the kinds: never a secret, a seed or a code.
    """
    if not user.is_authenticated:
        return []
    types = Authenticator.objects.filter(user=user).values_list("type", flat=True)
    return sorted(set(types))


def session_passed_mfa(request) -> bool:
    """True when this session's user proved a second factor since logging in.

    allauth records every authentication step in the session ("password", then "mfa" after the
    TOTP or recovery-code step, or after a re-authentication with MFA). The records are bound
    to the user and dropped at logout, so another user's records never count.
    """
    user = request.user
    if not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


def mfa_required() -> bool:
    """Whether the MFA policy is on (off only in development settings, with a banner)."""
    return settings.SALA_ORGANISER_REQUIRES_MFA


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


def require_mfa(
    request,
    *,
    this_session: bool,
    next_url: str | None = None,
    setup_message: str | None = None,
    confirm_message: str | None = None,
) -> HttpResponse | None:
    """None when the logged-in user satisfies the MFA policy, else where to go to satisfy it.

    With the policy on (:func:`mfa_required`), the user must have an authenticator app set
    up, and with ``this_session`` must also have proved it in this session. A user without
    one is sent to set it up (``setup_message``, a warning), the page remembered for after
    the setup; a user who has one but did not use it this session is sent to allauth's
    MFA re-authentication (``confirm_message``, an info), then on to ``next_url`` (default:
    this page).

    Side effects: a message and, for the setup, ``MFA_RETURN_SESSION_KEY`` in the session;
    when satisfied, the remembered page is forgotten (the user is back where they wanted).
    """
    user = request.user
    if mfa_required():
        if not has_mfa(user):
            messages.warning(
                request,
                setup_message
                or _("This page needs two-factor authentication. Please set it up first."),
            )
            remember_page_for_after_mfa_setup(request)
            return redirect("mfa_activate_totp")
        if this_session and not session_passed_mfa(request):
            messages.info(
                request,
                confirm_message or _("Please confirm with your authenticator app to go on."),
            )
            query = urlencode({"next": next_url or request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
    request.session.pop(MFA_RETURN_SESSION_KEY, None)
    return None

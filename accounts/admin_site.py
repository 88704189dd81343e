"""The Django admin, open only to active staff who proved a second factor in this session.

Installed in place of ``django.contrib.admin`` (INSTALLED_APPS lists ``accounts.admin_apps.SalaAdminConfig``), so
``admin.site`` and ``@admin.register`` everywhere use this site. Its login page is allauth's:
the admin's own password form would bypass the MFA step and allauth's rate limits.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def admin_access_ok(request) -> bool:
    """Active staff, and, where the MFA policy is on, a TOTP set up and used this session."""
    from .mfa import has_mfa, mfa_required, session_passed_mfa

    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    if not mfa_required():
        return True
    return has_mfa(user) and session_passed_mfa(request)


class SalaAdminSite(admin.AdminSite):
    site_header = gettext_lazy("sala administration")
    site_title = gettext_lazy("sala admin")

    def has_permission(self, request) -> bool:
        return admin_access_ok(request)

    def login(self, request, extra_context=None):
        """Send everyone who may not use the admin where they can fix that, or away."""
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index")
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, login_url=reverse("account_login"))
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        from .mfa import require_mfa

        response = require_mfa(
            request,
            this_session=True,
            next_url=next_url,
            setup_message=_(
                "The administration needs two-factor authentication. Please set it up first."
            ),
            confirm_message=_(
                "Please confirm with your authenticator app to open the administration."
            ),
        )
        return response or redirect(next_url)

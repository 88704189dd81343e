"""The user's own pages under /me/: profile, "download my data", "delete my account".

Every view acts on request.user only: there is no user id in any URL, so nobody can reach
another person's data through these pages.
"""

from __future__ import annotations

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import domain
from .forms import DeleteAccountForm, ProfileForm
from .mfa import has_mfa
from .personal_data import AccountDeletionRefused


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(
        request, "accounts/profile.html", {"form": form, "has_mfa": has_mfa(request.user)}
    )


@login_required
@require_POST
def export_data(request):
    """A JSON file of everything sala holds about the user (POST: it is personal data)."""
    data = domain.export_personal_data(user=request.user)
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    # A fixed file name: no name or email address in a header that proxies may log.
    response["Content-Disposition"] = f'attachment; filename="sala-my-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    data = request.POST if request.method == "POST" else None
    form = DeleteAccountForm(data, user=request.user)
    if request.method == "POST":
        # Guessing the password of a logged-in session is limited like a re-authentication.
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            return ratelimit.respond_429(request)
        if form.is_valid():
            try:
                domain.delete_account(user=request.user)
            except AccountDeletionRefused as exc:
                messages.error(request, str(exc))
            except (ProtectedError, RestrictedError):
                messages.error(
                    request,
                    _(
                        "Your account is still linked to records that must be kept. Nothing "
                        "was deleted; please write to the organisers."
                    ),
                )
            else:
                logout(request)
                messages.success(request, _("Your account has been deleted. Goodbye."))
                return redirect("/")
    preview = domain.preview_account_deletion(user=request.user)
    return render(request, "accounts/delete.html", {"form": form, "preview": preview})

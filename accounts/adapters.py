"""django-allauth adapter: sala's mail (queued after commit, links on the one configured site
URL, the site and conference named) and the account back-off after failed passwords."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from . import lockout
from .mail import mail_context, queue_mail, site_url


def on_site(url: str) -> str:
    """``url`` with its scheme and host replaced by the configured site URL.

    allauth builds the links in its mails from the request's host, which depends on how the
    request reached the server (a proxy, 127.0.0.1, another host name); every link in sala's
    mail starts with ``SALA_BASE_URL`` instead.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return url
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return site_url(path + (f"#{parts.fragment}" if parts.fragment else ""))


class AccountAdapter(DefaultAccountAdapter):
    # --- mail -----------------------------------------------------------------------------

    def format_email_subject(self, subject: str) -> str:
        return " ".join(super().format_email_subject(subject).split())

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_site(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix: str, email: str, context_data: dict[str, Any]) -> None:
        """Render allauth's message with sala's templates, then queue it instead of sending it.

        Side effects: one ``accounts.tasks.send_mail`` task per message, enqueued once the
        current transaction commits (at once outside a transaction). The rendered message
        holds a link with a one-time key, so it is rendered here, in the request, and only
        the finished text travels through the broker. Every absolute link given by allauth
        is moved onto the configured site URL; the HTML part is made from the text
        (``accounts.mail.queue_mail``).
        """
        ctx = {"request": context.request, "email": email, **mail_context()}
        for key, value in context_data.items():
            ctx[key] = on_site(value) if isinstance(value, str) else value
        message = self.render_mail(template_prefix, email, ctx)
        queue_mail(
            to=list(message.to),
            subject=message.subject,
            body=message.body,
            headers=dict(message.extra_headers),
            from_email=message.from_email,
        )

    # --- failed passwords -----------------------------------------------------------------

    def _is_owner_reauthenticating(self, request, email: str) -> bool:
        # Reauthentication (before changing a password or a second factor) goes through the
        # same authenticate(); the signed-in owner must not be kept out by a stranger's
        # failures (allauth limits reauthentication per user on its own).
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and user.email.lower() == email.lower())

    def _lockout_key(self, request, email: str) -> str:
        """What a failure of ``email`` counts against: the account, or, from a browser the
        account's owner logged in with before, that browser alone (accounts/lockout.py)."""
        from allauth.account.models import EmailAddress

        cookie = request.COOKIES.get(lockout.DEVICE_COOKIE)
        if cookie:
            owner = (
                EmailAddress.objects.filter(email__iexact=email, verified=True)
                .values_list("user_id", flat=True)
                .first()
            )
            device = lockout.trusted_device(cookie, owner)
            if device:
                return lockout.device_key(email, device)
        return email

    def pre_authenticate(self, request, **credentials: Any) -> None:
        """Refuse a password login while the account waits, before checking the password.

        Then allauth's own ``login_failed`` limit (per client address) applies.
        """
        email = credentials.get("email") or ""
        if email and not self._is_owner_reauthenticating(request, email):
            request.sala_lockout_key = self._lockout_key(request, email)
            wait = lockout.seconds_left(request.sala_lockout_key)
            if wait:
                request.sala_login_blocked = True
                minutes = math.ceil(wait / 60)
                raise forms.ValidationError(
                    ngettext(
                        "Too many wrong passwords were typed for this account. You can try "
                        "your password again in %(minutes)d minute, or get in now with a "
                        "login code or a password reset link sent to your email.",
                        "Too many wrong passwords were typed for this account. You can try "
                        "your password again in %(minutes)d minutes, or get in now with a "
                        "login code or a password reset link sent to your email.",
                        minutes,
                    )
                    % {"minutes": minutes},
                    code="account_waiting",
                )
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            request.sala_login_blocked = True
            raise

    def authentication_failed(self, request, **credentials: Any) -> None:
        email = credentials.get("email") or ""
        if email and not self._is_owner_reauthenticating(request, email):
            lockout.record_failure(getattr(request, "sala_lockout_key", email))

    def login(self, request, user) -> None:
        """Sign in; the owner got in, so forget the failures: the account's (by code, reset
        link or password from any browser) or, by password from a browser the owner used
        before, that browser's only (a stranger's failures keep the account waiting)."""
        from allauth.account.models import EmailAddress

        super().login(request, user)
        emails = [user.email]
        emails += EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        device = lockout.trusted_device(request.COOKIES.get(lockout.DEVICE_COOKIE), user.pk)
        devices = [lockout.device_key(e, device) for e in emails] if device else []
        on_trusted_device = getattr(request, "sala_lockout_key", None) in devices
        lockout.clear(devices if on_trusted_device else [*emails, *devices])

    def post_login(self, request, user, **kwargs: Any):
        """After any login: mark this browser as one the owner uses (``lockout.device_cookie``).

        Side effects: sets the signed ``sala_device`` cookie (a year; HttpOnly) unless the
        browser already carries a valid one for this user.
        """
        response = super().post_login(request, user, **kwargs)
        cookie = request.COOKIES.get(lockout.DEVICE_COOKIE)
        if lockout.trusted_device(cookie, user.pk) is None:
            response.set_cookie(
                lockout.DEVICE_COOKIE,
                lockout.device_cookie(user.pk),
                max_age=lockout.DEVICE_COOKIE_AGE,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response

    @property
    def error_messages(self) -> dict:  # type: ignore[override]
        messages = dict(super().error_messages)
        messages["too_many_login_attempts"] = gettext(
            "Too many failed logins came from your network. Try again in a few minutes, or "
            "get in now with a login code or a password reset link sent to your email."
        )
        return messages

"""Keep pages for logged-in users out of shared caches; keep used sessions alive."""

import time

from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # A page that shows someone's submissions must never be stored by a proxy.
            patch_cache_control(response, private=True, no_cache=True)
        return response


class SessionRenewalMiddleware:
    """Renew a signed-in session at most once a day, so it lasts while it is used.

    Django renews a session's expiry only when the session is saved; saving it on every
    request (SESSION_SAVE_EVERY_REQUEST) would write the session table on every click at the
    deadline. Touching one key when the last renewal is a day old saves it once a day, which
    moves its expiry (and the cookie's) SESSION_COOKIE_AGE ahead.
    """

    KEY = "sala_renewed_at"
    EVERY = 24 * 60 * 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(self.KEY, 0) >= self.EVERY:
                request.session[self.KEY] = now
        return self.get_response(request)


def stamp_session_renewal(sender, request, user, **kwargs) -> None:
    """On login (``user_logged_in``): the new session counts as renewed now."""
    if request is not None and hasattr(request, "session"):
        request.session[SessionRenewalMiddleware.KEY] = int(time.time())

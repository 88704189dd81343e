"""The production settings as the benchmark runs them: plain HTTP on 127.0.0.1 stands in for
the TLS proxy, so the cookies may not be marked Secure (a client would not send them back
over HTTP) and nothing redirects to HTTPS. Everything else is config.settings.prod."""

from config.settings.prod import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

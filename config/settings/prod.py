"""Production: HTTPS only, a real secret, Redis cache and broker, PostgreSQL."""

from django.core.exceptions import ImproperlyConfigured

from config.env import envbool, envint, envsecret, envstr

from .base import *  # noqa: F403
from .base import REDIS_URL

DEBUG = False
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set (at least 50 characters) in production; "
        "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
if not REDIS_URL:
    # The local-memory cache would give every web process its own rate-limit buckets.
    raise ImproperlyConfigured("REDIS_URL must be set in production (rate limits, cache)")
if not envstr("EMAIL_URL"):
    # The console default would drop every password-reset and confirmation mail unseen.
    raise ImproperlyConfigured(
        "EMAIL_URL must be set in production, e.g. smtp+tls://user:password@host:587"
    )

# Behind the recommended proxy, which stamps X-Request-Start (config/gunicorn.conf.py).
SALA_QUEUE_TIMEOUT = envint("SALA_QUEUE_TIMEOUT", 10)

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Only development may relax the MFA policy for organiser pages and the admin.
SALA_ORGANISER_REQUIRES_MFA = True

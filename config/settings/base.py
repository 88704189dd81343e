"""Settings shared by every environment. Everything that varies comes from the environment."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import envbool, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(envstr("SALA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envsecret("SECRET_KEY")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin with an MFA gate (accounts/admin_site.py) in place of "django.contrib.admin".
    "accounts.admin_apps.SalaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "accounts",
    "cfp",
    "reviews",
    "programme",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages (phones on slow links); static files come pre-compressed from
    # WhiteNoise, which answers before this. BREACH: Django's GZipMiddleware pads each
    # response with a random-length gzip header ("Heal the BREACH", max_random_bytes=100),
    # and CSRF tokens are masked afresh on every response, so the secret an attacker could
    # guess byte by byte is not a fixed string in the compressed page.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.PrivateCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sala.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A busy SQLite file under the dev server: wait instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # BEGIN IMMEDIATE: a deferred transaction that reads, then writes (select_for_update is a
    # no-op on SQLite) fails at once with "database is locked" instead of waiting `timeout`
    # when two requests race (a double click). Taking the write lock at BEGIN makes it wait.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the portal is written to be translated; times are stored in UTC and
# shown in the conference's timezone (Asia/Bangkok for the first conference) and the visitor's.
LANGUAGE_CODE = "en"
# Only languages with a shipped catalogue: offering one without it would tag English pages
# with its lang (WCAG 3.1.1). To add Thai: `manage.py makemessages -l th`, translate
# locale/th/LC_MESSAGES/django.po, `manage.py compilemessages`, then list ("th", _("Thai"))
# here (tests/config/test_i18n.py checks that each listed language has its catalogue).
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded papers are confidential: they live outside the static root and are never served
# by URL; only views that check access stream them (see cfp views).
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Caches: rate limits need a real cache. Local memory for one process, Redis for several.
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Email: console by default; EMAIL_URL like smtp+tls://user:pass@host:587 in production.
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "sala <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = envstr("EMAIL_URL") or "console://"
from config.email import email_settings_from_url  # noqa: E402

globals().update(email_settings_from_url(EMAIL_URL, var_dir=VAR_DIR))

# Celery: no broker means tasks run eagerly, in-process, in the same transaction hooks.
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    # Eager tasks contact no broker; the in-memory transport keeps Celery from looking for
    # one. Eager sending still opens a (memory) connection, and kombu logs "No hostname was
    # supplied" for a URL without a host, so name one.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
# Several sites (or a test run) may share one Redis: give each its own queue.
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {}
# Remind authors of unfinished drafts 48 and 24 hours before the deadline. Safe to run often:
# each reminder goes to each person once (cfp.DraftReminder).
CELERY_BEAT_SCHEDULE["cfp-draft-reminders"] = {
    "task": "cfp.tasks.send_draft_reminders",
    "schedule": 15 * 60,
}
# Delete uploads kept from submission forms that were never saved, after 14 days (idempotent).
CELERY_BEAT_SCHEDULE["cfp-purge-pending-uploads"] = {
    "task": "cfp.tasks.purge_pending_uploads",
    "schedule": 24 * 60 * 60,
}
# The portal's public address, for links in mail sent outside a request (Celery, commands).
SALA_BASE_URL = envstr("SALA_BASE_URL", "http://localhost:8000").rstrip("/")

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-allauth
SITE_NAME = envstr("SITE_NAME", "sala")
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cfp:dashboard"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[sala] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
ACCOUNT_RATE_LIMITS = {
    # Failed logins: per client IP (many people share a campus NAT, so not too few) and per
    # email address (a slow guess at one account from many addresses).
    "login_failed": "10/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    # An organiser looking up whether an address has a verified account (appointing an
    # organiser): limited, as the answer tells whether someone has an account.
    "cfp_organiser_lookup": "10/h/user",
}
# How many reverse proxies sit in front of the web processes. 0: use REMOTE_ADDR only, so a
# forged X-Forwarded-For header cannot pick a fresh rate-limit bucket.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
# Or a header your proxy sets to the client address alone (X-Real-IP, CF-Connecting-IP); only
# when every request passes through that proxy, as clients could send it themselves.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = envstr("TRUSTED_CLIENT_IP_HEADER") or None
# Mail the user when their password, email addresses or second factors change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Organisers must have MFA before reaching organiser pages; development may relax it.
SALA_ORGANISER_REQUIRES_MFA = envbool("SALA_ORGANISER_REQUIRES_MFA", True)

# Content-Security-Policy (django-csp 4): our own origin only; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_client_error_traceback": {"()": "config.logging.NoClientErrorTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_client_error_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own default config gives "django" a console handler of its own, and the
        # record then reaches the root's too: every message (and traceback) printed twice.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # Eager tasks would log a "Task ... succeeded" line for every mail; keep warnings only.
        "celery": {"level": envstr("CELERY_LOG_LEVEL", "WARNING")},
    },
}

# Email is unique regardless of case through a functional unique constraint on the user
# (user_email_unique_case_insensitive), which this check cannot see.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]

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
    "django_htmx",
    "django_countries",
    "accounts",
    "cfp",
    "reviews",
    "programme",
]

MIDDLEWARE = [
    # First, before anything reads the request (config/middleware.py): refuse a request that
    # waited too long in the queue (503, "busy") or whose body arrived incomplete (400), and
    # delete the files written by a request whose transaction rolled back.
    "config.middleware.QueueTimeoutMiddleware",
    "config.middleware.CompleteBodyMiddleware",
    "config.middleware.UncommittedFilesMiddleware",
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
    # request.htmx: whether a request came from htmx (the bidding page swaps one row).
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.SessionRenewalMiddleware",
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
                "config.context_processors.my_areas",
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
    # Files written by a transaction that rolls back are deleted (cfp/storage.py).
    "default": {"BACKEND": "cfp.storage.TransactionalFileSystemStorage"},
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
# A worker killed mid-task (a crash, an OOM kill, a deploy) must not lose what it held:
# tasks are acknowledged only once done (late), a task whose worker died is requeued, and a
# worker takes one task at a time, so it holds no others. Redis hands an unacknowledged task
# to another worker after the visibility timeout: it must exceed the longest task (the hard
# time limit below, which the SMTP timeout of 30 s fits in), and is kept short so that the
# tasks of a killed worker go out within a minute. Mail is sent at most once per message
# whatever the redeliveries (accounts.sent_mail). Periodic tasks that may run longer opt out
# (cfp.tasks.purge_pending_uploads).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_VISIBILITY_TIMEOUT = envint("CELERY_VISIBILITY_TIMEOUT", 45)
CELERY_TASK_TIME_LIMIT = max(1, CELERY_VISIBILITY_TIMEOUT - 5)
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT * 4 // 5)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Look for abandoned tasks every 5 s (kombu's default: every 100 s).
    "unacked_restore_interval": 5,
    "unacked_restore_throttle": 1,
}
CELERY_BEAT_SCHEDULE: dict = {}
# Remind authors of unfinished drafts 48 and 24 hours before the deadline. Safe to run often:
# each reminder goes to each person once (cfp.DraftReminder).
CELERY_BEAT_SCHEDULE["cfp-draft-reminders"] = {
    "task": "cfp.tasks.send_draft_reminders",
    "schedule": 15 * 60,
}
# Uploads kept from submission forms that were not saved yet: at most this many files and
# bytes per person (cfp.domain.pending_quota).
SALA_PENDING_UPLOADS_MAX_COUNT = envint("SALA_PENDING_UPLOADS_MAX_COUNT", 20)
SALA_PENDING_UPLOADS_MAX_BYTES = envint("SALA_PENDING_UPLOADS_MAX_BYTES", 200 * 1024 * 1024)
# Delete uploads kept from submission forms that were never saved, after 14 days (idempotent).
CELERY_BEAT_SCHEDULE["cfp-purge-pending-uploads"] = {
    "task": "cfp.tasks.purge_pending_uploads",
    "schedule": 24 * 60 * 60,
}
# Forget sent mails' idempotency keys once no redelivery can come (accounts.sent_mail).
CELERY_BEAT_SCHEDULE["accounts-prune-sent-mail"] = {
    "task": "accounts.tasks.prune_sent_mail",
    "schedule": 24 * 60 * 60,
}
# Passport data of visa letter requests is deleted this many days after the conference ends.
SALA_VISA_DATA_RETENTION_DAYS = envint("SALA_VISA_DATA_RETENTION_DAYS", 30)
# The printed programme (programme/printing): a book with more presentations than this is
# laid out by a background task (the download says "come back in a minute" meanwhile).
SALA_PROGRAMME_PDF_INLINE_MAX = envint("SALA_PROGRAMME_PDF_INLINE_MAX", 150)
# Its fonts, by script, e.g. SALA_PROGRAMME_FONT_THAI=/path/NotoSansThai-Regular.ttf (TrueType;
# a .ttc as path#index). Keys: latin, latin-bold, latin-italic, thai, thai-bold, lao, lao-bold,
# khmer, khmer-bold, myanmar, myanmar-bold, cjk. Unset: the Debian fonts (fonts-noto-core,
# fonts-droid-fallback), see programme/printing/fonts.py.
SALA_PROGRAMME_FONTS = {
    key: path
    for key in [
        "latin",
        "latin-bold",
        "latin-italic",
        "thai",
        "thai-bold",
        "lao",
        "lao-bold",
        "khmer",
        "khmer-bold",
        "myanmar",
        "myanmar-bold",
        "cjk",
    ]
    if (path := envstr("SALA_PROGRAMME_FONT_" + key.upper().replace("-", "_")))
}
CELERY_BEAT_SCHEDULE["programme-purge-visa-data"] = {
    "task": "programme.tasks.purge_visa_data",
    "schedule": 24 * 60 * 60,
}
# Overload (config/middleware.py): a request that waited longer than this many seconds
# between the proxy (its X-Request-Start stamp) and a web process is answered 503 at once,
# with Retry-After. 0: off (no proxy stamps requests in development).
SALA_QUEUE_TIMEOUT = envint("SALA_QUEUE_TIMEOUT", 0)
SALA_BUSY_RETRY_AFTER = envint("SALA_BUSY_RETRY_AFTER", 60)
# The portal's public address, for links in mail sent outside a request (Celery, commands).
SALA_BASE_URL = envstr("SALA_BASE_URL", "http://localhost:8000").rstrip("/")
# Days a committee invitation link stays valid (reviews.domain.committee).
SALA_COMMITTEE_INVITATION_DAYS = envint("SALA_COMMITTEE_INVITATION_DAYS", 14)

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
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# Account mail names the conference that "/" shows (accounts does not import cfp).
SALA_MAIL_CONFERENCE = "cfp.domain.mail.site_conference"

# Two ways in that no stranger's wrong passwords can block (accounts/lockout.py): a login code
# mailed to the owner, and the password reset link, after which the owner is signed in.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True

# Rate limits fit for real networks. A university, a ministry or an NGO office often reaches
# the site through one address (NAT), and at the deadline many of its authors log in within
# minutes: limits per address are high, limits per account are low.
# - login: every login POST, 300 a minute per address. The whole site serves about 50 author
#   journeys a minute on two cores (bench/rush), so this never bites a real campus before
#   capacity does; it only stops one address from hammering the login form.
# - login_failed: wrong passwords per address, 100 in 5 minutes: ten times the typos of a
#   campus at the rush, while a password sprayer gets 100 guesses per 5 minutes across all
#   accounts. Per account, failures earn a growing wait instead (accounts/lockout.py:
#   SALA_LOGIN_* below), which the owner gets past with a login code or a reset link.
# - signup and password reset per address: moderate (a workshop signing up together fits;
#   a script creating accounts or mailing strangers in bulk does not). Per address key (the
#   mailbox): a few a minute and an hour, so nobody can flood someone's inbox. A stranger
#   who uses up an owner's reset allowance only sends the owner reset links, which work.
# - request_login_code: as reset. confirm_email: one mail per 3 minutes per address.
ACCOUNT_RATE_LIMITS = {
    "login": "300/m/ip",
    "login_failed": "100/5m/ip",
    "signup": "20/m/ip,200/h/ip",
    "reset_password": "30/m/ip,5/m/key,20/h/key",
    "reset_password_from_key": "30/m/ip",
    "request_login_code": "30/m/ip,3/m/key,20/h/key",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    # An organiser looking up whether an address has a verified account (appointing an
    # organiser): limited, as the answer tells whether someone has an account.
    "cfp_organiser_lookup": "10/h/user",
}
# Per account: the first 5 wrong passwords (in a row, forgotten 24 hours after the last) are
# free; then the account's password logins wait 1, 2, 4, 8, ... minutes, at most an hour, so
# a guesser gets about 30 tries a day at one account while its owner, who never typed them,
# still gets in by code or reset link (which also clear the count), and is not kept waiting
# at all on a browser they logged in with before (signed "sala_device" cookie).
SALA_LOGIN_FREE_FAILURES = envint("SALA_LOGIN_FREE_FAILURES", 5)
SALA_LOGIN_BACKOFF_BASE = 60
SALA_LOGIN_BACKOFF_MAX = 60 * 60

# Passwords: Argon2id with costs chosen and measured in accounts/hashers.py (bench/hashers.py:
# about a tenth of the CPU of PBKDF2 at a million iterations, and memory-hard). PBKDF2 stays
# listed so that older hashes still verify; they are re-hashed with Argon2id at login.
PASSWORD_HASHERS = [
    "accounts.hashers.SalaArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

# Sessions: an author who logged in during the week is still logged in at the deadline.
# Every login is remembered (no "remember me" to forget) for 14 days, and the session is
# renewed at most once a day while it is used (accounts.middleware.SessionRenewalMiddleware),
# so an author active in the last two weeks never has to log in again in the last hour, and
# the session table is written once a day per author, not on every request (as
# SESSION_SAVE_EVERY_REQUEST would). On a shared computer, "Log out" ends it.
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
ACCOUNT_SESSION_REMEMBER = True
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

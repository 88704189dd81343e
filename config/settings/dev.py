"""Development: the embedded default run by `make run`."""

from django.core.exceptions import ImproperlyConfigured

from config.env import envbool, envsecret

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS

DEBUG = envbool("DEBUG", True)
# A development key only while DEBUG is on; production refuses to start without its own.
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off; the development key is only for DEBUG=1"
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "[::1]"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
SALA_ORGANISER_REQUIRES_MFA = envbool("SALA_ORGANISER_REQUIRES_MFA", False)
# Serve static files straight from the source folders; no collectstatic needed to develop.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "cfp.storage.TransactionalFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

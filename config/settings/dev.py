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
# Static files as production serves them: hashed names and gzip/brotli copies written by
# `collectstatic` (`make setup` runs it), served by WhiteNoise with a year's caching, so that
# what a page weighs here is what it weighs in production. runserver_nostatic keeps
# runserver from serving the uncompressed source files itself. After editing a file under
# static/, run `make static` (or `make run` again).
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]  # noqa: F405
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
STORAGES = {
    "default": {"BACKEND": "cfp.storage.TransactionalFileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.HashedStaticFilesStorage"},
}

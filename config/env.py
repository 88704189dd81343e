"""Typed helpers that read the environment, in one place (12-factor settings).

Every secret may also be given as ``NAME_FILE`` pointing at a file that holds it, so that
orchestrators that mount secrets as files need no shell wrapper.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def envsecret(name: str, default: str = "") -> str:
    """Read ``name``, or the contents of the file named by ``name_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEVELOPMENT_SETTINGS = "config.settings.dev"
# Variables only a deployment sets. With any of them present and no DJANGO_SETTINGS_MODULE,
# falling back to the development settings would run production with DEBUG on and the
# development key (and collectstatic would write no manifest), so command-line processes stop.
PRODUCTION_SIGNALS = ("SECRET_KEY", "SECRET_KEY_FILE", "DATABASE_URL", "REDIS_URL")


def command_line_settings_module(environ: dict[str, str] | None = None) -> str:
    """The settings module for ``manage.py`` and the Celery app.

    ``DJANGO_SETTINGS_MODULE`` when set; otherwise the development settings, unless a variable
    of ``PRODUCTION_SIGNALS`` is set, which raises ImproperlyConfigured telling to set it.
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get("DJANGO_SETTINGS_MODULE")
    if chosen:
        return chosen
    signals = [name for name in PRODUCTION_SIGNALS if environ.get(name)]
    if signals:
        raise ImproperlyConfigured(
            f"DJANGO_SETTINGS_MODULE is not set, but {', '.join(signals)} "
            f"{'is' if len(signals) == 1 else 'are'}: this looks like a deployment, and the "
            f"development settings ({DEVELOPMENT_SETTINGS}) will not be used silently. Set "
            "DJANGO_SETTINGS_MODULE=config.settings.prod for every process (manage.py, "
            "gunicorn, celery worker and beat), or DJANGO_SETTINGS_MODULE=config.settings.dev "
            "to develop against these services."
        )
    return DEVELOPMENT_SETTINGS


def use_command_line_settings_module() -> None:
    """Set ``DJANGO_SETTINGS_MODULE`` as ``command_line_settings_module`` decides, or exit.

    Side effects: sets the environment variable; exits the process with the message (status 1)
    instead of starting with the development settings in what looks like production.
    """
    try:
        os.environ["DJANGO_SETTINGS_MODULE"] = command_line_settings_module()
    except ImproperlyConfigured as exc:
        sys.exit(f"Error: {exc}")

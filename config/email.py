"""Turn EMAIL_URL into Django email settings.

console://                       print mail (the embedded default)
file:///path                     write each message to a file in that folder
locmem://                        keep mail in memory (tests)
smtp://user:pass@host:25         plain SMTP;  smtp+tls://... STARTTLS;  smtp+ssl://... implicit TLS
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def email_settings_from_url(url: str, *, var_dir: Path) -> dict:
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parts.path or str(var_dir / "mail"),
        }
    if scheme in {"smtp", "smtp+tls", "smtp+ssl"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port
            or (465 if scheme == "smtp+ssl" else 587 if scheme == "smtp+tls" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls",
            "EMAIL_USE_SSL": scheme == "smtp+ssl",
            "EMAIL_TIMEOUT": 30,
        }
    raise ImproperlyConfigured(f"EMAIL_URL scheme {scheme!r} is not supported")

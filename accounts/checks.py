"""System checks for what the accounts part relies on."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_rate_limit_cache(app_configs, **kwargs) -> list[Error]:
    """allauth's rate limits live in the default cache; the dummy cache forgets every hit."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith("DummyCache"):
        return [
            Error(
                "The default cache is the dummy cache, so login and signup rate limits "
                "never trigger.",
                hint="Use the local-memory cache for one process, Redis (REDIS_URL) for several.",
                id="accounts.E001",
            )
        ]
    return []


@register(deploy=True)
def check_site_url(app_configs, **kwargs) -> list[Warning]:
    """Every link in every mail starts with SALA_BASE_URL: left at its development default,
    confirmation, reset and invitation links would point at the recipient's own machine."""
    host = urlsplit(settings.SALA_BASE_URL).hostname or ""
    if host in {"localhost", "127.0.0.1", "::1", ""}:
        return [
            Warning(
                f"SALA_BASE_URL is {settings.SALA_BASE_URL!r}: links in mail will not work "
                "for anyone else.",
                hint="Set SALA_BASE_URL to the site's public address, e.g. https://cfp.example.org",
                id="accounts.W002",
            )
        ]
    return []

"""System checks for what the accounts part relies on."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


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

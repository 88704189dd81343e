"""The settings the accounts part relies on: a real cache, production's shape."""

import json
import os
import subprocess
import sys
from pathlib import Path

from accounts.checks import check_rate_limit_cache

ROOT = Path(__file__).resolve().parents[2]

PRINT_PROD = """
import json
from config.settings import prod
print(json.dumps({
    "DEBUG": prod.DEBUG,
    "CACHE": prod.CACHES["default"]["BACKEND"],
    "PROXIES": prod.ALLAUTH_TRUSTED_PROXY_COUNT,
    "MFA": prod.SALA_ORGANISER_REQUIRES_MFA,
    "EAGER": prod.CELERY_TASK_ALWAYS_EAGER,
}))
"""


def test_the_dummy_cache_is_an_error(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert [e.id for e in check_rate_limit_cache(None)] == ["accounts.E001"]


def test_a_real_cache_passes(settings):
    assert check_rate_limit_cache(None) == []


def test_production_uses_redis_no_debug_and_cannot_relax_mfa():
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 64,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_URL": "smtp://localhost:25",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1",
        "DEBUG": "1",
        "SALA_ORGANISER_REQUIRES_MFA": "0",
        "TRUSTED_PROXY_COUNT": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRINT_PROD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "CACHE": "django.core.cache.backends.redis.RedisCache",
        "PROXIES": 1,
        "MFA": True,
        "EAGER": False,
    }


def test_a_site_url_left_on_localhost_is_flagged_for_deployment(settings):
    from accounts.checks import check_site_url

    settings.SALA_BASE_URL = "http://localhost:8000"
    assert [w.id for w in check_site_url(None)] == ["accounts.W002"]
    settings.SALA_BASE_URL = "https://cfp.example.org"
    assert check_site_url(None) == []

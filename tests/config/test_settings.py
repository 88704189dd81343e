"""The 12-factor settings: environment parsing, email URLs, production refusals."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.email import email_settings_from_url
from config.env import envbool, envint, envlist, envsecret

ROOT = Path(__file__).resolve().parents[2]


def test_envbool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert envbool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert envbool("FLAG", True) is False


def test_envbool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
        envbool("FLAG")


def test_envint_and_envlist(monkeypatch):
    monkeypatch.setenv("COUNT", "3")
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert envint("COUNT", 0) == 3
    assert envint("MISSING_COUNT", 7) == 7
    assert envlist("HOSTS") == ["a.example", "b.example"]


def test_envsecret_reads_a_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("s3cret\n", encoding="utf-8")
    monkeypatch.setenv("TOKEN_FILE", str(secret_file))
    assert envsecret("TOKEN") == "s3cret"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("locmem://", {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}),
    ],
)
def test_simple_email_urls(url, expected):
    assert email_settings_from_url(url, var_dir=Path("/tmp")) == expected


def test_smtp_tls_url_with_encoded_password():
    settings = email_settings_from_url(
        "smtp+tls://mailer%40example.org:p%40ss@smtp.example.org:587", var_dir=Path("/tmp")
    )
    assert settings["EMAIL_HOST"] == "smtp.example.org"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_USER"] == "mailer@example.org"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert settings["EMAIL_USE_TLS"] is True
    assert settings["EMAIL_USE_SSL"] is False


def test_unknown_email_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        email_settings_from_url("carrier-pigeon://", var_dir=Path("/tmp"))


def _import_prod_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "REDIS_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.prod"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_prod_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_redis():
    result = _import_prod_settings(SECRET_KEY="x" * 64)
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_production_starts_with_its_environment():
    result = _import_prod_settings(SECRET_KEY="x" * 64, REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr

"""The 12-factor settings: environment parsing, email URLs, production refusals."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.email import email_settings_from_url
from config.env import command_line_settings_module, envbool, envint, envlist, envsecret

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


DEPLOYMENT_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "REDIS_URL",
    "DATABASE_URL",
    "EMAIL_URL",
    "DEBUG",
}
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 64,
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://localhost:25",
}


def _run(args, **env):
    """Run ``args`` from the project root with none of the deployment variables but ``env``
    (a variable given as None stays unset)."""
    clean = {k: v for k, v in os.environ.items() if k not in DEPLOYMENT_VARIABLES}
    clean.update({k: v for k, v in env.items() if v is not None})
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def _import_settings(module, **env):
    return _run([sys.executable, "-c", f"import {module}"], DJANGO_SETTINGS_MODULE=module, **env)


def _import_prod_settings(**env):
    return _import_settings("config.settings.prod", **env)


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_prod_settings(**{**PRODUCTION_ENV, "SECRET_KEY": None})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_redis():
    result = _import_prod_settings(**{**PRODUCTION_ENV, "REDIS_URL": None})
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


@pytest.mark.parametrize("email_url", [None, ""])
def test_production_refuses_to_start_without_an_email_url(email_url):
    result = _import_prod_settings(**{**PRODUCTION_ENV, "EMAIL_URL": email_url})
    assert result.returncode != 0
    assert "EMAIL_URL must be set in production" in result.stderr


def test_production_starts_with_its_environment():
    result = _import_prod_settings(**PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr


# --- development settings: the development key only with DEBUG on


def test_development_settings_refuse_the_development_key_with_debug_off():
    result = _import_settings("config.settings.dev", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_development_settings_with_debug_off_use_the_given_key():
    code = "from config.settings import dev; print(dev.DEBUG, dev.SECRET_KEY)"
    result = _run(
        [sys.executable, "-c", code],
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="0",
        SECRET_KEY="k" * 50,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"False {'k' * 50}\n"


def test_development_settings_with_debug_on_have_a_development_key():
    code = "from config.settings import dev; print(dev.DEBUG, dev.SECRET_KEY)"
    result = _run([sys.executable, "-c", code])
    assert result.returncode == 0, result.stderr
    assert result.stdout == "True dev-only-insecure-key-never-use-in-production\n"


# --- which settings manage.py and Celery use


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "config.settings.dev"),
        ({"DEBUG": "1", "ALLOWED_HOSTS": "x"}, "config.settings.dev"),
        ({"DJANGO_SETTINGS_MODULE": "config.settings.prod"}, "config.settings.prod"),
        (
            {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DATABASE_URL": "postgres://x"},
            "config.settings.dev",
        ),
    ],
)
def test_command_line_settings_module(environ, expected):
    assert command_line_settings_module(environ) == expected


@pytest.mark.parametrize("name", ["SECRET_KEY", "SECRET_KEY_FILE", "DATABASE_URL", "REDIS_URL"])
def test_a_deployment_without_a_settings_module_is_refused(name):
    with pytest.raises(ImproperlyConfigured) as caught:
        command_line_settings_module({name: "set"})
    assert str(caught.value).startswith(
        f"DJANGO_SETTINGS_MODULE is not set, but {name} is: this looks like a deployment"
    )
    assert "Set DJANGO_SETTINGS_MODULE=config.settings.prod for every process" in str(caught.value)


def test_manage_py_stops_instead_of_running_production_with_dev_settings():
    result = _run([sys.executable, "manage.py", "check"], **PRODUCTION_ENV)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "Error: DJANGO_SETTINGS_MODULE is not set, but SECRET_KEY, REDIS_URL are"
    )


def test_celery_stops_instead_of_running_production_with_dev_settings():
    result = _run([sys.executable, "-m", "celery", "-A", "config", "report"], **PRODUCTION_ENV)
    assert result.returncode == 1
    assert "Set DJANGO_SETTINGS_MODULE=config.settings.prod for every process" in result.stderr


def test_manage_py_still_defaults_to_development_on_a_laptop():
    code = "from django.conf import settings; print(settings.SETTINGS_MODULE)"
    result = _run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code])
    assert result.returncode == 0, result.stderr
    assert result.stdout == "config.settings.dev\n"


def test_manage_py_runs_production_settings_when_told(tmp_path):
    code = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"
    result = _run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SALA_VAR_DIR=str(tmp_path),
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "config.settings.prod False\n"

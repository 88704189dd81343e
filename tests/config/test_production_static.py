"""The README's release step under production settings gives pages their hashed static files.

Runs the real commands in subprocesses, as a deployment would: ``migrate`` and
``collectstatic`` with DJANGO_SETTINGS_MODULE=config.settings.prod into a temporary
STATIC_ROOT, then a page rendered by the production settings, whose ``{% static %}`` URLs must
come from the manifest collectstatic wrote (a collect under dev settings writes none, and
every page then fails under prod).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

GET_LOGIN_PAGE = """
import json
import django
django.setup()
from django.test import Client
response = Client().get("/accounts/login/", HTTP_HOST="sala.example.org", secure=True)
print(json.dumps({"status": response.status_code, "html": response.content.decode()}))
"""


def _production_env(var_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "EMAIL_URL", "SECRET_KEY_FILE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="p" * 64,
        # Never contacted by a GET of the login page; port 1 makes sure of it.
        REDIS_URL="redis://127.0.0.1:1/0",
        EMAIL_URL="smtp://localhost:25",
        ALLOWED_HOSTS="sala.example.org",
        SALA_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'sala.sqlite3'}",
        PYTHONWARNINGS="ignore",
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    return result


def test_collectstatic_under_production_settings_serves_hashed_static_urls(tmp_path):
    env = _production_env(tmp_path)
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    _run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text("utf-8"))

    page = json.loads(_run([sys.executable, "-c", GET_LOGIN_PAGE], env).stdout)

    assert page["status"] == 200
    hashed_css = manifest["paths"]["css/sala.css"]
    assert re.fullmatch(r"css/sala\.[0-9a-f]{12}\.css", hashed_css)
    assert f'<link rel="stylesheet" href="/static/{hashed_css}">' in page["html"]
    assert (tmp_path / "static" / hashed_css).is_file()

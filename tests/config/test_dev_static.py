"""`make run` serves static files as production does: hashed names, compressed, cached for a
year (issue 8, #20). The real commands run in subprocesses under the development settings:
``collectstatic`` (as `make setup` runs it) into a temporary directory, then requests through
the whole middleware stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REQUESTS = """
import json, re
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="localhost")
page = client.get("/accounts/login/").content.decode()
css = re.search(r'<link rel="stylesheet" href="(/static/vendor/bootstrap/[^"]+)"', page).group(1)
out = {"css": css}
for encoding in ("br", "gzip"):
    response = client.get(css, HTTP_ACCEPT_ENCODING=encoding)
    out[encoding] = {
        "status": response.status_code,
        "encoding": response.get("Content-Encoding"),
        "cache": response.get("Cache-Control"),
        "bytes": len(b"".join(response.streaming_content)),
    }
print(json.dumps(out))
"""


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    return result


def test_development_server_serves_hashed_compressed_static_files_cached_for_a_year(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        SALA_VAR_DIR=str(tmp_path),
        PYTHONWARNINGS="ignore",
    )
    _run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)

    out = json.loads(_run([sys.executable, "-c", REQUESTS], env).stdout)

    assert out["css"].startswith("/static/vendor/bootstrap/bootstrap.min.")
    assert out["css"] != "/static/vendor/bootstrap/bootstrap.min.css"  # hashed, even in DEBUG
    year = "max-age=315360000, public, immutable"
    assert out["br"]["status"] == out["gzip"]["status"] == 200
    assert (out["br"]["encoding"], out["br"]["cache"]) == ("br", year)
    assert (out["gzip"]["encoding"], out["gzip"]["cache"]) == ("gzip", year)
    # Bootstrap's 232 KB stylesheet travels in under 35 KB.
    assert out["br"]["bytes"] < 35_000
    assert out["gzip"]["bytes"] < 35_000

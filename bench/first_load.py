"""What the first visit of the public call page transfers (not a test): bytes on the wire.

Fetches the page as a browser's first visit would (nothing cached, `Accept-Encoding: br,
gzip`), then every stylesheet, script, icon, image and font it names (and the fonts and
images those stylesheets name), and prints one row per resource: status, encoding, bytes
transferred (body as sent, compressed where the server compressed it), uncompressed bytes
and Cache-Control. The total is what the issue's budget (100 KB) is about.

    .venv/bin/python bench/first_load.py                       # its own `make run` server
    .venv/bin/python bench/first_load.py --url http://127.0.0.1:8000/   # a running server

Without --url it sets up what `make run` sets up (migrate, the Mahidol call moved to be open
today, collectstatic) in a temporary directory and starts `manage.py runserver` with the
development settings, on a free port; it stops the server afterwards.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 100 * 1024


class Resources(HTMLParser):
    """The URLs a browser fetches on loading the page: stylesheets, scripts, icons, images."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower().split()
            if {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(rel):
                self.urls.append(a["href"])
        elif tag in ("script", "img", "source") and a.get("src"):
            self.urls.append(a["src"])


def css_urls(css: str) -> list[str]:
    """url(...) references in a stylesheet (fonts, images), data: URLs left out."""
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    return [u for u in found if not u.startswith(("data:", "#"))]


def fetch(url: str) -> dict:
    request = urllib.request.Request(
        url,
        headers={"Accept-Encoding": "br, gzip", "User-Agent": "sala-bench-first-load"},
    )
    try:
        response = urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    body = response.read()
    encoding = response.headers.get("Content-Encoding", "")
    if encoding == "gzip":
        plain = gzip.decompress(body)
    elif encoding == "br":
        import brotli

        plain = brotli.decompress(body)
    else:
        plain = body
    header_bytes = len(str(response.headers).encode("latin-1"))
    return {
        "url": url,
        "status": response.status,
        "encoding": encoding or "identity",
        "sent": len(body),
        "headers": header_bytes,
        "plain": len(plain),
        "cache": response.headers.get("Cache-Control", ""),
        "type": response.headers.get("Content-Type", ""),
        "text": plain.decode("utf-8", "replace"),
    }


def first_load(page_url: str) -> list[dict]:
    page = fetch(page_url)
    rows = [page]
    parser = Resources()
    parser.feed(page["text"])
    queue = [urljoin(page["url"], u) for u in parser.urls]
    seen = {page_url}
    while queue:
        url = queue.pop(0)
        if url in seen or urlsplit(url).netloc != urlsplit(page_url).netloc:
            continue
        seen.add(url)
        row = fetch(url)
        rows.append(row)
        if "text/css" in row["type"]:
            queue.extend(urljoin(url, u) for u in css_urls(row["text"]))
    return rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_make_run_server(var_dir: Path) -> tuple[subprocess.Popen, str]:
    """`make run`'s setup (without the demo people) and its server, in ``var_dir``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "REDIS_URL"}
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", SALA_VAR_DIR=str(var_dir))
    python = sys.executable
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["load_mahidol_call", "--open-now"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            [python, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )
    port = free_port()
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.terminate()
        raise SystemExit("runserver did not answer within 30 s")
    return server, url


def report(rows: list[dict]) -> int:
    width = max(len(urlsplit(r["url"]).path) for r in rows)
    print(f"{'resource':<{width}}  status  encoding  transferred  uncompressed  cache-control")
    for r in rows:
        print(
            f"{urlsplit(r['url']).path:<{width}}  {r['status']:>6}  {r['encoding']:<8}  "
            f"{r['sent']:>11,}  {r['plain']:>12,}  {r['cache']}"
        )
    sent = sum(r["sent"] for r in rows)
    headers = sum(r["headers"] for r in rows)
    plain = sum(r["plain"] for r in rows)
    print(
        f"\n{len(rows)} requests: {sent:,} bytes of bodies transferred "
        f"({sent / 1024:.1f} KB; {plain / 1024:.1f} KB uncompressed), "
        f"{(sent + headers) / 1024:.1f} KB with response headers. Budget: {BUDGET / 1024:.0f} KB."
    )
    failed = [r for r in rows if r["status"] != 200]
    if failed:
        print("not 200:", ", ".join(f"{r['url']} ({r['status']})" for r in failed))
    return 0 if sent + headers <= BUDGET and not failed else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="measure this running server's page instead")
    args = parser.parse_args()
    if args.url:
        return report(first_load(args.url))
    with tempfile.TemporaryDirectory(prefix="sala-first-load-") as tmp:
        server, url = run_make_run_server(Path(tmp))
        try:
            # "/" redirects to the current call; measure the call page itself.
            page = urllib.request.urlopen(url, timeout=30).geturl()
            return report(first_load(page))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())

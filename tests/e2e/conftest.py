"""End-to-end tests in a real Chromium (Debian's package), driven by pytest-playwright.

Never downloads a browser: the tests use the system's Chromium and are skipped, with the
reason, where none is installed (`.ci/run` installs it). Every page a journey visits is
checked with axe-core; a serious or critical violation fails the test.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.journey import open_tab

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def system_chromium() -> str | None:
    """The path of the system's Chromium, or None. SALA_CHROMIUM overrides the search."""
    if explicit := os.environ.get("SALA_CHROMIUM"):
        return explicit if Path(explicit).is_file() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def base_url():
    # Overrides pytest-playwright's fallback, a session fixture written as a method that
    # pytest 9 deprecates (an error here); each page gets the live server's URL instead.
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = system_chromium()
    if executable is None:
        pytest.skip(
            "no system Chromium (looked for /usr/bin/chromium; install it with "
            "`apt-get install chromium` or set SALA_CHROMIUM): browser tests not run"
        )
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": CHROMIUM_FLAGS,
        "headless": True,
    }


# pytest-playwright starts Playwright once per session, and Playwright's sync API leaves an
# asyncio loop running in the thread until it stops: every later test in that process would
# run with a live event loop (asgiref's async_to_sync refuses to, and Django's async-safety
# check would be off for no reason). Scoped to a module here, the loop ends with the module's
# last browser test. Chromium starts once per module.
@pytest.fixture(scope="module")
def playwright():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in the test's thread; Django refuses
    # database access from a thread with a running loop unless told it is safe. It is here:
    # the test code is synchronous, and the live server answers from its own thread. Set for
    # exactly as long as the loop runs (the other tests keep Django's check).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="module")
def launch_browser(browser_type_launch_args, browser_type):
    def launch(**kwargs):
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="module")
def browser(launch_browser):
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def browser_context_args():
    return {}


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server (static files served by staticfiles' handler), started
    with a media prefix: uploaded papers have no URL (MEDIA_URL is None), and Django's live
    server wraps every request in a media handler that fails on None. Nothing lives under
    the prefix, so papers stay behind the views that check access."""
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with override_settings(MEDIA_URL="/__media-not-served__/"):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(params=sorted(VIEWPORTS), ids=sorted(VIEWPORTS))
def viewport(request):
    """Each journey runs on a desktop screen and on a 360 × 740 phone screen."""
    return request.param, VIEWPORTS[request.param]


@pytest.fixture
def page(new_context, viewport, live_server):
    """A fresh browser tab on the live server, sized for ``viewport``."""
    return open_tab(new_context, viewport, live_server.url)


@pytest.fixture
def frozen_now(monkeypatch):
    """The server's clock reads REFERENCE_NOW (the live server runs in this process)."""
    from tests.factories import REFERENCE_NOW

    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    return REFERENCE_NOW


@pytest.fixture
def log_in(live_server):
    """Log ``user`` in to the browser ``page`` by its session cookie (no login pages):
    for tests about a page, not about logging in."""
    from django.conf import settings
    from django.test import Client

    def log_in(page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return log_in

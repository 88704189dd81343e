"""Request-level safety nets for the rush before a deadline (issue 9).

- ``CompleteBodyMiddleware``: a request whose body arrived incomplete (fewer bytes than its
  Content-Length, or a multipart body without its closing boundary) is answered with a clear
  400 page before any view runs, so it can never create a draft without its paper.
- ``QueueTimeoutMiddleware``: a request that already waited too long in the queue in front of
  the web processes (measured from the proxy's ``X-Request-Start`` header) is answered at once
  with 503 and ``Retry-After`` ("the site is busy, your draft is safe") instead of being
  worked on after its author has given up.
- ``UncommittedFilesMiddleware``: files written to storage by a request whose transaction
  rolled back are deleted when the request ends (``cfp.storage``).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: How much of the end of a multipart body is kept to look for its closing boundary. Browsers
#: end the body with the closing delimiter and a line break; nothing follows it.
TAIL_BYTES = 1024


class IncompleteBody(MultiPartParserError):
    """The request body ended before it was complete. A ``MultiPartParserError``, so that
    whatever reads the body stops at once and Django answers 400 even without this module's
    middleware; the middleware then replaces that answer with its own page."""


class CompleteBodyStream:
    """The request body, read at most ``length`` bytes, that raises ``IncompleteBody`` when the
    client's stream ends short of ``length`` or (multipart) ends without ``closing``."""

    def __init__(self, raw, length: int, *, closing: bytes | None, state: dict):
        self._raw = raw
        self.remaining = length
        self.closing = closing
        self.state = state
        self.tail = b""

    def _account(self, data: bytes, wanted: int) -> bytes:
        self.remaining -= len(data)
        if self.closing is not None:
            self.tail = (self.tail + data)[-TAIL_BYTES:]
        if wanted and not data and self.remaining > 0:
            self._fail(
                _("the connection ended %(missing)d bytes early") % {"missing": self.remaining}
            )
        if self.remaining == 0 and self.closing is not None and self.closing not in self.tail:
            self._fail(_("the form's closing boundary is missing"))
        return data

    def _fail(self, reason: str):
        self.state["incomplete"] = reason
        raise IncompleteBody(reason)

    def read(self, size: int | None = -1, /) -> bytes:
        if self.remaining <= 0:
            return b""
        wanted = self.remaining if size is None or size < 0 else min(size, self.remaining)
        # A short read is not the end of a socket's stream: read on until ``wanted`` or EOF.
        chunks, got = [], 0
        while got < wanted:
            chunk = self._raw.read(wanted - got)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got < wanted:  # the stream ended before the announced length
            self.remaining -= got
            self._fail(
                _("the connection ended %(missing)d bytes early") % {"missing": self.remaining}
            )
        return self._account(b"".join(chunks), wanted)

    def readline(self, size: int | None = -1, /) -> bytes:
        if self.remaining <= 0:
            return b""
        wanted = self.remaining if size is None or size < 0 else min(size, self.remaining)
        return self._account(self._raw.readline(wanted), wanted)

    def close(self) -> None:
        pass


def _closing_delimiter(content_type: str) -> bytes | None:
    kind, params = parse_header_parameters(content_type or "")
    boundary = params.get("boundary")
    if kind != "multipart/form-data" or not boundary:
        return None
    return b"--" + boundary.encode("ascii", "replace") + b"--"


class CompleteBodyMiddleware:
    """Refuse a request whose body is incomplete, before any view sees it.

    It replaces the request's body stream (``request._stream``, the ``LimitedStream`` Django
    builds from ``wsgi.input``; nothing has read it yet, as this middleware comes first) with a
    ``CompleteBodyStream``. A server such as gunicorn hands the application a short body,
    without error, when the client stops sending (an author who gave up while the upload
    waited); parsing it then fails with ``IncompleteBody``, Django answers 400, and this
    middleware turns that answer into a page that says nothing was saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state: dict = {}
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > 0 and hasattr(request, "_stream") and "wsgi.input" in request.META:
            request._stream = CompleteBodyStream(
                request.META["wsgi.input"],
                length,
                closing=_closing_delimiter(request.META.get("CONTENT_TYPE", "")),
                state=state,
            )
        response = self.get_response(request)
        if "incomplete" in state:
            logger.warning(
                "Incomplete request body refused: %s %s (%s)",
                request.method,
                request.path,
                state["incomplete"],
            )
            response = incomplete_response(request)
        return response


def incomplete_response(request) -> HttpResponse:
    body = render_to_string("incomplete_request.html", {}, request=request)
    response = HttpResponse(body, status=400)
    response["Cache-Control"] = "no-store"
    return response


# --- Overload: tell, do not hide -------------------------------------------------------------


def request_start(header: str) -> float | None:
    """The time (seconds since the epoch) in an ``X-Request-Start`` header, or None.

    Accepts what proxies send: ``t=1700000000.123`` (nginx ``${msec}``: seconds), or whole
    milliseconds or microseconds since the epoch, with or without ``t=``.
    """
    raw = (header or "").strip()
    if raw.startswith("t="):
        raw = raw[2:]
    try:
        value = float(raw)
    except ValueError:
        return None
    if value > 1e14:  # microseconds
        return value / 1e6
    if value > 1e11:  # milliseconds
        return value / 1e3
    return value if value > 0 else None


class QueueTimeoutMiddleware:
    """Answer 503 at once to a request that waited longer than ``SALA_QUEUE_TIMEOUT`` seconds
    between the proxy and a free web process.

    Under a rush every web process is busy and new requests queue in the listen backlog; past
    capacity the queue only grows, and every author waits (20–55 s in the issue's run) until
    the proxy or the browser gives up, while the server still works on requests whose author
    has left. Answering those that waited too long with a quick "busy, try again in a minute"
    (a few milliseconds: no session, no database) drains the queue, so those inside the
    capacity are served in time and the others are told. The proxy must stamp each request
    (nginx: ``proxy_set_header X-Request-Start "t=${msec}";``); without the header nothing is
    refused. Clients cannot gain by forging it: a stamp in the past only refuses their own
    request, and a missing or future one is treated as no wait.
    """

    clock = staticmethod(time.time)

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = float(getattr(settings, "SALA_QUEUE_TIMEOUT", 0) or 0)
        self.retry_after = int(getattr(settings, "SALA_BUSY_RETRY_AFTER", 60))

    def __call__(self, request):
        if self.timeout > 0:
            started = request_start(request.META.get("HTTP_X_REQUEST_START", ""))
            if started is not None and self.clock() - started > self.timeout:
                logger.warning(
                    "Busy: refused %s %s after %.1f s in the queue",
                    request.method,
                    request.path,
                    self.clock() - started,
                )
                return busy_response(self.retry_after)
        return self.get_response(request)


def busy_response(retry_after: int) -> HttpResponse:
    body = render_to_string(
        "busy.html",
        {"SITE_NAME": getattr(settings, "SITE_NAME", "sala"), "retry_after": retry_after},
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


# --- Files of rolled-back transactions --------------------------------------------------------


class UncommittedFilesMiddleware:
    """Delete, when the request ends, the files it wrote whose transaction rolled back
    (``cfp.storage.tracking_written_files``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from cfp.storage import tracking_written_files

        with tracking_written_files():
            return self.get_response(request)

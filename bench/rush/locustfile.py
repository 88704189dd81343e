"""The author's journey before the deadline, through the real forms (bench/rush/run.py runs it).

Each simulated author logs in, opens the new-submission form, creates a draft with a 5 MB
PDF, opens it, edits the title, and submits it: 11 requests (each redirect followed as a request of its own), with the CSRF token and every
hidden field taken from the pages as a browser would. Each author makes one journey and
stops. Every request carries ``X-Request-Start`` stamped when it is sent, as the proxy would
(config/gunicorn.conf.py), so the busy answer (503) works as in production.

Environment: RUSH_AUTHORS (how many journeys), RUSH_RESULTS (where to write what each author
saw), RUSH_SLUG (the conference).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import re
import time
from collections import Counter, defaultdict
from html.parser import HTMLParser

import gevent
from locust import HttpUser, LoadTestShape, constant, events, task
from locust.exception import StopUser

SLUG = os.environ.get("RUSH_SLUG", "mahidol-2017")
AUTHORS = int(os.environ.get("RUSH_AUTHORS", "10"))
#: Seconds over which arrivals ramp up toward the deadline (0: a constant rate, set by -r).
RAMP_SECONDS = float(os.environ.get("RUSH_RAMP_SECONDS", "0"))
RESULTS = os.environ.get("RUSH_RESULTS", "rush-results.json")
PASSWORD = "rush-hour-password-2017"  # noqa: S105 - bench/rush/seed.py
MARK = b"SALA-RUSH-ID-"
MARK_LENGTH = 32

_numbers = itertools.count()
journeys: list[dict] = []
latencies: dict[str, list[float]] = defaultdict(list)
statuses: dict[str, Counter] = defaultdict(Counter)


def _base_pdf() -> bytes:
    """A 2-page PDF carrying 5 MB of incompressible data (an attachment), with a placeholder
    that each author overwrites (same length, so the PDF stays valid) to make it unique."""
    import pypdf
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for page in (1, 2):
        pdf.drawString(72, 720, f"Irregular migrants, refugees or victims? Page {page}.")
        pdf.showPage()
    pdf.save()
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(buffer.getvalue())))
    data = bytearray(os.urandom(5 * 1024 * 1024))
    data[100 : 100 + MARK_LENGTH] = MARK.ljust(MARK_LENGTH, b"0")
    writer.add_attachment("data.bin", bytes(data))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BASE_PDF = _base_pdf()
MARK_AT = BASE_PDF.index(MARK)


def paper_for(number: int) -> bytes:
    tag = (MARK + str(number).encode()).ljust(MARK_LENGTH, b"0")
    return BASE_PDF[:MARK_AT] + tag + BASE_PDF[MARK_AT + MARK_LENGTH :]


class FormParser(HTMLParser):
    """The fields a browser would send for the first form whose action contains ``action``:
    [(name, value)], checked boxes only, the selected (else first) option of each select."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.done = action, False, False
        self.fields: list[tuple[str, str]] = []
        self.options: dict[str, list[str]] = defaultdict(list)
        self._textarea = self._select = None
        self._selected: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and self.action in (a.get("action") or ""):
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                self.options[name].append(a.get("value", "on"))
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self.options[self._select].append(value)
            if "selected" in a:
                self._selected[self._select] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = self._selected.get(self._select)
            if chosen is None and self.options[self._select]:
                chosen = self.options[self._select][0]
            self.fields.append((self._select, chosen or ""))
            self._select = None
        elif tag == "form":
            self.inside, self.done = False, True


def parse_form(html: str, action: str) -> FormParser:
    parser = FormParser(action)
    parser.feed(html)
    if not parser.done:
        raise JourneyError(f"no form for {action}")
    return parser


class JourneyError(Exception):
    pass


def fill(parser: FormParser, title: str) -> list[tuple[str, str]]:
    """The submission form as an author fills it: every field the page shows, with the
    paper's details typed in and the first type, theme and guiding question chosen."""
    typed = {
        "title": title,
        "abstract": "Who decides whether a person crossing the Mekong is a migrant, a refugee "
        "or a victim of trafficking, and what does the label change for them?",
        "keywords": "migration, trafficking, refugees",
        "ethics_statement": "Oral consent was recorded; no names were written down.",
        "action": "save",
    }
    fields = [(k, v) for k, v in parser.fields if k not in typed and k != "action"]
    names = {k for k, _ in fields}
    for choice in ("themes", "guiding_questions"):
        if choice not in names and parser.options.get(choice):
            fields.append((choice, parser.options[choice][0]))
    if parser.options.get("contribution_type"):
        fields = [(k, v) for k, v in fields if k != "contribution_type"]
        first = next(o for o in parser.options["contribution_type"] if o)
        fields.append(("contribution_type", first))
    return fields + list(typed.items())


class Author(HttpUser):
    wait_time = constant(0)

    def request(self, method: str, url: str, name: str, expect: tuple[int, ...], **kwargs):
        headers = {"X-Request-Start": f"t={time.time():.3f}"}
        with self.client.request(
            method, url, name=name, headers=headers, catch_response=True, **kwargs
        ) as response:
            status = response.status_code or "no answer"
            statuses[name][status] += 1
            if response.status_code in expect:
                response.success()
            else:
                response.failure(f"{status}")
                self.seen.append(f"{name}: {status}")
                raise JourneyError(f"{name}: {status}")
            return response

    @task
    def journey(self):
        number = next(_numbers)
        if number >= AUTHORS:
            # Locust replaces a stopped user: the replacements idle until the run ends.
            gevent.sleep(3600)
            raise StopUser()
        email = f"author{number}@rush.example.org"
        paper = paper_for(number)
        result = {
            "email": email,
            "title": f"Rush paper {number}",
            "sha256": hashlib.sha256(paper).hexdigest(),
            "success": False,
            "reference": None,
        }
        self.seen: list[str] = []
        try:
            self.walk(result, email, paper)
        except JourneyError as exc:
            if not self.seen:
                self.seen.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - a client-side surprise is reported, not fatal
            self.seen.append(f"{type(exc).__name__}: {exc}")
        result["seen"] = self.seen
        journeys.append(result)
        if len(journeys) >= AUTHORS and self.environment.runner is not None:
            # From a greenlet of its own: quitting waits for the users, this one included.
            gevent.spawn_later(0.5, self.environment.runner.quit)
        # An author who is done stays (idle) until the run ends: a stopped user would be
        # replaced at once by a new one, and arrivals would follow completions instead of
        # the rate asked for.
        gevent.sleep(3600)
        raise StopUser()

    def walk(self, result: dict, email: str, paper: bytes):
        page = self.request("GET", "/accounts/login/", "login page", (200,))
        form = parse_form(page.text, "/accounts/login/")
        data = dict(form.fields) | {"login": email, "password": PASSWORD}
        # Redirects are followed one by one, each a request of its own with its own stamp.
        done = self.request(
            "POST", "/accounts/login/", "login", (200, 302), data=data, allow_redirects=False
        )
        if done.status_code != 302:
            self.seen.append("login: refused")
            raise JourneyError("login refused")
        self.request("GET", done.headers["Location"], "dashboard", (200,))
        new_url = f"/c/{SLUG}/submissions/new/"
        page = self.request("GET", new_url, "new form", (200,))
        fields = fill(parse_form(page.text, new_url), result["title"])
        created = self.request(
            "POST",
            new_url,
            "create (5 MB)",
            (302,),
            data=fields,
            files={"paper": ("paper.pdf", paper, "application/pdf")},
            allow_redirects=False,
        )
        went = created.headers["Location"]
        # Authors' pages name a submission by its random reference, never its number.
        match = re.search(r"/submissions/([0-9A-Z]{8})/edit/", went)
        if not match:
            raise JourneyError(f"create: went to {went}")
        result["reference"] = match.group(1)
        detail = f"/c/{SLUG}/submissions/{result['reference']}/"
        edit_url = f"{detail}edit/"
        # A saved draft goes back to its form, listing what it still lacks.
        page = self.request("GET", went, "edit form", (200,))
        result["title"] += " (revised)"
        fields = fill(parse_form(page.text, edit_url), result["title"])
        self.request("POST", edit_url, "edit", (302,), data=fields, allow_redirects=False)
        page = self.request("GET", detail, "detail", (200,))
        form = parse_form(page.text, f"{detail}submit/")
        self.request(
            "POST", f"{detail}submit/", "submit", (302,), data=form.fields, allow_redirects=False
        )
        done = self.request("GET", detail, "detail", (200,))
        if "Submitted. All authors get a confirmation by email." not in done.text:
            self.seen.append("submit: no confirmation on the page")
            raise JourneyError("submit: no confirmation")
        result["success"] = True


if RAMP_SECONDS:

    class RampToTheDeadline(LoadTestShape):
        """Arrivals rising linearly toward the deadline: the rate starts at nothing and ends at
        twice the average, so that by time t, AUTHORS·(t/T)² authors have arrived. Locust uses
        a shape class when the locustfile defines one (-u and -r are then ignored)."""

        def tick(self):
            elapsed = self.get_run_time()
            if elapsed > RAMP_SECONDS + 600:
                return None
            arrived = min(AUTHORS, int(AUTHORS * min(1.0, elapsed / RAMP_SECONDS) ** 2) + 1)
            return arrived, 50


@events.request.add_listener
def _record(name, response_time, exception, **kwargs):
    latencies[name].append(response_time)


@events.test_stop.add_listener
def _write(environment, **kwargs):
    with open(RESULTS, "w", encoding="utf-8") as out:
        json.dump(
            {
                "journeys": journeys,
                "latencies": latencies,
                "statuses": {k: {str(s): n for s, n in v.items()} for k, v in statuses.items()},
            },
            out,
        )

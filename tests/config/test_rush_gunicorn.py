"""Issue 9, item 7: the web server's queue is bounded, and production refuses requests that
waited too long in it."""

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_config_bounds_the_queue_and_the_request_time(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_BACKLOG", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WEB_CONCURRENCY", "3")

    conf = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))

    assert (conf["workers"], conf["worker_class"], conf["backlog"], conf["timeout"]) == (
        3,
        "sync",
        64,
        60,
    )


def test_the_draft_keeper_is_a_static_file_without_inline_script():
    script = (ROOT / "static" / "js" / "draft-keeper.js").read_text(encoding="utf-8")
    assert "localStorage" in script
    template = (ROOT / "cfp" / "templates" / "cfp" / "submission_form.html").read_text(
        encoding="utf-8"
    )
    assert "{% static 'js/draft-keeper.js' %}" in template

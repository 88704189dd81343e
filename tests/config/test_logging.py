"""A refused request is one line on the console: no traceback, not printed twice (issue 8,
item 19)."""

import logging

from django.core.exceptions import PermissionDenied

from config.logging import NoClientErrorTraceback
from config.settings import base


def _record(status: int) -> logging.LogRecord:
    try:
        raise PermissionDenied("nope")
    except PermissionDenied:
        import sys

        record = logging.LogRecord(
            "django.request", logging.WARNING, __file__, 1, "Forbidden", (), sys.exc_info()
        )
    record.status_code = status
    return record


def test_a_client_error_is_logged_without_its_traceback():
    record = _record(403)

    assert NoClientErrorTraceback().filter(record) is True

    assert record.exc_info is None
    assert "Traceback" not in logging.Formatter().format(record)


def test_a_server_error_keeps_its_traceback():
    record = _record(500)

    NoClientErrorTraceback().filter(record)

    assert "Traceback" in logging.Formatter().format(record)


def test_django_messages_reach_the_console_once():
    django_logger = base.LOGGING["loggers"]["django"]
    assert django_logger["handlers"] == []  # not Django's own console handler as well
    assert django_logger["propagate"] is True
    assert base.LOGGING["root"]["handlers"] == ["console"]
    assert base.LOGGING["handlers"]["console"]["filters"] == ["no_client_error_traceback"]

"""Logging helpers for the settings' ``LOGGING``.

``NoClientErrorTraceback``: a refused request (403, 404: a ``PermissionDenied`` or
``Http404`` raised on purpose) is logged as one line, without the exception's traceback;
server errors (5xx) keep theirs.
"""

import logging


class NoClientErrorTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True

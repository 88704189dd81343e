"""A file mail backend that takes its time, so that a test can kill a Celery worker while it
sends (tests/test_celery_worker.py). Settings for that worker: ``tests.rush_slow_mail``."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend

from config.settings.dev import *  # noqa: F403

EMAIL_BACKEND = "tests.rush_slow_mail.SlowFileBackend"


class SlowFileBackend(FileBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SALA_TEST_MAIL_DELAY", "1")))
        return super().send_messages(email_messages)

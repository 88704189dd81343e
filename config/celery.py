"""The Celery app. Without CELERY_BROKER_URL, tasks run eagerly in-process (see settings).

``celery -A config worker`` / ``beat`` choose their settings as manage.py does: the
development settings only where nothing says production (see config.env). Production sets
DJANGO_SETTINGS_MODULE=config.settings.prod for every process.
"""

from celery import Celery

from config.env import use_command_line_settings_module

# Before Celery(): its Django fixup installs itself only when DJANGO_SETTINGS_MODULE is set.
use_command_line_settings_module()

app = Celery("sala")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

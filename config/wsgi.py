"""The WSGI entry point (gunicorn config.wsgi:application).

Settings are chosen as for manage.py and Celery (config.env): DJANGO_SETTINGS_MODULE when
set — production sets config.settings.prod for every process —, the development settings
where nothing says production, and a refusal to start where something does.
"""

from django.core.wsgi import get_wsgi_application

from config.env import use_command_line_settings_module

use_command_line_settings_module()

application = get_wsgi_application()

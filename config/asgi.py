"""The ASGI entry point (gunicorn config.asgi:application).

Settings are chosen as for manage.py and Celery (config.env): DJANGO_SETTINGS_MODULE when
set — production sets config.settings.prod for every process —, the development settings
where nothing says production, and a refusal to start where something does.
"""

from django.core.asgi import get_asgi_application

from config.env import use_command_line_settings_module

use_command_line_settings_module()

application = get_asgi_application()

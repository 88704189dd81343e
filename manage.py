#!/usr/bin/env python
"""Django's command-line utility.

Uses DJANGO_SETTINGS_MODULE; without it, the development settings, except where the
environment looks like a deployment (SECRET_KEY, DATABASE_URL or REDIS_URL set): there it
stops and asks for DJANGO_SETTINGS_MODULE instead of running production with dev settings.
"""

import sys


def main() -> None:
    from config.env import use_command_line_settings_module

    use_command_line_settings_module()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

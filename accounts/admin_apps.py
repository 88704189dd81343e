"""The admin app, with sala's MFA-gated site as the default ``admin.site``.

A module of its own: INSTALLED_APPS imports it before the models are ready, so it must not
import anything that defines models (accounts/admin_site.py does, through django.contrib.auth).
"""

from django.contrib.admin.apps import AdminConfig


class SalaAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.SalaAdminSite"

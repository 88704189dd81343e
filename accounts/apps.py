from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the system checks)
        from .middleware import stamp_session_renewal

        # A fresh session counts as renewed: the login saves it anyway, so the first
        # requests after it write nothing (accounts.middleware.SessionRenewalMiddleware).
        user_logged_in.connect(stamp_session_renewal, dispatch_uid="sala-session-renewal")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CfpConfig(AppConfig):
    name = "cfp"
    verbose_name = _("Call for papers")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CfpConfig(AppConfig):
    name = "cfp"
    verbose_name = _("Call for papers")

    def ready(self) -> None:
        from accounts import personal_data

        from . import privacy

        personal_data.register_exporter("submissions", privacy.export_user_data)
        personal_data.register_eraser("submissions", privacy.erase_user_data)
        personal_data.register_deletion_preview("submissions", privacy.deletion_preview)
        personal_data.register_exporter("organiser_roles", privacy.export_organiser_roles)
        personal_data.register_eraser("organiser_roles", privacy.erase_organiser_roles)
        personal_data.register_deletion_preview("organiser_roles", privacy.organiser_roles_preview)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CfpConfig(AppConfig):
    name = "cfp"
    verbose_name = _("Call for papers")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from accounts import personal_data

        from . import privacy
        from .call_cache import touch_call_of
        from .models import ContributionType, GuidingQuestion, Organisation, Theme

        # What the public call page shows besides the conference row: a change to any of
        # these marks the cached page stale (see cfp.call_cache).
        for model in (Theme, GuidingQuestion, ContributionType, Organisation):
            post_save.connect(touch_call_of, sender=model, dispatch_uid=f"call-cache-{model}")
            post_delete.connect(touch_call_of, sender=model, dispatch_uid=f"call-cache-del-{model}")

        personal_data.register_exporter("submissions", privacy.export_user_data)
        personal_data.register_eraser("submissions", privacy.erase_user_data)
        personal_data.register_deletion_preview("submissions", privacy.deletion_preview)
        personal_data.register_exporter("organiser_roles", privacy.export_organiser_roles)
        personal_data.register_eraser("organiser_roles", privacy.erase_organiser_roles)
        personal_data.register_deletion_preview("organiser_roles", privacy.organiser_roles_preview)

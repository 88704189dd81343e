from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from accounts import personal_data
        from cfp import sections, submission_links

        from . import links, privacy, rules  # noqa: F401 - registers the permissions

        personal_data.register_exporter("programme", privacy.export_user_data)
        personal_data.register_eraser("programme", privacy.erase_user_data)
        personal_data.register_deletion_preview("programme", privacy.deletion_preview)
        # The camera-ready page and the visa letter, from the author's submission page.
        submission_links.register("programme", links.submission_links)
        for section in links.ORGANISER_SECTIONS:
            sections.register_organiser_section(section)
        sections.register_call_links("programme", links.call_links)

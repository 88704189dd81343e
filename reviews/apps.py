from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from accounts import personal_data
        from cfp import conflicts

        from . import conflicts_source, privacy

        conflicts.register_source("reviews", conflicts_source.submission_ids_conflicted_for)

        from cfp import submission_links

        from .views.conflicts import author_conflicts_link

        submission_links.register("reviews.conflicts", author_conflicts_link)

        personal_data.register_exporter("committee", privacy.export_user_data)
        personal_data.register_eraser("committee", privacy.erase_user_data)
        personal_data.register_deletion_preview("committee", privacy.deletion_preview)

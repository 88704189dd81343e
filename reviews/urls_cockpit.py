"""The chair's cockpit: progress, reminders, scores, the ranked table, discussion."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import areas
from .views import cockpit, discussion

urlpatterns = [
    path("c/<slug:conference>/cockpit/", cockpit.progress, name="cockpit_progress"),
    path("c/<slug:conference>/cockpit/remind/", cockpit.remind, name="cockpit_remind"),
    path("c/<slug:conference>/cockpit/ranking/", cockpit.ranking, name="cockpit_ranking"),
    path(
        "c/<slug:conference>/cockpit/ranking.csv", cockpit.ranking_csv, name="cockpit_ranking_csv"
    ),
    path(
        "c/<slug:conference>/cockpit/ranking.xlsx",
        cockpit.ranking_xlsx,
        name="cockpit_ranking_xlsx",
    ),
    path(
        "c/<slug:conference>/discussion/<int:number>/",
        discussion.thread,
        name="discussion",
    ),
    path(
        "c/<slug:conference>/discussion/<int:number>/meta-review/",
        discussion.meta_review,
        name="meta_review",
    ),
]

# Links on the committee home page (reviews/areas.py).
areas.register(
    areas.CommitteeLink(
        key="cockpit_progress",
        label=_("Review progress"),
        url_name="reviews:cockpit_progress",
        audience="manage",
        description=_("Reviews done and due, by theme and by reviewer; remind who is late."),
        order=70,
    )
)
areas.register(
    areas.CommitteeLink(
        key="cockpit_ranking",
        label=_("Ranked submissions"),
        url_name="reviews:cockpit_ranking",
        audience="manage",
        description=_("Scores, normalised scores and disagreement, sortable and exported."),
        order=75,
    )
)

"""The chair's cockpit: progress, reminders, scores, the ranked table, discussion."""

from django.urls import path

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

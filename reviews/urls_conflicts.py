"""Conflicts of interest: declared by authors, reviewers and chairs; the affinity settings
and "why this score" (reviews/views/conflicts.py)."""

from django.urls import path

from .views import conflicts

urlpatterns = [
    path(
        "c/<slug:conference>/submissions/<slug:reference>/conflicts/",
        conflicts.author_conflicts,
        name="author_conflicts",
    ),
    path(
        "c/<slug:conference>/committee/conflicts/",
        conflicts.conference_conflicts,
        name="conflicts",
    ),
    path(
        "c/<slug:conference>/committee/conflicts/refresh/",
        conflicts.refresh_conflicts,
        name="conflicts_refresh",
    ),
    path(
        "c/<slug:conference>/committee/submissions/<int:number>/conflicts/",
        conflicts.submission_conflicts,
        name="submission_conflicts",
    ),
    path(
        "c/<slug:conference>/committee/submissions/<int:number>/affinity/<int:user_id>/",
        conflicts.why_score,
        name="why_score",
    ),
    path(
        "c/<slug:conference>/committee/affinity-settings/",
        conflicts.affinity_settings,
        name="affinity_settings",
    ),
]

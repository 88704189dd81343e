"""reviews' pages, one module of routes per part of the committee's work (so that each part
reads on its own): the committee, conflicts of interest, bidding, the assignment, reviewing,
the chair's cockpit, decisions."""

from django.urls import include, path

app_name = "reviews"

urlpatterns = [
    path("", include("reviews.urls_committee")),
    path("", include("reviews.urls_conflicts")),
    path("", include("reviews.urls_bidding")),
    path("", include("reviews.urls_assignment")),
    path("", include("reviews.urls_reviewing")),
    path("", include("reviews.urls_cockpit")),
    path("", include("reviews.urls_decisions")),
]

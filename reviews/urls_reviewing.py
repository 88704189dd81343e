"""Reviewing: the review form's criteria, writing and submitting reviews, declining.

Everything lives under ``/c/<slug>/reviews/``; the reviewer's queue is at
``/c/<slug>/reviewing/`` (reviews:queue, in the assignment part), and ``/c/<slug>/reviews/``
redirects there."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .areas import CommitteeLink, register
from .views import queue
from .views import reviewing as views

base = "c/<slug:conference>/reviews/"

urlpatterns: list = [
    # The former "Your reviews" page: 301 to the one queue (reviews:queue).
    path(base, queue.my_reviews, name="mine"),
    path(f"{base}criteria/", views.criteria, name="criteria"),
    path(f"{base}criteria/add/", views.criterion_form, name="criterion_add"),
    path(f"{base}criteria/suggested/", views.criteria_suggested, name="criteria_suggested"),
    path(f"{base}criteria/<int:pk>/", views.criterion_form, name="criterion_edit"),
    path(f"{base}criteria/<int:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path(f"{base}criteria/<int:pk>/move/", views.criterion_move, name="criterion_move"),
    path(f"{base}settings/", views.reviewing_settings, name="reviewing_settings"),
    path(f"{base}declines/", views.declines, name="declines"),
    path(f"{base}declines/<int:pk>/handled/", views.decline_handled, name="decline_handled"),
    path(f"{base}reopen/<int:pk>/", views.reopen, name="reopen"),
    path(f"{base}paper/<str:reference>/", views.review, name="review"),
    path(f"{base}paper/<str:reference>/decline/", views.decline, name="decline"),
]

# Links on the committee home page (reviews/areas.py).
register(
    CommitteeLink(
        key="review_form",
        label=_("Review form"),
        url_name="reviews:criteria",
        audience="organiser",
        description=_("The criteria reviewers score, per contribution type."),
        order=70,
    )
)
register(
    CommitteeLink(
        key="declines",
        label=_("Declined assignments"),
        url_name="reviews:declines",
        audience="manage",
        description=_("Reviewers who declined a paper, and why."),
        order=75,
    )
)

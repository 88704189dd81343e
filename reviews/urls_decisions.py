"""Decisions, the author response and the notification mails."""

from django.urls import path

from cfp import submission_links

from .views import author_response, decisions

P = "c/<slug:conference>/committee/decisions/"

urlpatterns = [
    path(P, decisions.decisions_list, name="decisions"),
    path(f"{P}bulk/", decisions.decisions_bulk, name="decisions_bulk"),
    path(f"{P}release/", decisions.decisions_release, name="decisions_release"),
    path(f"{P}mails/", decisions.notification_templates, name="notification_templates"),
    path(f"{P}mails/sent/", decisions.notification_messages, name="notification_messages"),
    path(f"{P}mails/sent/retry/", decisions.notification_retry, name="notification_retry"),
    path(
        f"{P}mails/<slug:outcome>/",
        decisions.notification_template,
        name="notification_template",
    ),
    path(f"{P}<int:number>/", decisions.decision_detail, name="decision_detail"),
    path(
        "c/<slug:conference>/committee/submissions/<int:number>/author-response/",
        author_response.committee_author_response,
        name="committee_author_response",
    ),
    path(
        "c/<slug:conference>/submissions/<slug:reference>/reviews/",
        author_response.author_reviews,
        name="author_reviews",
    ),
]

submission_links.register("reviews_decisions", author_response.submission_links)


def _register_committee_links() -> None:
    """Links on the committee home page (reviews/areas.py)."""
    from django.utils.translation import gettext_lazy as _

    from . import areas

    areas.register(
        areas.CommitteeLink(
            key="decisions",
            label=_("Decisions"),
            url_name="reviews:decisions",
            audience="manage",
            description=_("Decide submissions one by one or in bulk; release the decisions."),
            order=80,
        )
    )
    areas.register(
        areas.CommitteeLink(
            key="notification_mails",
            label=_("Notification mails"),
            url_name="reviews:notification_templates",
            audience="organiser",
            description=_("The mail for each outcome, its preview, and every message sent."),
            order=85,
        )
    )


_register_committee_links()

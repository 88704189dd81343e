"""The assignment: settings, runs, preview, confirmation, by hand; the reviewer's queue."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .areas import CommitteeLink, register
from .views import assignment, queue

urlpatterns = [
    path("c/<slug:conference>/assignment/", assignment.assignment_home, name="assignment_home"),
    path(
        "c/<slug:conference>/assignment/run/",
        assignment.assignment_start,
        name="assignment_start",
    ),
    path(
        "c/<slug:conference>/assignment/runs/<int:run>/",
        assignment.assignment_run,
        name="assignment_run",
    ),
    path(
        "c/<slug:conference>/assignment/runs/<int:run>/confirm/",
        assignment.assignment_confirm,
        name="assignment_confirm",
    ),
    path(
        "c/<slug:conference>/assignment/submissions/",
        assignment.assignment_submissions,
        name="assignment_submissions",
    ),
    path(
        "c/<slug:conference>/assignment/submissions/<int:number>/",
        assignment.assignment_submission,
        name="assignment_submission",
    ),
    path("c/<slug:conference>/reviewing/", queue.queue, name="queue"),
    path(
        "c/<slug:conference>/reviewing/<int:number>/paper/",
        queue.queue_download,
        name="queue_download",
    ),
]

# Links on the committee home page (reviews/areas.py).
register(
    CommitteeLink(
        key="assignment",
        label=_("Assignment of reviewers"),
        url_name="reviews:assignment_home",
        audience="manage",
        description=_(
            "Settings, runs of the assignment with their preview, and assignment by hand."
        ),
        order=60,
    )
)
register(
    CommitteeLink(
        key="queue",
        label=_("Your reviews"),
        url_name="reviews:queue",
        audience="member",
        description=_(
            "The papers assigned to you: download them, write, save and submit your reviews, "
            "or decline one."
        ),
        order=30,
    )
)

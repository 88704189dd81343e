"""The assignment: settings, runs, preview, confirmation, by hand; the reviewer's queue."""

from django.urls import path

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

from django.urls import path

from .views import call, dashboard, organiser, submissions
from .views import organiser_submissions as org_subs

app_name = "cfp"

urlpatterns = [
    path("", call.current_call, name="current_call"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("c/<slug:conference>/", call.call, name="call"),
    # The author's journey (cfp/views/submissions/): a submission is named by its random
    # reference, never by the organisers' number.
    path(
        "c/<slug:conference>/submissions/new/",
        submissions.submission_create,
        name="submission_create",
    ),
    path(
        "c/<slug:conference>/submissions/<slug:reference>/",
        submissions.submission_detail,
        name="submission_detail",
    ),
    path(
        "c/<slug:conference>/submissions/<slug:reference>/edit/",
        submissions.submission_edit,
        name="submission_edit",
    ),
    path(
        "c/<slug:conference>/submissions/<slug:reference>/submit/",
        submissions.submission_submit,
        name="submission_submit",
    ),
    path(
        "c/<slug:conference>/submissions/<slug:reference>/withdraw/",
        submissions.submission_withdraw,
        name="submission_withdraw",
    ),
    path(
        "c/<slug:conference>/submissions/<slug:reference>/confirm-authorship/",
        submissions.submission_confirm_authorship,
        name="submission_confirm_authorship",
    ),
    path(
        "c/<slug:conference>/submissions/<slug:reference>/files/<slug:kind>/v<int:version>/",
        submissions.submission_file_download,
        name="submission_file_download",
    ),
    # The call (cfp/views/call.py) and its organiser area (cfp/views/organiser.py).
    path("c/<slug:conference>/themes/<slug:theme>/", call.theme, name="theme"),
    path(
        "c/<slug:conference>/types/<slug:type>/",
        call.contribution_type,
        name="contribution_type",
    ),
    path("c/<slug:conference>/organise/", organiser.home, name="organiser_home"),
    path("c/<slug:conference>/organise/details/", organiser.details, name="organiser_details"),
    path(
        "c/<slug:conference>/organise/confirm-dates/",
        organiser.confirm_dates,
        name="organiser_confirm_dates",
    ),
    *organiser.item_urlpatterns(),
    path(
        "c/<slug:conference>/organise/organisers/",
        organiser.organisers,
        name="organiser_organisers",
    ),
    path(
        "c/<slug:conference>/organise/organisers/<int:pk>/remove/",
        organiser.organiser_remove,
        name="organiser_organiser_remove",
    ),
    # Staff only; outside /c/ so that no conference slug can collide with it.
    path("staff/conferences/new/", organiser.conference_new, name="conference_new"),
    path("staff/c/<slug:conference>/step-in/", organiser.step_in, name="organiser_step_in"),
    # Organiser: submissions and questions for authors (cfp/views/organiser_submissions.py).
    path(
        "c/<slug:conference>/organise/submissions/",
        org_subs.submission_list,
        name="organiser_submissions",
    ),
    path(
        "c/<slug:conference>/organise/submissions.csv",
        org_subs.export_submissions_csv,
        name="organiser_submissions_csv",
    ),
    path(
        "c/<slug:conference>/organise/submissions.xlsx",
        org_subs.export_submissions_xlsx,
        name="organiser_submissions_xlsx",
    ),
    path(
        "c/<slug:conference>/organise/submissions/<int:number>/",
        org_subs.submission_detail,
        name="organiser_submission_detail",
    ),
    path(
        "c/<slug:conference>/organise/submissions/<int:number>/reopen/",
        org_subs.submission_reopen,
        name="organiser_submission_reopen",
    ),
    path(
        "c/<slug:conference>/organise/submissions/<int:number>/close/",
        org_subs.submission_close,
        name="organiser_submission_close",
    ),
    path(
        "c/<slug:conference>/organise/questions/",
        org_subs.question_list,
        name="organiser_questions",
    ),
    path(
        "c/<slug:conference>/organise/questions/add/",
        org_subs.question_edit,
        name="organiser_question_add",
    ),
    path(
        "c/<slug:conference>/organise/questions/<int:pk>/",
        org_subs.question_edit,
        name="organiser_question_edit",
    ),
    path(
        "c/<slug:conference>/organise/questions/<int:pk>/delete/",
        org_subs.question_delete,
        name="organiser_question_delete",
    ),
    path(
        "c/<slug:conference>/organise/questions/<int:pk>/move/",
        org_subs.question_move,
        name="organiser_question_move",
    ),
]

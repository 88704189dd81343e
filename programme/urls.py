from django.urls import path

from . import urls_printing, urls_public, urls_schedule, views

app_name = "programme"

urlpatterns = [
    path(
        "c/<slug:conference>/submissions/<slug:reference>/camera-ready/",
        views.camera_ready,
        name="camera_ready",
    ),
    path(
        "c/<slug:conference>/submissions/<slug:reference>/camera-ready/final.pdf",
        views.camera_ready_file,
        name="camera_ready_file",
    ),
    path(
        "c/<slug:conference>/submissions/<slug:reference>/visa-letter/",
        views.visa_letter_request,
        name="visa_letter_request",
    ),
    path(
        "c/<slug:conference>/visa-letters/<int:pk>/letter.pdf",
        views.visa_letter_download,
        name="visa_letter_download",
    ),
    path(
        "c/<slug:conference>/organise/camera-ready/",
        views.organiser_camera_ready,
        name="organiser_camera_ready",
    ),
    path(
        "c/<slug:conference>/organise/camera-ready/remind/",
        views.organiser_camera_ready_remind,
        name="organiser_camera_ready_remind",
    ),
    path(
        "c/<slug:conference>/organise/camera-ready/<slug:reference>/reopen/",
        views.organiser_camera_ready_reopen,
        name="organiser_camera_ready_reopen",
    ),
    path(
        "c/<slug:conference>/organise/visa-letters/",
        views.organiser_visa_letters,
        name="organiser_visa_letters",
    ),
    path(
        "c/<slug:conference>/organise/visa-letters/<int:pk>/decide/",
        views.organiser_visa_decide,
        name="organiser_visa_decide",
    ),
]

# The schedule editor, the public programme and its exports, and the printed programme.
urlpatterns += [
    *urls_schedule.urlpatterns,
    *urls_public.urlpatterns,
    *urls_printing.urlpatterns,
]

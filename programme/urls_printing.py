"""URLs: printing (issue 13)."""

from django.urls import path

from .views import printing

urlpatterns: list = [
    path(
        "c/<slug:conference>/organise/programme/draft.pdf",
        printing.draft_programme_pdf,
        name="draft_programme_pdf",
    ),
    path(
        "c/<slug:conference>/programme/programme.pdf",
        printing.public_programme_pdf,
        name="public_programme_pdf",
    ),
]

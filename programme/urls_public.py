"""URLs: the published programme, its exports, and the organisers' publishing pages."""

from django.urls import path

from .views import public, publishing

P = "c/<slug:conference>/programme/"

urlpatterns: list = [
    path(P, public.programme_at_a_glance, name="public_programme"),
    path(P + "themes/", public.programme_by_theme, name="public_themes"),
    path(P + "sessions/<int:session_id>/", public.programme_session, name="public_session"),
    path(
        P + "presentations/<int:presentation_id>/",
        public.programme_presentation,
        name="public_presentation",
    ),
    path(P + "search/", public.programme_search, name="public_search"),
    path(P + "changes/", public.programme_changes, name="public_changes"),
    path(P + "programme.ics", public.programme_ics, name="public_programme_ics"),
    path(
        P + "sessions/<int:session_id>/session.ics", public.session_ics, name="public_session_ics"
    ),
    path(P + "programme.json", public.programme_json, name="public_programme_json"),
    path(P + "schedule.xml", public.schedule_xml, name="public_schedule_xml"),
    path("c/<slug:conference>/organise/programme/publish/", publishing.publish, name="publish"),
    path(
        "c/<slug:conference>/organise/programme/versions/<int:version_number>/",
        publishing.version_changes,
        name="version_changes",
    ),
]

"""URLs: the organisers' schedule editor (issue 13, building the programme)."""

from django.urls import path

from reviews import areas

from .views import schedule

P = "c/<slug:conference>/organise/programme/"

urlpatterns = [
    path(P, schedule.editor, name="schedule"),
    path(f"{P}move-session/", schedule.session_move, name="schedule_session_move"),
    path(f"{P}place-paper/", schedule.paper_place, name="schedule_paper_place"),
    path(
        f"{P}presentations/<int:pk>/move/",
        schedule.presentation_move,
        name="schedule_presentation_move",
    ),
    path(
        f"{P}presentations/<int:pk>/remove/",
        schedule.presentation_remove,
        name="schedule_presentation_remove",
    ),
    path(f"{P}suggest/", schedule.suggest, name="schedule_suggest"),
    path(f"{P}days/", schedule.days, name="schedule_days"),
    path(f"{P}days/<int:pk>/", schedule.day_edit, name="schedule_day_edit"),
    path(f"{P}days/<int:pk>/delete/", schedule.day_delete, name="schedule_day_delete"),
    path(f"{P}rooms/", schedule.rooms, name="schedule_rooms"),
    path(f"{P}rooms/<int:pk>/", schedule.room_edit, name="schedule_room_edit"),
    path(f"{P}rooms/<int:pk>/delete/", schedule.room_delete, name="schedule_room_delete"),
    path(f"{P}sessions/add/", schedule.session_add, name="schedule_session_add"),
    path(f"{P}sessions/<int:pk>/", schedule.session_edit, name="schedule_session_edit"),
    path(f"{P}sessions/<int:pk>/delete/", schedule.session_delete, name="schedule_session_delete"),
]


def _register_committee_link() -> None:
    """The schedule editor on the committee home page (reviews/areas.py), with its count of
    warnings."""
    from django.utils.translation import gettext_lazy as _

    areas.register(
        areas.CommitteeLink(
            key="schedule",
            label=_("Build the programme"),
            url_name="programme:schedule",
            audience="organiser",
            description=_(
                "Days, rooms and sessions on a day × room grid; place the accepted papers."
            ),
            order=95,
            template="programme/schedule/committee_panel.html",
        )
    )


_register_committee_link()

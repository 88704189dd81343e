"""Forms of the schedule editor. They parse and check; the writes are in
programme.domain.schedule. Clashes (double-booked rooms, sessions outside their day) are not
errors: the editor shows them as warnings."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cfp.forms.call import DateInput

from .domain.schedule import SESSION_FIELDS
from .models import ProgrammeDay, Room, Session


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class DayForm(forms.ModelForm):
    class Meta:
        model = ProgrammeDay
        fields = ["date", "starts", "ends"]
        widgets = {"date": DateInput(), "starts": TimeInput(), "ends": TimeInput()}

    def __init__(self, *args, conference, **kwargs):
        self.conference = conference
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The day must end after it starts."))
        date = data.get("date")
        if date:
            others = ProgrammeDay.objects.filter(conference=self.conference, date=date)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("date", _("This day is already in the programme."))
        return data

    def validate_unique(self):
        # The conference is not a form field; clean() checks the date once per conference.
        pass


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "capacity", "order"]
        help_texts = {"order": _("Rooms are shown left to right by this number.")}

    def __init__(self, *args, conference, **kwargs):
        self.conference = conference
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Room.objects.filter(conference=self.conference, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("There is already a room of this name."))
        return name

    def validate_unique(self):
        pass


class ChairChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.full_name or user.email


def chair_queryset(conference):
    """People who may chair: the conference's organisers and committee members."""
    return (
        get_user_model()
        .objects.filter(
            Q(organised_conferences=conference) | Q(committee_memberships__conference=conference)
        )
        .distinct()
        .order_by("full_name", "email")
    )


class SessionForm(forms.ModelForm):
    chair = ChairChoice(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Chair"),
        help_text=_("An organiser or committee member; or type the chair's name below."),
    )

    class Meta:
        model = Session
        fields = list(SESSION_FIELDS)  # what domain.save_session accepts
        widgets = {
            "starts": TimeInput(),
            "ends": TimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "day": _("Leave the day and times empty for a draft not yet on the grid."),
            "chair_name": _("As printed in the programme (e.g. with a title)."),
        }

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = conference.themes.order_by("order", "title")
        self.fields["room"].queryset = Room.objects.filter(conference=conference)
        self.fields["day"].queryset = ProgrammeDay.objects.filter(conference=conference)
        self.fields["chair"].queryset = chair_queryset(conference)

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if (starts is None) != (ends is None):
            missing = "ends" if ends is None else "starts"
            self.add_error(missing, _("Give both the start and the end, or neither."))
        elif starts and ends and ends <= starts:
            self.add_error("ends", _("The session must end after it starts."))
        if day is not None and starts is None and ends is None and not self.has_error("starts"):
            self.add_error("starts", _("A session on a day needs its start and end times."))
        return data


class MoveSessionForm(forms.Form):
    """Put a session on the grid (day, room, start), or take it off (no day)."""

    session = forms.ModelChoiceField(queryset=Session.objects.none(), label=_("Session"))
    day = forms.ModelChoiceField(
        queryset=ProgrammeDay.objects.none(),
        required=False,
        label=_("Day"),
        empty_label=_("Off the grid (draft)"),
    )
    room = forms.ModelChoiceField(
        queryset=Room.objects.none(), required=False, label=_("Room"), empty_label=_("No room")
    )
    starts = forms.TimeField(required=False, label=_("Starts at"), widget=TimeInput())

    def __init__(self, *args, conference, sessions=None, days=None, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(conference=conference)
        self.fields["day"].queryset = ProgrammeDay.objects.filter(conference=conference)
        self.fields["room"].queryset = Room.objects.filter(conference=conference)
        # Choices from lists already loaded: the editor page asks the database once.
        if sessions is not None:
            self.fields["session"].choices = [("", "---------")] + [
                (s.pk, s.title) for s in sessions
            ]
        if days is not None:
            self.fields["day"].choices = [("", self.fields["day"].empty_label)] + [
                (d.pk, date_format(d.date, "D j M Y")) for d in days
            ]
        if rooms is not None:
            self.fields["room"].choices = [("", self.fields["room"].empty_label)] + [
                (r.pk, r.name) for r in rooms
            ]

    def clean(self):
        data = super().clean()
        if data.get("day") is not None and data.get("starts") is None:
            self.add_error("starts", _("Give the time the session starts on that day."))
        return data


class PlacePaperForm(forms.Form):
    """Place an accepted paper in a session at a position, or move it to another."""

    submission = forms.IntegerField(label=_("Paper"), widget=forms.Select)
    session = forms.IntegerField(label=_("Into session"), widget=forms.Select)
    position = forms.IntegerField(
        label=_("At position"),
        min_value=1,
        required=False,
        help_text=_("1 is first; empty: at the end."),
    )

    def __init__(self, *args, papers=(), sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].widget.choices = [("", "---------")] + [
            (s.pk, f"#{s.number} {s.title}") for s in papers
        ]
        self.fields["session"].widget.choices = [("", "---------")] + [
            (s.pk, s.title) for s in sessions
        ]


class SuggestForm(forms.Form):
    session_minutes = forms.IntegerField(
        label=_("Length of a paper session (minutes)"),
        min_value=15,
        max_value=480,
        initial=90,
        help_text=_("Each draft session holds papers whose presentations add up to at most this."),
    )
    posters = forms.ChoiceField(
        label=_("Posters"),
        choices=[
            ("theme", _("One poster session per theme")),
            ("one", _("One poster session for all themes")),
        ],
        initial="theme",
        widget=forms.RadioSelect,
    )

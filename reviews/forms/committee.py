"""Forms of the committee's pages: invitations (one person, or a pasted list), answering an
invitation, a member's role, and the committee profile."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cfp.models import Conference, Theme

from ..domain.committee import InvitationRow
from ..models import CommitteeMember, Invitation

#: The most people one pasted list may invite.
MAX_PASTED_LINES = 500

Role = CommitteeMember.Role


def themes_offered(conference: Conference, *, user, organiser: bool):
    """The themes ``user`` may invite people for: all for an organiser, a chair's own."""
    from ..queries import themes_chaired_by

    qs = Theme.objects.filter(conference=conference)
    if not organiser:
        qs = qs.filter(pk__in=themes_chaired_by(user, conference).values("pk"))
    return qs.order_by("order", "pk")


class InviteForm(forms.Form):
    """Invite one person. A theme chair invites reviewers for their own themes only."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.REVIEWER)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For a theme chair: the themes they will chair (at least one). For a reviewer: "
            "the themes they are invited for, offered as their themes of expertise."
        ),
    )

    def __init__(self, *args, conference: Conference, user, organiser: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.fields["themes"].queryset = themes_offered(conference, user=user, organiser=organiser)
        if not organiser:
            self.fields["role"].choices = [(Role.REVIEWER, Role.REVIEWER.label)]

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.THEME_CHAIR and not data.get("themes"):
            self.add_error("themes", gettext("Choose the themes this theme chair will chair."))
        return data

    def row(self) -> InvitationRow:
        data = self.cleaned_data
        return InvitationRow(
            name=data["name"],
            email=data["email"],
            role=data["role"],
            themes=tuple(data["themes"]),
        )


_ROLE_WORDS = {
    "reviewer": Role.REVIEWER,
    "review": Role.REVIEWER,
    "r": Role.REVIEWER,
    "pc": Role.REVIEWER,
    "member": Role.REVIEWER,
    "chair": Role.THEME_CHAIR,
    "theme chair": Role.THEME_CHAIR,
    "theme_chair": Role.THEME_CHAIR,
    "theme-chair": Role.THEME_CHAIR,
    "themechair": Role.THEME_CHAIR,
    "c": Role.THEME_CHAIR,
}


def _role_of(word: str) -> str | None:
    key = " ".join(word.casefold().split())
    if not key:
        return Role.REVIEWER
    if key in _ROLE_WORDS:
        return _ROLE_WORDS[key]
    for value, label in Role.choices:  # the role's name in the page's language
        if key == str(label).casefold():
            return value
    return None


def _split(line: str) -> list[str]:
    """Tabs first (a spreadsheet's copy), then semicolons, then commas."""
    for separator in ("\t", ";", ","):
        if separator in line:
            return [part.strip() for part in line.split(separator)]
    return [line.strip()]


class BulkInviteForm(forms.Form):
    """A pasted list, one person a line: name, email, role, themes.

    Separated by tabs, semicolons or commas. The role may be left out (reviewer); several
    themes are separated by ``|`` or ``/`` (or by the line's separator, after the role).
    A name written with a comma ("Tran, Van Minh") is kept whole: the email is the field with
    an ``@``, and every field before it is the name. Either every line is good and all are
    invited, or none is and each bad line is reported with its number; the text is shown
    again as it was sent.
    """

    text = forms.CharField(
        label=_("People to invite, one a line"),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        max_length=200_000,
        help_text=_(
            "Name, email, role (reviewer or chair), themes — separated by commas, semicolons "
            "or tabs (paste from a spreadsheet). Several themes: separate them with |. "
            "At most 500 lines."
        ),
    )

    def __init__(self, *args, conference: Conference, user, organiser: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.organiser = organiser
        self.themes = list(themes_offered(conference, user=user, organiser=organiser))
        self.rows: list[InvitationRow] = []
        self.line_errors: list[tuple[int, str]] = []

    def _theme(self, word: str) -> Theme | None:
        key = " ".join(word.casefold().split())
        for theme in self.themes:
            if key in (theme.slug.casefold(), " ".join(theme.title.casefold().split())):
                return theme
        return None

    def _parse(self, number: int, line: str, seen: dict[str, int]) -> InvitationRow | str:
        fields = _split(line)
        at = next((i for i, field in enumerate(fields) if "@" in field), None)
        if at is None:
            return gettext("no email address.")
        email = fields[at].strip().strip("<>").lower()
        try:
            validate_email(email)
        except ValidationError:
            return gettext("“%(email)s” is not an email address.") % {"email": email}
        name = ", ".join(field for field in fields[:at] if field)
        if not name:
            return gettext("no name before the email address.")
        if len(name) > 200:
            return gettext("the name is longer than 200 characters.")
        rest = fields[at + 1 :]
        role = _role_of(rest[0] if rest else "")
        if role is None:
            return gettext("“%(role)s” is not a role: write reviewer or chair.") % {"role": rest[0]}
        if role == Role.THEME_CHAIR and not self.organiser:
            return gettext("only organisers invite theme chairs.")
        words = [w for field in rest[1:] for w in re.split(r"[|/]", field) if w.strip()]
        themes = []
        for word in words:
            theme = self._theme(word)
            if theme is None:
                return gettext("no theme “%(theme)s” you may invite for.") % {"theme": word.strip()}
            if theme not in themes:
                themes.append(theme)
        if role == Role.THEME_CHAIR and not themes:
            return gettext("a theme chair needs the themes they will chair.")
        if email in seen:
            return gettext("%(email)s is already on line %(line)s.") % {
                "email": email,
                "line": seen[email],
            }
        seen[email] = number
        return InvitationRow(name=name, email=email, role=role, themes=tuple(themes))

    def clean_text(self):
        text = self.cleaned_data["text"]
        lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if len(lines) > MAX_PASTED_LINES:
            raise ValidationError(
                gettext("%(count)s lines: at most %(max)s at once. Split the list.")
                % {"count": len(lines), "max": MAX_PASTED_LINES}
            )
        already = {
            email.lower()
            for email in Invitation.objects.filter(
                conference=self.conference, state=Invitation.State.PENDING
            ).values_list("email", flat=True)
        }
        seen: dict[str, int] = {}
        for number, line in lines:
            parsed = self._parse(number, line, seen)
            if isinstance(parsed, str):
                self.line_errors.append((number, parsed))
            elif parsed.email in already:
                self.line_errors.append(
                    (
                        number,
                        gettext("%(email)s already has an invitation waiting for an answer.")
                        % {"email": parsed.email},
                    )
                )
            else:
                self.rows.append(parsed)
        if self.line_errors:
            raise ValidationError(
                [
                    gettext("Line %(line)s: %(problem)s") % {"line": n, "problem": problem}
                    for n, problem in self.line_errors
                ]
            )
        return text


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The organisers see it. For example: no time this year."),
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes chaired"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, member: CommitteeMember, **kwargs):
        kwargs.setdefault("initial", {"role": member.role, "themes": list(member.themes.all())})
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(
            conference_id=member.conference_id
        ).order_by("order", "pk")

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.THEME_CHAIR and not data.get("themes"):
            self.add_error("themes", gettext("Choose the themes this theme chair will chair."))
        return data


class KeywordsField(forms.CharField):
    """Keywords typed as one line, separated by commas or semicolons; stored as a list."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        words = []
        for word in re.split(r"[,;、،\n]", value or ""):
            word = " ".join(word.split())
            if word and word.casefold() not in {w.casefold() for w in words}:
                words.append(word[:100])
        return words[:30]


class ProfileForm(forms.ModelForm):
    """The member's committee profile. ``save`` goes through the domain."""

    keywords = KeywordsField(
        label=_("Keywords"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas. For example: labour migration, Mekong, fisheries."),
    )

    class Meta:
        model = CommitteeMember
        fields = [
            "expertise_themes",
            "expertise",
            "keywords",
            "regions",
            "languages",
            "max_load",
            "unavailable",
        ]
        widgets = {
            "expertise_themes": forms.CheckboxSelectMultiple,
            "expertise": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        member = self.instance
        self.fields["expertise_themes"].queryset = Theme.objects.filter(
            conference_id=member.conference_id
        ).order_by("order", "pk")
        self.fields["max_load"].help_text = gettext(
            "Empty: the conference's default, %(load)s."
        ) % {"load": member.conference.reviewer_load}

    def save(self, commit=True):
        from ..domain.committee import PROFILE_FIELDS, update_profile

        data = self.cleaned_data
        update_profile(
            member=self.instance,
            values={field: data[field] for field in PROFILE_FIELDS},
            expertise_themes=data["expertise_themes"],
        )
        return self.instance

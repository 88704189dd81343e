"""Forms for the signup extras, the profile and account deletion (rendered with crispy)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from . import domain
from .fields import OrcidField
from .models import User, timezone_choices

FULL_NAME_HELP = _(
    "Your name as you write it, in any script and order, e.g. “Aung San Suu Kyi”, "
    "“Nguyễn Thị Minh Khai” or “王小明”. We never split it into first and last name."
)
SORT_NAME_HELP = _(
    "Optional. How your name is sorted in lists and the programme index, e.g. “Nguyen Thi "
    "Minh Khai” or “Wang Xiaoming”. Leave it empty to sort by your full name."
)


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=300, help_text=FULL_NAME_HELP, strip=True
    )
    sort_name = forms.CharField(
        label=_("Name as sorted in an index"),
        max_length=300,
        required=False,
        help_text=SORT_NAME_HELP,
        strip=True,
    )

    def signup(self, request, user: User) -> None:
        domain.update_profile(
            user=user,
            data={
                "full_name": self.cleaned_data["full_name"],
                "sort_name": self.cleaned_data["sort_name"],
            },
        )


class ProfileForm(forms.ModelForm):
    # Wider than the model field: people paste the https://orcid.org/… form; the field cleans
    # it to the bare iD.
    orcid = OrcidField(
        label=_("ORCID iD"),
        required=False,
        help_text=_("Optional, e.g. 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097."),
    )
    timezone = forms.TypedChoiceField(
        label=_("Your time zone"),
        required=False,
        empty_value="",
        choices=lambda: [("", _("Not set: use the browser's time zone")), *timezone_choices()],
        help_text=_(
            "Optional, e.g. Asia/Yangon. Deadlines are then also shown in this time zone, "
            "even without JavaScript. Leave it unset to let your browser show its own."
        ),
    )

    class Meta:
        model = User
        fields = list(domain.PROFILE_FIELDS)
        help_texts = {
            "full_name": FULL_NAME_HELP,
            "sort_name": SORT_NAME_HELP,
            "affiliation": _("Your university, organisation or “independent”."),
            "biography": _("A few sentences, shown with your talks in the programme."),
            "pronouns": _("Optional, e.g. she/her, he/him, they/them."),
        }
        widgets = {"biography": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.add_input(Submit("save", _("Save profile")))

    def save(self, commit: bool = True) -> User:
        user = domain.update_profile(
            user=self.instance,
            data={name: self.cleaned_data[name] for name in domain.PROFILE_FIELDS},
        )
        return user


class DeleteAccountForm(forms.Form):
    """Deletion needs the password again: a borrowed, unlocked laptop is not enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.add_input(
            Submit("delete", _("Delete my account for good"), css_class="btn-danger")
        )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password

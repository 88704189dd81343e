from django import forms
from django.utils.translation import gettext_lazy as _


class SignupExtraForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=300)

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])

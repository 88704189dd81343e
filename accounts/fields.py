"""Form fields for people's data, shared by the profile and the submission forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .validators import normalise_orcid, validate_orcid

# Wide enough for the https://orcid.org/… form people paste; the cleaned value is the bare iD.
ORCID_INPUT_MAX_LENGTH = 60


class OrcidField(forms.CharField):
    """An ORCID iD: accepts the bare iD or its orcid.org URL and cleans to ``0000-…-000X``.

    ``to_python`` normalises (strips the URL prefix, upper-cases the check character) so the
    validators and the cleaned value both see the bare iD; an empty value stays "".
    """

    default_validators = [validate_orcid]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", ORCID_INPUT_MAX_LENGTH)
        kwargs.setdefault("label", _("ORCID iD"))
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        value = super().to_python(value)
        return normalise_orcid(value) if value else value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"autocomplete": "off", "spellcheck": "false"})
        return attrs

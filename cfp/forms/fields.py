"""Form fields shared by cfp's forms.

``ModelChoiceField`` / ``ModelMultipleChoiceField``: Django's, refusing before any query an
id outside the range of the database's integer keys (2**63, a negative number, a hundred
digits), with the field's own "not one of the choices" error. Out of range, SQLite raises
``OverflowError`` and PostgreSQL a ``DataError`` from ``IN (...)``: either would be a 500.
"""

from __future__ import annotations

from html import escape

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.safestring import mark_safe

#: The largest value of a 64-bit signed key (BigAutoField), and of any integer key.
MAX_KEY = 2**63 - 1


def _integer_key(field) -> bool:
    model_field = (
        field.queryset.model._meta.get_field(field.to_field_name)
        if field.to_field_name
        else field.queryset.model._meta.pk
    )
    return isinstance(model_field, models.IntegerField | models.AutoField)


def _in_range(value) -> bool:
    """Whether ``value`` is a well-formed key in range; a malformed one is left to Django."""
    text = str(value).strip()
    if len(text) > 20:  # more digits than any 64-bit integer: refuse before parsing
        return False
    try:
        number = int(text)
    except ValueError:
        return True
    return 0 < number <= MAX_KEY


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and _integer_key(self) and not _in_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if _integer_key(self):
            for pk in value:
                if pk not in self.empty_values and not _in_range(pk):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": str(pk)[:20]},
                    )
        return super()._check_values(value)


class LongSelect(forms.Select):
    """A single-choice ``<select>`` whose options are written here rather than through one
    template per option.

    Django renders each option with its own template: a country list is some 250 template
    renders per author row, which was most of the submission form's rendering time (an edit
    form with five authors took ~200 ms). The HTML is the same as Django's; attributes
    (``id``, ``required``, ``aria-describedby``, crispy's class) come through ``build_attrs``
    as for any widget. Grouped choices are left to Django.
    """

    def render(self, name, value, attrs=None, renderer=None):
        if any(isinstance(label, list | tuple) for _key, label in self.choices):
            return super().render(name, value, attrs, renderer)  # groups: Django's templates
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = set(self.format_value(value))
        options = []
        for key, label in self.choices:
            key = "" if key is None else str(key)
            selected = " selected" if key in chosen else ""
            # The standard library's escape: Django's is a lazy-aware wrapper, 10x slower here.
            options.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        return mark_safe(f"<select{html_attributes(final)}>{''.join(options)}</select>")  # noqa: S308 - every part escaped above


def html_attributes(attrs: dict) -> str:
    """As Django's ``attrs.html``: in order, ``True`` as a bare name, ``False`` left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )

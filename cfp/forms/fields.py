"""Form fields shared by cfp's forms.

``ModelChoiceField`` and ``ModelMultipleChoiceField`` hand the posted id to the database;
an id outside the range of the primary key's column (2**63 for a 64-bit key) made the query
fail with a 500 (``OverflowError`` on SQLite, ``DataError`` on PostgreSQL) instead of the
form's "not one of the available choices". These check the range first.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models


def pk_in_range(queryset, value) -> bool:
    """False when ``value`` is an integer outside what ``queryset``'s primary key column can
    hold; True otherwise (non-integers are left to Django's own check)."""
    field = queryset.model._meta.pk
    if not isinstance(field, models.IntegerField):
        return True
    try:
        number = int(str(value).strip())
    except ValueError:
        return True
    low, high = connections[queryset.db].ops.integer_field_range(field.get_internal_type())
    return (low is None or number >= low) and (high is None or number <= high)


class BoundedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not pk_in_range(self.queryset, value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not pk_in_range(self.queryset, pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)

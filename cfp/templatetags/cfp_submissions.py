"""``{% load cfp_submissions %}`` then ``{{ change.fields|field_labels }}``: the translated
names of a history entry's fields, not their identifiers."""

from django import template

from cfp.domain import field_labels

register = template.Library()


@register.filter(name="field_labels")
def field_labels_filter(names) -> str:
    return field_labels(names)

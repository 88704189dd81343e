"""``{% load cfp_history %}`` then ``{{ change.fields|history_fields:questions }}``: the
translated names of a history entry's fields, leaving out the answers to the organisers'
further questions when the conference asks none (a new draft records every field, answers
included, even when there is nothing to answer)."""

from django import template

from cfp.domain import field_labels

register = template.Library()


@register.filter
def history_fields(names, has_questions=True) -> str:
    names = list(names or [])
    if not has_questions:
        names = [n for n in names if n != "answers"]
    return field_labels(names)

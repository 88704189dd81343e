"""``{% organiser_sections conference as sections %}``: the organiser-area tabs other apps
registered (cfp.sections)."""

from django import template

from cfp import sections

register = template.Library()


@register.simple_tag
def organiser_sections(conference):
    return sections.organiser_sections(conference)

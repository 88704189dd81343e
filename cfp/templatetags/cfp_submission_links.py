"""``{% submission_links submission %}``: the links other apps add to the author's page
(see cfp.submission_links)."""

from django import template

from ..submission_links import links_for

register = template.Library()


@register.inclusion_tag("cfp/_submission_links.html", takes_context=True)
def submission_links(context, submission):
    return {"links": links_for(context["request"].user, submission)}

"""``{% load cfp_markdown %}`` then ``{{ text|markdown }}`` or ``{{ text|markdown:3 }}``.

The argument is the level a Markdown ``#`` heading becomes (default 2). The output is
sanitised by :mod:`cfp.markdown`; never pass its result through ``|safe`` yourself.
"""

from django import template

from cfp.markdown import markdown_to_safe_html

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text, top_heading_level=2):
    return markdown_to_safe_html(text, top_heading_level=int(top_heading_level))

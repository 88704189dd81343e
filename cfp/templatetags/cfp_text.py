"""``{% load cfp_text %}``: how people's own words are shown.

* ``{% filter tidy_stops %}…{% endfilter %}`` around a sentence that ends with a title or a
  name: no doubled punctuation ("Human-Trafficking?." → "Human-Trafficking?"), in any
  language's wording of the sentence.
* ``{{ authorship|author_roles }}``: an author's roles as one readable list ("presents,
  corresponding author, may edit").
"""

from django import template
from django.utils.translation import gettext as _

from accounts.text import tidy_stops as _tidy_stops

register = template.Library()


@register.filter(is_safe=True)
def tidy_stops(text) -> str:
    return _tidy_stops(text)


@register.filter
def author_roles(authorship) -> str:
    roles = []
    if authorship.is_presenter:
        roles.append(_("presents"))
    if authorship.is_corresponding:
        roles.append(_("corresponding author"))
    if authorship.is_editor:
        roles.append(_("may edit"))
    return ", ".join(roles) or "—"

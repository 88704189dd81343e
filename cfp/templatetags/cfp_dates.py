"""``{% load cfp_dates %}``: one way to show a moment, with its zone attached.

``{{ moment|when:conference.timezone }}`` → "29 Dec 2026, 23:59 (Asia/Bangkok)": day, month,
year, 24-hour time, in the conference's zone, named. Used wherever a page shows a time, so
that no time appears without the zone it is in.
"""

from __future__ import annotations

import zoneinfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def when(value, zone) -> str:
    if not value:
        return ""
    name = str(zone or "UTC")
    local = timezone.localtime(value, zoneinfo.ZoneInfo(name))
    return _("%(when)s (%(zone)s)") % {"when": date_format(local, "j M Y, H:i"), "zone": name}

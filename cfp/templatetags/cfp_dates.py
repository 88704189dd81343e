"""``{% load cfp_dates %}``: one way to show a moment, with its zone attached.

``{{ moment|when:conference.timezone }}`` → "29 Dec 2026, 23:59 (Asia/Bangkok)": day, month,
year, 24-hour time, in the conference's zone, named. Used wherever a page shows a time, so
that no time appears without the zone it is in.

Lists that show a moment on every row call :func:`when_in` once and the function it returns
on each row: the zone, the translated pattern and month names are looked up once, not per
row (a tenth of the organiser's list page went to that).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

from django import template
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

register = template.Library()


def _month(number: int) -> str:
    return str(MONTHS_3[number]).title()


def when_in(zone) -> Callable[[dt.datetime | None], str]:
    """A formatter of moments in ``zone`` (a name; empty: UTC), the same text as ``when``.

    Equivalent to ``date_format(localtime, "j M Y, H:i")``: "M" is the translated
    three-letter month name, title-cased, as Django's date format writes it.
    """
    name = str(zone or "UTC")
    tzinfo = zoneinfo.ZoneInfo(name)
    pattern = _("%(when)s (%(zone)s)")
    months: dict[int, str] = {}

    def format_moment(value: dt.datetime | None) -> str:
        if not value:
            return ""
        local = value.astimezone(tzinfo)
        month = months.get(local.month) or months.setdefault(local.month, _month(local.month))
        shown = f"{local.day} {month} {local.year}, {local:%H:%M}"
        return pattern % {"when": shown, "zone": name}

    return format_moment


@register.filter
def when(value, zone) -> str:
    if not value:
        return ""
    name = str(zone or "UTC")
    local = value.astimezone(zoneinfo.ZoneInfo(name))
    shown = f"{local.day} {_month(local.month)} {local.year}, {local:%H:%M}"
    return _("%(when)s (%(zone)s)") % {"when": shown, "zone": name}

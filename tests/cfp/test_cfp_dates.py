"""``cfp_dates``: the one way to show a moment, in a row of a list as in a single place."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from cfp.templatetags.cfp_dates import when, when_in

MOMENTS = [
    dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 2, 28, 16, 59, 59, tzinfo=dt.UTC),
    dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC),
]


def reference(value, zone):
    """What the filter printed before ``when_in`` (Django's date_format, per call)."""
    local = timezone.localtime(value, zoneinfo.ZoneInfo(zone))
    return f"{date_format(local, 'j M Y, H:i')} ({zone})"


@pytest.mark.parametrize("language", ["en", "th"])
@pytest.mark.parametrize("zone", ["Asia/Bangkok", "Asia/Yangon", "America/Los_Angeles", "UTC"])
def test_when_in_prints_what_date_format_prints(language, zone):
    with translation.override(language):
        printed = when_in(zone)
        for moment in MOMENTS:
            assert printed(moment) == reference(moment, zone)
            assert when(moment, zone) == reference(moment, zone)


def test_examples():
    moment = dt.datetime(2026, 12, 29, 16, 59, tzinfo=dt.UTC)
    assert when(moment, "Asia/Bangkok") == "29 Dec 2026, 23:59 (Asia/Bangkok)"
    assert when_in("")(moment) == "29 Dec 2026, 16:59 (UTC)"
    assert when_in("Asia/Bangkok")(None) == ""
    assert when(None, "Asia/Bangkok") == ""

"""The 2017 Mahidol / UN-ACT conference, loaded from its call (seeds/000_21e91f0ed083a040.txt).

Wording: the title, subtitle, call text, theme titles, guiding questions and the names of the
contribution types are the call's own words. The call describes neither its areas nor its
kinds of contribution one by one, so their descriptions stay empty (tests check that any
description is made only of sentences found verbatim in the call). The call names no
deadline, no limits and no ethics requirement: the dates are plausible guesses flagged with
``Conference.dates_are_placeholders``, the limits and the ethics requirement are the
organisers' choice flagged with ``ContributionType.limits_are_placeholders``; organisers see a
warning and the public pages say "provisional" until they confirm them.

:func:`load_mahidol_call` never overwrites an organiser's work: when the conference exists
it only creates rows that are missing (by natural key: a theme's or type's slug, a
question's position, an organisation's name) and leaves every existing row as it is. With
``reset`` it writes everything from the seed again. With ``open_now`` the dates are moved so
that the call is open today — only when it is not open already and the organisers have not
confirmed the dates — and the conference is marked ``dates_shifted_for_demo``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.db import models, transaction

from cfp import deadlines
from cfp.models import (
    BlindReview,
    Conference,
    ContributionType,
    GuidingQuestion,
    Organisation,
    Theme,
)

SLUG = "mahidol-2017"
TIMEZONE = "Asia/Bangkok"
BANGKOK = zoneinfo.ZoneInfo(TIMEZONE)

TITLE = "Irregular Migrants, Refugees or Victims of Human-Trafficking?"
SUBTITLE = "Analysis, Advocacy and Assistance between Categorizations and (Self-)Identifications"

CALL_TEXT = """\
UN-ACT is partnering with the Social Science Division and the Institute of Human Rights and \
Peace Studies at Mahidol University for an academic conference to be held in Bangkok in June \
2017. The theme of the event is *Irregular Migrants, Refugees or Victims of \
Human-Trafficking? Analysis, Advocacy and Assistance between Categorizations and \
(Self-)Identifications*.

Migration, displacement and human trafficking have become staples of headline news. \
Reactions range – and sometimes change – from outrage over abuse and sympathy for individuals \
and groups seen as victims, to open hostility towards those perceived as alien intruders or \
threats to security, political, cultural and business interests.

Where international instruments of varying age and origin provide a set of at times \
overlapping categorizations, policy-makers and public discourse often look for clear \
classifications and impose mutually exclusive labels on groups and individuals, whose \
circumstances are complex, diverse and not always well understood. Such categorical \
overlaps, however, may be exploited at the expense of the individuals concerned. It is \
hardly surprising then that persons caught in this legal and conceptual web prove at times \
wary of the labels offered to or imposed upon them.

Further, aid agencies and organizations working in the areas of migration, displacement, \
and human trafficking cannot avoid the contest over categorizations and classifications \
either. Legal definitions help shape opportunities for and conditions of assistance while \
public perceptions associated with different terms impact on available funds. Donors of aid \
programs expect accountability, which requires clear classifications of those provided with \
assistance. But actual needs for assistance may cut across rigid differentiations between \
economic migrants, refugees or victims of human-trafficking.

Finally, in receiving communities these people may face hostility because they are seen as \
illegal migrants, economic refugees, or queue jumpers.

The response to migration, displacement, and human trafficking is thus in part contingent \
upon conceptual schemes and classifications and at the same time impacts upon them. It is \
this interdependence and the challenges resulting from it that are the focus of the \
workshop. We invite:

- conceptual studies,
- reports on empirical research,
- and reflection papers by practitioners

in the areas of migration, displacement, human-trafficking and related forms of exploitation \
in the wider Southeast Asian region.
"""

# (slug, title, description): the areas the call invites ("in the areas of migration,
# displacement, human-trafficking and related forms of exploitation"). The call does not
# describe them one by one: no description rather than one the call never makes.
THEMES = [
    ("migration", "Migration", ""),
    ("displacement", "Displacement", ""),
    ("human-trafficking", "Human trafficking", ""),
    ("related-forms-of-exploitation", "Related forms of exploitation", ""),
]

GUIDING_QUESTIONS = [
    "How do individuals respond to labels such as migrant, refugee, victim of human "
    "trafficking or slave applied or available to them? What motivates these responses?",
    "How and to what extent can individuals assert their own agency and express their own "
    "views of their circumstances in the face of categorizations and classifications by "
    "public discourse, state authorities, or aid agencies?",
    "How are public perceptions shaped and articulated in relation to these labels?",
    "How are government and non-government service providers impacted by such categories in "
    "their ability and willingness to extend services to different populations?",
    "To what extent, and in what ways, are advocacy and assistance efforts shaped, enhanced "
    "or limited by categories in international and national law, or the labels – and "
    "changes therein – dominant in public discourse?",
    "How do problems of, and contests over, classifications impact the compilation of data "
    "on migration, displacement, human trafficking and related forms of exploitation?",
]

# The three kinds the call invites, by its own names. It says nothing more about them: no
# description, and limits that are the organisers' choice (``limits_are_placeholders``).
# The ethics statement for empirical research is the organisers' choice too: the call asks
# for none; the partners' news of the same season speaks of "ethical and security
# considerations for data collection in highly sensitive environments", which is why the
# demo asks for it — provisional, like the limits.
CONTRIBUTION_TYPES = [
    {
        "slug": "conceptual-studies",
        "name": "Conceptual studies",
        "description": "",
        "abstract_word_limit": 300,
        "page_limit": 20,
        "presentation_minutes": 20,
        "requires_ethics_statement": False,
        "limits_are_placeholders": True,
    },
    {
        "slug": "empirical-research",
        "name": "Reports on empirical research",
        "description": "",
        "abstract_word_limit": 300,
        "page_limit": 25,
        "presentation_minutes": 20,
        "requires_ethics_statement": True,
        "limits_are_placeholders": True,
    },
    {
        "slug": "practitioner-reflections",
        "name": "Reflection papers by practitioners",
        "description": "",
        "abstract_word_limit": 300,
        "page_limit": 10,
        "presentation_minutes": 15,
        "requires_ethics_statement": False,
        "limits_are_placeholders": True,
    },
]

ORGANISATIONS = [
    ("UN-ACT", Organisation.Role.ORGANISER, "https://un-act.org/"),
    ("Social Science Division, Mahidol University", Organisation.Role.PARTNER, ""),
    (
        "Institute of Human Rights and Peace Studies (IHRP), Mahidol University",
        Organisation.Role.PARTNER,
        "https://ihrp.mahidol.ac.th/",
    ),
]

# Placeholder dates: the call says "Bangkok, June 2017" and nothing more.
HISTORICAL_DATES = {
    "submission_opens": dt.datetime(2016, 12, 1, 9, 0, tzinfo=BANGKOK),
    "submission_closes": dt.datetime(2017, 2, 28, 23, 59, tzinfo=BANGKOK),
    "reviewing_opens": dt.date(2017, 3, 6),
    "review_deadline": dt.date(2017, 3, 31),
    "notification_date": dt.date(2017, 4, 10),
    "camera_ready_deadline": dt.date(2017, 5, 15),
    "start_date": dt.date(2017, 6, 8),
    "end_date": dt.date(2017, 6, 9),
}
#: With ``open_now`` the deadline lands this many days after today.
OPEN_NOW_DAYS_TO_DEADLINE = 30
_HISTORICAL_DEADLINE_DAY = HISTORICAL_DATES["submission_closes"].date()
#: The shortest time from the deadline to the conference's first day that the open-now
#: call accepts: the historical one (reviewing, notification and camera-ready fit in it).
MIN_DAYS_DEADLINE_TO_CONFERENCE = (HISTORICAL_DATES["start_date"] - _HISTORICAL_DEADLINE_DAY).days


def _at(day: dt.date, like: dt.datetime) -> dt.datetime:
    """``day`` at the wall-clock time of ``like``, in Bangkok."""
    return dt.datetime.combine(day, like.timetz().replace(tzinfo=None), tzinfo=BANGKOK)


def dates(*, open_now: bool, today: dt.date) -> dict[str, dt.datetime | dt.date]:
    """The conference's dates: historical, or moved so that the call is open on ``today``.

    ``today`` is a date in Bangkok. Open-now: the deadline falls
    :data:`OPEN_NOW_DAYS_TO_DEADLINE` days after ``today``, submissions opened as long
    before it as in 2017, and reviewing and notification follow it as in 2017. The
    conference itself moves by whole years, to the first June at least
    :data:`MIN_DAYS_DEADLINE_TO_CONFERENCE` days after the deadline (so it stays in June,
    as the call says), with the camera-ready deadline as long before it as in 2017.
    """
    if not open_now:
        return dict(HISTORICAL_DATES)
    history = HISTORICAL_DATES
    deadline_day = today + dt.timedelta(days=OPEN_NOW_DAYS_TO_DEADLINE)
    year = deadline_day.year
    while (
        history["start_date"].replace(year=year) - deadline_day
    ).days < MIN_DAYS_DEADLINE_TO_CONFERENCE:
        year += 1

    def after_deadline(name: str) -> dt.date:
        return deadline_day + (history[name] - _HISTORICAL_DEADLINE_DAY)

    opens_day = deadline_day - (_HISTORICAL_DEADLINE_DAY - history["submission_opens"].date())
    return {
        "submission_opens": _at(opens_day, history["submission_opens"]),
        "submission_closes": _at(deadline_day, history["submission_closes"]),
        "reviewing_opens": after_deadline("reviewing_opens"),
        "review_deadline": after_deadline("review_deadline"),
        "notification_date": after_deadline("notification_date"),
        "camera_ready_deadline": history["camera_ready_deadline"].replace(year=year),
        "start_date": history["start_date"].replace(year=year),
        "end_date": history["end_date"].replace(year=year),
    }


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=BANGKOK)


@dataclass
class SeedResult:
    conference: Conference
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(
    model: type[models.Model],
    lookup: dict,
    values: dict,
    result: SeedResult,
    *,
    overwrite: bool,
) -> models.Model:
    """Create the row for ``lookup`` if it is missing; with ``overwrite`` also set every
    value that differs from the seed. Validates what it writes."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        result.created.append(f"{model._meta.verbose_name}: {obj}")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed and overwrite:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
        result.updated.append(f"{model._meta.verbose_name}: {obj} ({', '.join(changed)})")
    elif changed:
        result.kept.append(f"{model._meta.verbose_name}: {obj} ({', '.join(changed)})")
    return obj


_DATE_FIELDS = {*HISTORICAL_DATES, "dates_are_placeholders", "dates_shifted_for_demo"}


def _conference_values(*, open_now: bool, today: dt.date) -> dict:
    return {
        "title": TITLE,
        "subtitle": SUBTITLE,
        "call_text": CALL_TEXT,
        "venue": "",
        "city": "Bangkok",
        "country": "TH",
        "timezone": TIMEZONE,
        "contact_email": "",
        "deadlines_anywhere_on_earth": False,
        "dates_are_placeholders": True,
        "dates_shifted_for_demo": open_now,
        "blind_review": BlindReview.DOUBLE,
        "is_public": True,
        **dates(open_now=open_now, today=today),
    }


def _open_existing_call(
    conference: Conference, *, today: dt.date, now: dt.datetime, result: SeedResult
) -> None:
    """Move an existing conference's dates so that its call is open on ``today``, unless it
    is open at ``now`` already or the organisers confirmed the dates."""
    if deadlines.is_submission_open(conference, now):
        return
    if not conference.dates_are_placeholders:
        result.kept.append(
            "conference dates: confirmed by the organisers, not moved (--reset moves them)"
        )
        return
    for name, value in dates(open_now=True, today=today).items():
        setattr(conference, name, value)
    conference.dates_shifted_for_demo = True
    conference.full_clean()
    conference.save()
    result.updated.append(f"conference: {conference} (dates moved so that the call is open)")


def load_mahidol_call(
    *,
    today: dt.date,
    open_now: bool = False,
    reset: bool = False,
    now: dt.datetime | None = None,
) -> SeedResult:
    """Load the 2017 conference, its themes, questions, contribution types and organisations.

    ``today`` is a date in Bangkok; ``now`` (default: noon in Bangkok on ``today``) is the
    instant at which ``open_now`` checks whether the call is open.

    Side effects, in one transaction:

    - no conference yet, or ``reset``: the conference and every seeded row are written from
      the seed (dates moved to today with ``open_now``); rows organisers added are kept.
    - the conference exists: only missing seeded rows are created; existing rows keep the
      organisers' edits (listed in ``result.kept`` where they differ from the seed). With
      ``open_now`` the dates move only if the call is not open at ``now`` and the dates
      are still placeholders.
    """
    now = now or _noon(today)
    with transaction.atomic():
        existing = Conference.objects.filter(slug=SLUG).first()
        overwrite = existing is None or reset
        result = SeedResult(conference=existing)  # type: ignore[arg-type]
        values = _conference_values(open_now=open_now, today=today)
        if not overwrite:
            # Dates are compared by _open_existing_call, not reported as kept edits.
            values = {k: v for k, v in values.items() if k not in _DATE_FIELDS}
        conference = _upsert(Conference, {"slug": SLUG}, values, result, overwrite=overwrite)
        result.conference = conference
        if not overwrite and open_now:
            _open_existing_call(conference, today=today, now=now, result=result)
        for order, (slug, title, description) in enumerate(THEMES):
            _upsert(
                Theme,
                {"conference": conference, "slug": slug},
                {"title": title, "description": description, "order": order},
                result,
                overwrite=overwrite,
            )
        for order, text in enumerate(GUIDING_QUESTIONS):
            _upsert(
                GuidingQuestion,
                {"conference": conference, "order": order},
                {"text": text},
                result,
                overwrite=overwrite,
            )
        for order, spec in enumerate(CONTRIBUTION_TYPES):
            values = {k: v for k, v in spec.items() if k != "slug"} | {"order": order}
            _upsert(
                ContributionType,
                {"conference": conference, "slug": spec["slug"]},
                values,
                result,
                overwrite=overwrite,
            )
        for order, (name, role, url) in enumerate(ORGANISATIONS):
            _upsert(
                Organisation,
                {"conference": conference, "name": name},
                {"role": role, "url": url, "order": order},
                result,
                overwrite=overwrite,
            )
    return result

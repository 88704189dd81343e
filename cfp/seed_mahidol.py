"""The 2017 Mahidol / UN-ACT conference, loaded from its call (seeds/000_21e91f0ed083a040.txt).

All wording comes from the call. The announcement places the conference in Bangkok in June
2017 and names no deadline or other dates: the dates below are plausible guesses, flagged
with ``dates_are_placeholders`` so that organisers see a warning until they confirm them.

:func:`load_mahidol_call` is idempotent: every row has a natural key (the conference's slug;
a theme's or contribution type's slug; a question's position; an organisation's name) and is
written only when a value differs, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.db import models, transaction

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

# (slug, title, description): the areas named in the call, described in its own words.
THEMES = [
    (
        "migration",
        "Migration",
        "Migration has become a staple of headline news. Policy-makers and public discourse "
        "often impose mutually exclusive labels on migrants, whose circumstances are complex, "
        "diverse and not always well understood; in receiving communities they may face "
        "hostility because they are seen as illegal migrants, economic refugees, or queue "
        "jumpers.",
    ),
    (
        "displacement",
        "Displacement",
        "Displacement: refugees and others caught in a legal and conceptual web of at times "
        "overlapping categorizations, who prove at times wary of the labels offered to or "
        "imposed upon them. Actual needs for assistance may cut across rigid "
        "differentiations between economic migrants, refugees or victims of "
        "human-trafficking.",
    ),
    (
        "human-trafficking",
        "Human trafficking",
        "Human trafficking: legal definitions help shape opportunities for and conditions "
        "of assistance, while public perceptions associated with different terms impact on "
        "available funds. How do individuals respond to labels such as victim of human "
        "trafficking or slave applied or available to them?",
    ),
    (
        "related-forms-of-exploitation",
        "Related forms of exploitation",
        "Related forms of exploitation in the wider Southeast Asian region, and how problems "
        "of, and contests over, classifications impact the compilation of data on them.",
    ),
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

# The call names the three kinds and no limits: the limits are plausible defaults.
CONTRIBUTION_TYPES = [
    {
        "slug": "conceptual-studies",
        "name": "Conceptual studies",
        "description": (
            "Studies of the conceptual schemes and classifications – migrant, refugee, victim "
            "of human trafficking – that the response to migration, displacement and human "
            "trafficking is in part contingent upon, and at the same time impacts upon."
        ),
        "abstract_word_limit": 300,
        "page_limit": 20,
        "presentation_minutes": 20,
        "requires_ethics_statement": False,
    },
    {
        "slug": "empirical-research",
        "name": "Reports on empirical research",
        "description": (
            "Reports on empirical research in the areas of migration, displacement, "
            "human-trafficking and related forms of exploitation in the wider Southeast Asian "
            "region. Research with people whose circumstances are complex and sensitive must "
            "say how participants' safety, consent and anonymity were protected."
        ),
        "abstract_word_limit": 300,
        "page_limit": 25,
        "presentation_minutes": 20,
        "requires_ethics_statement": True,
    },
    {
        "slug": "practitioner-reflections",
        "name": "Reflection papers by practitioners",
        "description": (
            "Reflection papers by practitioners: aid agencies and organizations working in the "
            "areas of migration, displacement, and human trafficking cannot avoid the contest "
            "over categorizations and classifications either."
        ),
        "abstract_word_limit": 300,
        "page_limit": 10,
        "presentation_minutes": 15,
        "requires_ethics_statement": False,
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


def dates(*, open_now: bool, today: dt.date) -> dict[str, dt.datetime | dt.date]:
    """The conference's dates: historical, or all shifted by whole days so that the call is
    open on ``today`` (a date in Bangkok) with the deadline 30 days ahead."""
    if not open_now:
        return dict(HISTORICAL_DATES)
    deadline_day = HISTORICAL_DATES["submission_closes"].date()
    shift = today + dt.timedelta(days=OPEN_NOW_DAYS_TO_DEADLINE) - deadline_day
    shifted = {}
    for name, value in HISTORICAL_DATES.items():
        if isinstance(value, dt.datetime):
            # Shift the wall-clock time in Bangkok, not the UTC instant.
            local = value.astimezone(BANGKOK).replace(tzinfo=None) + shift
            shifted[name] = local.replace(tzinfo=BANGKOK)
        else:
            shifted[name] = value + shift
    return shifted


@dataclass
class SeedResult:
    conference: Conference
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(
    model: type[models.Model], lookup: dict, values: dict, result: SeedResult
) -> models.Model:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        result.created.append(f"{model._meta.verbose_name}: {obj}")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
        result.updated.append(f"{model._meta.verbose_name}: {obj} ({', '.join(changed)})")
    return obj


def load_mahidol_call(*, open_now: bool = False, today: dt.date) -> SeedResult:
    """Create or bring up to date the 2017 conference, its themes, questions, contribution
    types and organisations. Writes only rows whose values differ; never deletes anything
    an organiser added. ``today`` is a date in Bangkok (used only with ``open_now``)."""
    with transaction.atomic():
        conference = Conference.objects.filter(slug=SLUG).first()
        result = SeedResult(conference=conference)  # type: ignore[arg-type]
        values = {
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
            "blind_review": BlindReview.DOUBLE,
            "is_public": True,
            **dates(open_now=open_now, today=today),
        }
        conference = _upsert(Conference, {"slug": SLUG}, values, result)
        result.conference = conference
        for order, (slug, title, description) in enumerate(THEMES):
            _upsert(
                Theme,
                {"conference": conference, "slug": slug},
                {"title": title, "description": description, "order": order},
                result,
            )
        for order, text in enumerate(GUIDING_QUESTIONS):
            _upsert(
                GuidingQuestion, {"conference": conference, "order": order}, {"text": text}, result
            )
        for order, spec in enumerate(CONTRIBUTION_TYPES):
            values = {k: v for k, v in spec.items() if k != "slug"} | {"order": order}
            _upsert(
                ContributionType, {"conference": conference, "slug": spec["slug"]}, values, result
            )
        for order, (name, role, url) in enumerate(ORGANISATIONS):
            _upsert(
                Organisation,
                {"conference": conference, "name": name},
                {"role": role, "url": url, "order": order},
                result,
            )
    return result

"""The demo committee for ``manage.py demo``: a theme chair per theme, reviewers with their
expertise in their own words (names in Thai, Vietnamese, Burmese, Khmer and Lao scripts), and
invitations in every state (invited, accepted, declined, expired, revoked).

Idempotent: a second run changes nothing. A member's profile is written only while it is
empty (someone who edited theirs in the demo keeps it); an invitation is made only if its
address has none yet. Every write goes through ``reviews.domain.committee``; the demo's
invitations send no mail (nobody needs their links). The demo works at the command's
``now``, never the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction

from cfp.demo.people import THEME_CHAIR_THEME, DemoPerson, DemoResult, _person
from cfp.models import Conference, Theme

from .domain import committee as domain
from .models import CommitteeMember, Invitation

# More of the committee than cfp's demo people (who are the organiser, the first theme
# chair, three reviewers and the authors): the other theme chairs and more reviewers.
COMMITTEE_PEOPLE: list[tuple[DemoPerson, str]] = [
    (
        DemoPerson(
            "theme_chair",
            "chair-migration@example.org",
            "Nguyễn Văn Hùng",
            "Nguyen Van Hung",
            "Institute of Sociology, Vietnam Academy of Social Sciences",
            "VN",
        ),
        "migration",
    ),
    (
        DemoPerson(
            "theme_chair",
            "chair-displacement@example.org",
            "ဦးမျိုးမင်း (U Myo Min)",
            "Myo Min",
            "Department of International Relations, University of Yangon",
            "MM",
        ),
        "displacement",
    ),
    (
        DemoPerson(
            "theme_chair",
            "chair-exploitation@example.org",
            "ចាន់ សុភា (Chan Sophea)",
            "Chan Sophea",
            "Cambodia Development Resource Institute, Phnom Penh",
            "KH",
        ),
        "related-forms-of-exploitation",
    ),
    (
        DemoPerson(
            "reviewer",
            "reviewer4@example.org",
            "ณัฐพล แก้วประเสริฐ (Nattapon Kaewprasert)",
            "Nattapon Kaewprasert",
            "Faculty of Political Science, Chulalongkorn University",
            "TH",
        ),
        "",
    ),
    (
        DemoPerson(
            "reviewer",
            "reviewer5@example.org",
            "កែវ សុវណ្ណារី (Keo Sovannary)",
            "Keo Sovannary",
            "Legal Support for Children and Women, Phnom Penh",
            "KH",
        ),
        "",
    ),
    (
        DemoPerson(
            "reviewer",
            "reviewer6@example.org",
            "Lê Thị Hương",
            "Le Thi Huong",
            "Center for Women and Development, Hanoi",
            "VN",
        ),
        "",
    ),
]


@dataclass(frozen=True)
class Profile:
    themes: tuple[str, ...]
    expertise: str
    keywords: list[str]
    regions: str
    languages: str
    max_load: int | None = None
    unavailable: str = ""


PROFILES: dict[str, Profile] = {
    "chair@example.org": Profile(
        ("human-trafficking", "related-forms-of-exploitation"),
        "I study how anti-trafficking programmes in Thailand identify victims, and what the "
        "label does to the women and men it is applied to: shelters, repatriation, the "
        "right to work while a case is heard.",
        ["victim identification", "shelters", "Thailand", "anti-trafficking law"],
        "Thailand, Myanmar, Cambodia",
        "Thai, English",
    ),
    "reviewer1@example.org": Profile(
        ("migration", "human-trafficking"),
        "Ethnography of marriage migration from the Mekong delta to China and Taiwan; "
        "brokers, debts and the families left behind.",
        ["marriage migration", "brokers", "Mekong delta", "ethnography"],
        "Viet Nam, China (Yunnan, Guangxi), Taiwan",
        "Vietnamese, Chinese, English",
        4,
    ),
    "reviewer2@example.org": Profile(
        ("displacement", "migration"),
        "Displacement from Kachin and Shan states and the camps along the Thai–Myanmar "
        "border; how people move between the categories refugee, migrant worker and "
        "displaced person.",
        ["internal displacement", "camps", "Thai–Myanmar border", "refugee status"],
        "Myanmar, Thailand",
        "Burmese, Kachin, English",
        unavailable="1–15 August",
    ),
    "reviewer3@example.org": Profile(
        ("migration",),
        "Labour migration from Laos to Thailand, recruitment through official channels and "
        "informal networks, and the return of migrants to their villages.",
        ["labour migration", "recruitment", "return migration", "remittances"],
        "Lao PDR, Thailand",
        "Lao, Thai, English",
    ),
    "chair-migration@example.org": Profile(
        ("migration",),
        "Internal and cross-border migration in Viet Nam: household surveys, the household "
        "registration system, and what the numbers leave out.",
        ["household registration", "surveys", "statistics", "internal migration"],
        "Viet Nam, Lao PDR",
        "Vietnamese, French, English",
    ),
    "chair-displacement@example.org": Profile(
        ("displacement",),
        "The law of refugees and stateless people in South-East Asia, where few states "
        "signed the Refugee Convention; Rohingya boat crossings of 2015.",
        ["statelessness", "refugee law", "Rohingya", "ASEAN"],
        "Myanmar, Bangladesh, Malaysia, Thailand",
        "Burmese, English",
    ),
    "chair-exploitation@example.org": Profile(
        ("related-forms-of-exploitation", "human-trafficking"),
        "Debt bondage in brick kilns and on fishing boats; how microfinance debt pushes "
        "Cambodian families into migration.",
        ["debt bondage", "brick kilns", "fisheries", "microfinance"],
        "Cambodia, Thailand",
        "Khmer, English",
    ),
    "reviewer4@example.org": Profile(
        ("human-trafficking",),
        "Policy and the courts: prosecutions under Thailand's 2008 anti-trafficking act and "
        "the fishing-industry reforms since 2015.",
        ["prosecution", "fishing industry", "policy", "Thailand"],
        "Thailand",
        "Thai, English",
        6,
    ),
    "reviewer5@example.org": Profile(
        ("human-trafficking", "related-forms-of-exploitation"),
        "Practitioner: legal aid to women and children returned from Thailand and Malaysia; "
        "what assistance reaches those who do not fit the victim label.",
        ["legal aid", "returnees", "children", "assistance"],
        "Cambodia, Thailand, Malaysia",
        "Khmer, Thai",
        3,
    ),
    "reviewer6@example.org": Profile(
        ("migration", "related-forms-of-exploitation"),
        "Gender and migration: domestic workers, self-identification and advocacy by "
        "migrant women's groups.",
        ["domestic work", "gender", "advocacy", "self-identification"],
        "Viet Nam, Malaysia, Taiwan",
        "Vietnamese, English",
    ),
    "reviewer7@example.org": Profile(
        ("displacement",),
        "Quantitative methods for hard-to-reach populations: respondent-driven sampling "
        "among undocumented migrants.",
        ["sampling", "statistics", "undocumented migrants", "methods"],
        "Thailand, Malaysia",
        "English, German",
    ),
}

# Invitations in every state: (name, email, role, themes, state). The accepted one brings
# reviewer7 onto the committee, as a real invitation would.
ACCEPTED_PERSON = DemoPerson(
    "reviewer",
    "reviewer7@example.org",
    "Anna Fischer",
    "Fischer, Anna",
    "Institute for Migration Research, Osnabrück University",
    "DE",
)
INVITATIONS = [
    ("Phan Thị Mai", "mai.phan@example.org", "reviewer", ("migration",), "pending"),
    ("ดารุณี สุขใจ (Darunee Sukjai)", "darunee@example.org", "reviewer", (), "pending"),
    (ACCEPTED_PERSON.full_name, ACCEPTED_PERSON.email, "reviewer", ("displacement",), "accepted"),
    ("ဒေါ်လှလှ (Daw Hla Hla)", "hla.hla@example.org", "reviewer", (), "declined"),
    ("Sam Rithy", "rithy@example.org", "theme_chair", ("displacement",), "expired"),
    ("Wrong Address", "wrong.address@example.org", "reviewer", (), "revoked"),
]


@dataclass
class CommitteeDemo:
    rows: list[tuple[DemoPerson, object, bool]] = field(default_factory=list)
    invitations_created: int = 0


def _themes(conference: Conference, slugs) -> list[Theme]:
    return list(Theme.objects.filter(conference=conference, slug__in=slugs).order_by("order"))


def _fill_profile(member: CommitteeMember, email: str) -> None:
    profile = PROFILES.get(email)
    if profile is None or member.expertise:
        return
    domain.update_profile(
        member=member,
        values={
            "expertise": profile.expertise,
            "keywords": profile.keywords,
            "regions": profile.regions,
            "languages": profile.languages,
            "max_load": profile.max_load,
            "unavailable": profile.unavailable,
        },
        expertise_themes=_themes(member.conference, profile.themes),
    )


def create_demo_committee(
    *, conference: Conference, people: DemoResult, now, reset_passwords: bool = False
) -> CommitteeDemo:
    """The committee of the demo conference. Idempotent (see the module's docstring).

    Side effects: demo accounts of the extra committee people; CommitteeMember rows and
    their profiles; invitations in every state (no mail)."""
    result = CommitteeDemo()
    organiser = next(iter(people.users("organiser")), None)
    with transaction.atomic():
        members = [(p, u, c, THEME_CHAIR_THEME) for p, u, c in people.rows]
        for person, chaired in COMMITTEE_PEOPLE:
            user, created = _person(person, reset_password=reset_passwords)
            members.append((person, user, created, chaired))
            result.rows.append((person, user, created))
        for person, user, _created, chaired in members:
            if person.role not in ("reviewer", "theme_chair"):
                continue
            member, _ = domain.add_member(
                conference=conference,
                user=user,
                role=person.role,
                themes=_themes(conference, [chaired]) if person.role == "theme_chair" else (),
            )
            _fill_profile(member, person.email)

        accepted_user, created = _person(ACCEPTED_PERSON, reset_password=reset_passwords)
        result.rows.append((ACCEPTED_PERSON, accepted_user, created))
        for name, email, role, slugs, state in INVITATIONS:
            if Invitation.objects.filter(conference=conference, email__iexact=email).exists():
                continue
            sent = now - timedelta(days=20) if state == "expired" else now - timedelta(days=3)
            try:
                invitation = domain.invite(
                    conference=conference,
                    name=name,
                    email=email,
                    role=role,
                    themes=_themes(conference, slugs),
                    by=organiser,
                    now=sent,
                    send_mail=False,
                )
            except domain.CommitteeChangeRefused:  # already on the committee another way
                continue
            result.invitations_created += 1
            if state == "accepted":
                member = domain.accept_invitation(
                    invitation=invitation, user=accepted_user, now=now
                )
                _fill_profile(member, email)
            elif state == "declined":
                domain.decline_invitation(
                    invitation=invitation,
                    reason="I am on fieldwork until the end of the year.",
                    now=now,
                )
            elif state == "revoked":
                domain.revoke_invitation(invitation=invitation, by=organiser, now=now)
    return result

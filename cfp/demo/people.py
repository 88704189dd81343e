"""Demo people for ``manage.py demo``: an organiser, a committee and authors from the region.

Names are written as their owners write them (Burmese, Vietnamese, Lao, Khmer, Chinese and
Thai scripts), with the Latin form beside them where the script is not Latin, and a
``sort_name`` for the programme index. Every account has a verified, primary email address,
so it can log in at once with :data:`DEMO_PASSWORD`.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User
from cfp.models import Conference

DEMO_PASSWORD = "sala-demo-2017"


@dataclass(frozen=True)
class DemoPerson:
    role: str  # organiser, theme_chair, reviewer, author
    email: str
    full_name: str
    sort_name: str
    affiliation: str
    country: str


PEOPLE: list[DemoPerson] = [
    DemoPerson(
        "organiser",
        "organiser@example.org",
        "ปิยะนุช ศรีสวัสดิ์ (Piyanuch Srisawat)",
        "Piyanuch Srisawat",
        "Institute of Human Rights and Peace Studies, Mahidol University",
        "TH",
    ),
    DemoPerson(
        "theme_chair",
        "chair@example.org",
        "ศิริพร วงศ์ใหญ่ (Siriporn Wongyai)",
        "Siriporn Wongyai",
        "Social Science Division, Mahidol University",
        "TH",
    ),
    DemoPerson(
        "reviewer",
        "reviewer1@example.org",
        "Trần Văn Minh",
        "Tran Van Minh",
        "Institute of Sociology, Hanoi",
        "VN",
    ),
    DemoPerson(
        "reviewer",
        "reviewer2@example.org",
        "ဒေါ်ခင်မာဝင်း (Daw Khin Mar Win)",
        "Khin Mar Win",
        "University of Yangon",
        "MM",
    ),
    DemoPerson(
        "reviewer",
        "reviewer3@example.org",
        "ບຸນມີ ພົມມະຈັນ (Bounmy Phommachanh)",
        "Bounmy Phommachanh",
        "National University of Laos",
        "LA",
    ),
    DemoPerson(
        "author",
        "author1@example.org",
        "အောင်ကျော်မိုး (Aung Kyaw Moe)",
        "Aung Kyaw Moe",
        "Migrant workers' legal aid network, Mae Sot",
        "MM",
    ),
    DemoPerson(
        "author",
        "author2@example.org",
        "Nguyễn Thị Lan",
        "Nguyen Thi Lan",
        "Vietnam National University, Hanoi",
        "VN",
    ),
    DemoPerson(
        "author",
        "author3@example.org",
        "ສົມພອນ ແກ້ວມະນີ (Somphone Keomany)",
        "Somphone Keomany",
        "Ministry of Labour and Social Welfare, Vientiane",
        "LA",
    ),
    DemoPerson(
        "author",
        "author4@example.org",
        "សុខ ចន្ធី (Sok Chanthy)",
        "Sok Chanthy",
        "Royal University of Phnom Penh",
        "KH",
    ),
    DemoPerson(
        "author",
        "author5@example.org",
        "王秀英 (Wang Xiuying)",
        "Wang Xiuying",
        "Yunnan University, Kunming",
        "CN",
    ),
    DemoPerson(
        "author",
        "author6@example.org",
        "สมชาย ใจดี (Somchai Jaidee)",
        "Somchai Jaidee",
        "Chulalongkorn University, Bangkok",
        "TH",
    ),
]

THEME_CHAIR_THEME = "human-trafficking"


@dataclass
class DemoResult:
    rows: list[tuple[DemoPerson, User, bool]]  # person, user, created now

    def users(self, role: str) -> list[User]:
        return [user for person, user, _ in self.rows if person.role == role]


def _person(person: DemoPerson, *, reset_password: bool) -> tuple[User, bool]:
    user = User.objects.filter(email__iexact=person.email).first()
    created = user is None
    if created:
        user = User(email=person.email)
    fields = {
        "full_name": person.full_name,
        "sort_name": person.sort_name,
        "affiliation": person.affiliation,
        "country": person.country,
    }
    changed = created
    for name, value in fields.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed = True
    if created or reset_password:
        user.set_password(DEMO_PASSWORD)
        changed = True
    if changed:
        user.save()
    EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=person.email,
        defaults={"email": person.email, "verified": True, "primary": True},
    )
    return user, created


def create_demo_people(*, conference: Conference, reset_passwords: bool = False) -> DemoResult:
    """Create (or bring up to date) the demo accounts and make the organiser an organiser.

    Idempotent. Passwords are set to :data:`DEMO_PASSWORD` when an account is created, or
    for all of them with ``reset_passwords``. The committee roles of the reviewers and the
    theme chair are the reviews app's to record (``reviews.demo.create_demo_committee``):
    cfp does not import reviews.
    """
    rows = []
    with transaction.atomic():
        for person in PEOPLE:
            user, created = _person(person, reset_password=reset_passwords)
            rows.append((person, user, created))
            if person.role == "organiser":
                conference.organisers.add(user)
    return DemoResult(rows=rows)

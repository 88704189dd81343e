"""The demo conference's programme, for ``manage.py demo``: enough accepted papers for a
real programme, their camera-ready versions, two days of sessions in three parallel rooms
(paper sessions by theme, a poster session, a keynote, a closing panel, breaks), published as
version 1. Every step is idempotent: a second run finds what the first made.

Papers are made the way authors and organisers make them: cfp.domain (drafts, files,
submission), reviews.domain.decisions (decide, release) and programme.domain
(camera-ready, publishing). The schedule rows themselves (days, rooms, sessions,
presentations) are created directly through the models here, and only here: the schedule
editor's domain functions are being written in parallel (issue 13) — when they land, this
module should call them instead.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings

from cfp import domain as cfp_domain
from cfp.domain import AuthorData, SubmissionData
from cfp.models import Submission, SubmissionState

from .domain import CameraReadyClosed, save_camera_ready, schedule
from .domain.publishing import latest_version, publish
from .models import CameraReady, ProgrammeDay, Room, Session, SessionKind

DEMO_NAMESPACE = uuid.UUID("0b3e51a2-7f4c-4d5e-9a61-2c8d7e9f1a30")

#: Co-authors without an account, their names as they write them.
PEOPLE = [
    ("พิมพ์ชนก วงศ์สวัสดิ์", "Thammasat University, Bangkok", "TH"),
    ("อรุณี ศรีสุข", "Foundation for Women, Bangkok", "TH"),
    ("ບຸນມີ ແສງສະຫວ່າງ", "National University of Laos, Vientiane", "LA"),
    ("ວັນນະພອນ ສີສຸວັນ", "Lao Women's Union, Savannakhet", "LA"),
    ("ជា សុផល", "Legal aid NGO, Phnom Penh", "KH"),
    ("ហេង សុភា", "Royal University of Law and Economics, Phnom Penh", "KH"),
    ("ခင်မာလာ", "Yangon University of Economics", "MM"),
    ("ဇော်ဝင်းထွန်း", "Migrant Workers Rights Network, Mae Sot", "MM"),
    ("李明华", "Yunnan Minzu University, Kunming", "CN"),
    ("张伟", "Guangxi University, Nanning", "CN"),
    ("Nguyễn Thị Hồng Nhung", "Institute of Sociology, Hanoi", "VN"),
    ("Trần Văn Đức", "Ho Chi Minh City University of Social Sciences and Humanities", "VN"),
    ("Phạm Thị Thu Hương", "Hue University", "VN"),
    ("Maria Santos", "Scalabrini Migration Center, Manila", "PH"),
    ("Jonas Weber", "University of Göttingen", "DE"),
    ("Aisha Rahman", "BRAC University, Dhaka", "BD"),
    ("Emily Carter", "University of Sydney", "AU"),
    ("Tomás Herrera", "International Labour Organization, Bangkok", "TH"),
]


@dataclass(frozen=True)
class Paper:
    key: str
    title: str
    keywords: tuple[str, ...]
    theme: int  # index into the conference's themes
    kind: int  # index into its contribution types
    submitter: int  # index into the demo authors
    coauthors: tuple[int, ...] = ()  # indexes into PEOPLE
    poster: bool = False


PAPERS = [
    # Migration
    Paper(
        "remittances-savannakhet",
        "Remittances and debt: Lao households and migration to Thailand",
        ("remittances", "debt", "Lao PDR"),
        0,
        1,
        2,
        (2, 3),
    ),
    Paper(
        "smartphones-brokers",
        "Smartphones as brokers: how migrants from Myanmar find work in Thailand",
        ("digital migration", "brokers", "Myanmar"),
        0,
        1,
        0,
        (7,),
    ),
    Paper(
        "mou-channels",
        "Why the formal channel fails: MOU recruitment between Cambodia and Thailand",
        ("MOU", "recruitment", "Cambodia"),
        0,
        0,
        3,
        (4, 5),
    ),
    Paper(
        "students-visas",
        "Student visas as a migration route from Viet Nam to Japan",
        ("student migration", "Viet Nam", "Japan"),
        0,
        1,
        1,
        (10,),
    ),
    Paper(
        "seasonal-farm",
        "Seasonal farm work along the Thai–Cambodian border",
        ("agriculture", "seasonal work", "border"),
        0,
        2,
        5,
        (1,),
    ),
    Paper(
        "return-yunnan",
        "Coming home to Yunnan: the return of women workers from the coast",
        ("return", "China", "gender"),
        0,
        0,
        4,
        (8,),
    ),
    Paper(
        "domestic-workers-hk",
        "Domestic workers between Hong Kong and the Philippines: care and control",
        ("domestic work", "care", "Philippines"),
        0,
        1,
        5,
        (13,),
    ),
    Paper(
        "migration-data",
        "Counting what cannot be seen: data on irregular migration in the Mekong region",
        ("data", "statistics", "irregular migration"),
        0,
        0,
        1,
        (14,),
        True,
    ),
    # Displacement
    Paper(
        "rohingya-boats",
        "After the boats: Rohingya arrivals and the language of rescue",
        ("Rohingya", "maritime", "rescue"),
        1,
        0,
        0,
        (15,),
    ),
    Paper(
        "camps-border",
        "Twenty years in the camps: refugees on the Thai–Myanmar border",
        ("camps", "protracted displacement", "Karen"),
        1,
        1,
        0,
        (6, 16),
    ),
    Paper(
        "urban-refugees-bkk",
        "Urban refugees in Bangkok: living without status",
        ("urban refugees", "Bangkok", "detention"),
        1,
        1,
        5,
        (0,),
    ),
    Paper(
        "dams-displacement",
        "Dams and displacement on the Mekong: who counts as displaced?",
        ("development", "dams", "resettlement"),
        1,
        0,
        2,
        (3,),
    ),
    Paper(
        "statelessness",
        "Stateless children and birth registration in northern Thailand",
        ("statelessness", "children", "registration"),
        1,
        2,
        5,
        (1,),
        True,
    ),
    Paper(
        "climate-mobility",
        "Climate, floods and mobility in the Mekong Delta",
        ("climate", "Mekong Delta", "Viet Nam"),
        1,
        1,
        1,
        (11, 12),
        True,
    ),
    # Human trafficking
    Paper(
        "fishing-identification",
        "Victim identification at sea: Cambodian fishers on Thai vessels",
        ("fisheries", "victim identification", "Cambodia"),
        2,
        1,
        3,
        (5,),
    ),
    Paper(
        "brides-china",
        "Marriage brokers between Viet Nam and China: consent and its limits",
        ("marriage migration", "brokers", "China"),
        2,
        1,
        1,
        (9, 10),
    ),
    Paper(
        "shelters-exit",
        "Leaving the shelter: women's choices after a trafficking case",
        ("shelters", "women", "reintegration"),
        2,
        0,
        5,
        (1,),
    ),
    Paper(
        "courts-thailand",
        "Trafficking cases in Thai courts, 2008–2016",
        ("prosecution", "law", "Thailand"),
        2,
        0,
        4,
        (0, 17),
    ),
    Paper(
        "hotlines",
        "Who calls the hotline? Reporting trafficking in Cambodia",
        ("hotlines", "reporting", "Cambodia"),
        2,
        2,
        3,
        (4,),
    ),
    Paper(
        "online-recruitment",
        "Online recruitment and deception: evidence from Lao job seekers",
        ("online recruitment", "deception", "Lao PDR"),
        2,
        1,
        2,
        (2,),
    ),
    Paper(
        "ngo-categories",
        "How NGOs choose their words: victims, survivors and clients",
        ("NGOs", "language", "assistance"),
        2,
        2,
        4,
        (13,),
        True,
    ),
    Paper(
        "compensation",
        "Compensation for trafficked persons: law and practice in Viet Nam",
        ("compensation", "law", "Viet Nam"),
        2,
        0,
        1,
        (12,),
    ),
    # Related forms of exploitation
    Paper(
        "debt-bondage-kilns",
        "Debt bondage in brick kilns along the Mekong",
        ("debt bondage", "brick kilns", "Cambodia"),
        3,
        1,
        3,
        (5,),
    ),
    Paper(
        "garment-overtime",
        "Overtime and wage theft in garment factories in Myanmar",
        ("garment industry", "wages", "Myanmar"),
        3,
        1,
        0,
        (6,),
    ),
    Paper(
        "construction-sites",
        "Building Bangkok: subcontracting and exploitation on construction sites",
        ("construction", "subcontracting", "Thailand"),
        3,
        0,
        5,
        (17,),
    ),
    Paper(
        "sugar-cane",
        "Sugar cane cutters and the supply chain",
        ("supply chains", "agriculture", "labour rights"),
        3,
        2,
        4,
        (16,),
    ),
    Paper(
        "forced-begging",
        "Children begging in Bangkok: exploitation or livelihood?",
        ("children", "begging", "livelihoods"),
        3,
        0,
        2,
        (15,),
        True,
    ),
    Paper(
        "audits",
        "What social audits miss: exploitation behind the certificate",
        ("audits", "certification", "business"),
        3,
        1,
        1,
        (14, 11),
        True,
    ),
]

ABSTRACT = (
    "This paper looks at {topic}. Drawing on interviews and documents collected between 2014 "
    "and 2016, it asks how the people concerned describe their own situation, how state "
    "agencies and aid organisations categorise them, and what follows from the difference "
    "for the assistance they receive. Keywords: {keywords}."
)
ETHICS = (
    "Informed consent was recorded without names; participants chose where to meet; no "
    "identifying details are kept in the transcripts or the paper."
)
BIO = "Researcher working on migration and labour in mainland Southeast Asia."


@dataclass
class Result:
    papers_created: int = 0
    accepted: int = 0
    camera_ready: int = 0
    sessions_created: int = 0
    published: int | None = None


def create_demo_programme(*, conference, authors, now, stdout=None) -> Result:
    """Accepted papers, camera-ready versions, a schedule and version 1 of the programme
    for ``conference``, idempotently, as if at ``now``. ``authors``: the demo authors'
    accounts. Side effects: as each domain function says; mail goes nowhere."""
    result = Result()
    themes = list(conference.themes.all())
    types = list(conference.contribution_types.all())
    if not authors or not themes or not types:
        return result
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        posters = _accepted_papers(conference, authors, themes, types, now, result)
        result.camera_ready = _camera_ready(conference, now)
        if not Session.objects.filter(conference=conference).exists():
            result.sessions_created = _schedule(conference, themes, posters)
        if latest_version(conference) is None:
            chair = conference.organisers.order_by("pk").first()
            result.published = publish(
                conference=conference,
                by=chair,
                note="The first programme: two days, three rooms.",
                now=now,
            ).number
    result.accepted = Submission.objects.filter(
        conference=conference, state=SubmissionState.ACCEPTED
    ).count()
    if stdout:
        stdout.write(
            f"Demo programme: {result.papers_created} paper(s) created, {result.accepted} "
            f"accepted, {result.camera_ready} camera-ready version(s) confirmed now, "
            f"{result.sessions_created} session(s) created"
            + (f", version {result.published} published." if result.published else ".")
        )
    return result


def _accepted_papers(conference, authors, themes, types, now, result) -> set[int]:
    """Submit and accept the demo papers. Returns the ids of submissions shown as posters."""
    from reviews.domain import decisions
    from reviews.models import Decision, Outcome

    chair = conference.organisers.order_by("pk").first()
    offered = dict(decisions.allowed_outcomes(conference))
    to_release, posters = [], set()
    for paper in PAPERS:
        submitter = authors[paper.submitter % len(authors)]
        ctype = types[paper.kind % len(types)]
        submission = _submitted(conference, paper, submitter, ctype, themes, now, result)
        if submission is None:
            continue
        if paper.poster:
            posters.add(submission.pk)
        if Decision.objects.filter(submission=submission).exists():
            continue
        outcome = Outcome.ACCEPT_POSTER if paper.poster else Outcome.ACCEPT_PAPER
        if outcome not in offered:
            outcome = Outcome.ACCEPT_PAPER
        decisions.decide(submission=submission, outcome=outcome, by=chair)
        to_release.append(submission)
    if to_release:
        decisions.release_decisions(submissions=to_release, by=chair, now=now)
    # The other demo steps' accepted posters are posters here too.
    posters |= {
        d.submission_id
        for d in Decision.objects.filter(
            submission__conference=conference, outcome=Outcome.ACCEPT_POSTER
        )
    }
    return posters


def _submitted(conference, paper, submitter, ctype, themes, now, result):
    rows = [cfp_domain.author_from_user(submitter)]
    for index in paper.coauthors:
        name, affiliation, country = PEOPLE[index % len(PEOPLE)]
        rows.append(
            AuthorData(
                full_name=name,
                email=f"coauthor{index + 1}@example.org",
                affiliation=affiliation,
                country=country,
            )
        )
    data = SubmissionData(
        contribution_type=ctype,
        title=paper.title,
        abstract=ABSTRACT.format(
            topic=paper.title[0].lower() + paper.title[1:], keywords=", ".join(paper.keywords)
        ),
        keywords=list(paper.keywords),
        themes=[themes[paper.theme % len(themes)]],
        ethics_statement=ETHICS if ctype.requires_ethics_statement else "",
        authors=rows,
        answers={},
    )
    token = uuid.uuid5(DEMO_NAMESPACE, f"{conference.slug}/{paper.key}")
    try:
        saved = cfp_domain.create_draft(
            conference=conference, by=submitter, data=data, token=token, now=now
        )
    except cfp_domain.SubmissionError:
        return None
    submission = saved.submission
    result.papers_created += int(saved.created)
    if submission.state == SubmissionState.DRAFT:
        if not submission.files.exists():
            upload = SimpleUploadedFile("paper.pdf", _pdf(paper.title), "application/pdf")
            cfp_domain.add_file_version(
                submission=submission, by=submitter, kind="paper", upload=upload, now=now
            )
        try:
            cfp_domain.submit_submission(
                submission=submission, by=submitter, now=now, acknowledge_identity_warnings=True
            )
        except cfp_domain.SubmissionError:
            return None
        submission.refresh_from_db()
    return submission if submission.state in {"submitted", "accepted"} else None


def _camera_ready(conference, now) -> int:
    """Confirm the final version of every accepted paper but one in seven (so the
    organisers' list still shows some missing). Names stay as the authors chose them."""
    done = 0
    accepted = Submission.objects.filter(
        conference=conference, state=SubmissionState.ACCEPTED
    ).order_by("number")
    confirmed = set(
        CameraReady.objects.filter(
            submission__conference=conference, confirmed_at__isnull=False
        ).values_list("submission_id", flat=True)
    )
    for index, submission in enumerate(accepted):
        if submission.pk in confirmed or index % 7 == 6:
            continue
        authorships = list(submission.authorships.order_by("order", "pk"))
        editor = next((a.user for a in authorships if a.is_editor and a.user), None)
        editor = editor or submission.created_by
        try:
            save_camera_ready(
                submission=submission,
                by=editor,
                now=now,
                title=submission.title,
                abstract=submission.abstract,
                presenter_id=authorships[0].pk,
                presenter_attends=True,
                presenter_bio=BIO,
                public={a.pk: a.public_name for a in authorships},
                upload=SimpleUploadedFile("final.pdf", _pdf(submission.title), "application/pdf"),
            )
        except (CameraReadyClosed, ValueError):
            continue
        done += 1
    return done


# --- the schedule ---------------------------------------------------------------------------

ROOMS = [("Auditorium", 300), ("Seminar Room 1", 60), ("Seminar Room 2", 60)]
PAPERS_PER_SESSION = 3


def _t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def _schedule(conference, themes, posters: set[int]) -> int:
    """Days, rooms and sessions; accepted papers grouped by theme into paper sessions, the
    posters into one poster session. Returns how many sessions were made."""
    first = conference.start_date
    dates = [first + dt.timedelta(days=n) for n in range((conference.end_date - first).days + 1)]
    dates = dates[:3] if len(dates) > 1 else [first, first + dt.timedelta(days=1)]
    days = [
        ProgrammeDay.objects.filter(conference=conference, date=date).first()
        or schedule.save_day(conference=conference, date=date, starts=_t("08:30"), ends=_t("17:30"))
        for date in dates
    ]
    rooms = [
        Room.objects.filter(conference=conference, name=name).first()
        or schedule.save_room(conference=conference, name=name, capacity=capacity, order=order)
        for order, (name, capacity) in enumerate(ROOMS)
    ]
    hall = rooms[0]
    chairs = _chairs(conference)
    made = []

    def session(day, starts, ends, kind, title, room=None, theme=None, description=""):
        made.append(
            schedule.save_session(
                conference=conference,
                day=day,
                starts=_t(starts),
                ends=_t(ends),
                kind=kind,
                title=title,
                room=room,
                theme=theme,
                description=description,
            )
        )
        return made[-1]

    first_day, last_day = days[0], days[-1]
    session(
        first_day,
        "09:00",
        "10:00",
        SessionKind.PLENARY,
        "Opening keynote: categories that travel",
        hall,
        description=(
            "Dr. Malee Sunpuwan (Mahidol University) on how the labels migrant, refugee and "
            "victim move between law, aid and everyday life in the Mekong region."
        ),
    )
    session(first_day, "10:00", "10:30", SessionKind.BREAK, "Coffee break")
    session(first_day, "12:00", "13:00", SessionKind.BREAK, "Lunch")
    session(first_day, "14:30", "15:00", SessionKind.BREAK, "Coffee break")
    poster_session = session(
        first_day, "15:00", "16:30", SessionKind.POSTERS, "Poster session", hall
    )
    session(last_day, "10:30", "11:00", SessionKind.BREAK, "Coffee break")
    session(last_day, "12:30", "13:30", SessionKind.BREAK, "Lunch")
    session(
        last_day,
        "13:30",
        "15:00",
        SessionKind.PANEL,
        "Closing panel: from categories to assistance",
        hall,
        description="Practitioners from Cambodia, Lao PDR, Myanmar, Thailand and Viet Nam.",
    )

    slots = [
        (first_day, "10:30", "12:00"),
        (first_day, "13:00", "14:30"),
        (last_day, "09:00", "10:30"),
        (last_day, "11:00", "12:30"),
    ]
    accepted = list(
        Submission.objects.filter(conference=conference, state=SubmissionState.ACCEPTED)
        .prefetch_related("themes")
        .order_by("number")
    )
    for submission in (s for s in accepted if s.pk in posters):
        schedule.place_paper(submission=submission, session=poster_session)
    by_theme: dict[int, list[Submission]] = {}
    for submission in accepted:
        if submission.pk not in posters:
            theme = next(iter(submission.themes.all()), None)
            by_theme.setdefault(theme.pk if theme else 0, []).append(submission)
    groups = []  # (theme, papers, index within the theme)
    for theme in [*themes, None]:
        papers = by_theme.get(theme.pk if theme else 0, [])
        count = -(-len(papers) // PAPERS_PER_SESSION)
        for n in range(count):
            groups.append((theme, papers[n::count], n, count))
    # The first session of every theme, then the second ones…: one theme is never in two
    # parallel rooms while another waits.
    groups.sort(key=lambda g: g[2])
    cells = [(slot, room) for slot in slots for room in rooms]
    for (theme, papers, n, count), ((day, starts, ends), room) in zip(groups, cells, strict=False):
        title = theme.title if theme else "Open session"
        if count > 1:
            title = f"{title} {['I', 'II', 'III', 'IV', 'V'][n] if n < 5 else n + 1}"
        placed = session(day, starts, ends, SessionKind.PAPERS, title, room, theme)
        chair = chairs[len(made) % len(chairs)] if chairs else None
        schedule.save_session(conference=conference, session=placed, chair=chair)
        for submission in papers:
            schedule.place_paper(submission=submission, session=placed)
    return len(made)


def _chairs(conference) -> list:
    from reviews.models import CommitteeMember

    return [
        member.user
        for member in CommitteeMember.objects.filter(conference=conference)
        .select_related("user")
        .order_by("pk")
        if member.user_id
    ]


def _pdf(title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.setTitle(title)
    for page in (1, 2):
        pdf.setFont("Helvetica", 11)
        pdf.drawString(72, 760, f"Demo paper, page {page}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()

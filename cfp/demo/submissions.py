"""Demo submissions for ``manage.py demo``: a living call with papers in every state.

Made through the domain functions an author's clicks call (create_draft, add_file_version,
submit_submission, withdraw_submission, confirm_authorship), with real PDFs drawn by reportlab.
Idempotent: each demo paper has a fixed creation token, so a second run finds it instead of
creating it again; the same PDF bytes are not stored twice; submit and withdraw are no-ops
the second time. Mail the demo would send (invitations, confirmations) is kept out of the
console: the addresses are all @example.org anyway.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings

from cfp import domain
from cfp.domain import AuthorData, SubmissionData
from cfp.models import Submission, SubmissionState

DEMO_NAMESPACE = uuid.UUID("6a0f3a52-5a3b-4a63-9d0e-0d3c1f3a2b10")


@dataclass(frozen=True)
class DemoPaper:
    key: str
    submitter: int  # index into ``authors``
    state: str  # draft, submitted, withdrawn
    title: str
    abstract: str
    keywords: tuple[str, ...]
    type_index: int = 0
    theme_indexes: tuple[int, ...] = (0,)
    pages: int = 4
    with_file: bool = True
    # Co-authors: (index into ``authors``) for demo accounts, or external people as dicts.
    coauthors: tuple = field(default_factory=tuple)
    ethics: str = ""


EXTERNAL_AT_RISK = {
    "full_name": "Ma Hnin (pseudonym requested)",
    "email": "hnin.coauthor@example.org",
    "affiliation": "Community-based organisation, Mae Sot",
    "country": "MM",
    "public_name": False,
}
EXTERNAL_NGO = {
    "full_name": "Chea Sophal",
    "email": "sophal@example.org",
    "affiliation": "Legal aid NGO, Phnom Penh",
    "country": "KH",
}

PAPERS: list[DemoPaper] = [
    DemoPaper(
        key="self-identification-mae-sot",
        submitter=0,
        state=SubmissionState.SUBMITTED,
        title="“We are workers, not victims”: self-identification among Myanmar migrants in Mae Sot",
        abstract=(
            "Drawing on forty life-history interviews with Myanmar migrant workers in Mae Sot, "
            "this paper examines how people categorised by the state as irregular migrants or "
            "as victims of trafficking describe themselves, and how those self-identifications "
            "shape their access to assistance, legal aid and the labour courts."
        ),
        keywords=("self-identification", "Myanmar", "labour migration", "Mae Sot"),
        type_index=1,
        theme_indexes=(0, 1),
        coauthors=(EXTERNAL_AT_RISK,),
        ethics=(
            "Verbal consent was recorded without names; interviews took place in locations the "
            "participants chose; no identifying details appear in the transcripts or the paper."
        ),
    ),
    DemoPaper(
        key="brides-border-yunnan",
        submitter=1,
        state=SubmissionState.SUBMITTED,
        title="Marriage migration across the Viet Nam–China border: between choice and coercion",
        abstract=(
            "Marriage migration from northern Viet Nam to Yunnan is often framed as bride "
            "trafficking. Using court records and interviews with returnees, we show a spectrum "
            "of arrangements that the categories of law and assistance programmes fail to see."
        ),
        keywords=("marriage migration", "Viet Nam", "China", "trafficking"),
        type_index=0,
        theme_indexes=(1,),
        coauthors=(4,),
    ),
    DemoPaper(
        key="lao-returnees-draft",
        submitter=2,
        state=SubmissionState.DRAFT,
        title="Returnees' reintegration in southern Lao PDR",
        abstract="Work in progress on reintegration support for returnees from Thailand.",
        keywords=("Lao PDR", "return"),
        type_index=2,
        with_file=False,
    ),
    DemoPaper(
        key="fishing-fleets-withdrawn",
        submitter=3,
        state=SubmissionState.WITHDRAWN,
        title="Cambodian fishers on Thai vessels: categorisation in victim identification",
        abstract=(
            "An analysis of victim-identification interviews with Cambodian fishers returned "
            "from Thai fishing vessels, and of how screening forms decide who counts as a victim."
        ),
        keywords=("fisheries", "Cambodia", "victim identification"),
        type_index=0,
        theme_indexes=(0,),
        coauthors=(EXTERNAL_NGO,),
    ),
    DemoPaper(
        key="kunming-brokers",
        submitter=4,
        state=SubmissionState.SUBMITTED,
        title="Brokers as helpers? Migration intermediaries between Yunnan and northern Myanmar",
        abstract=(
            "Migration brokers are cast as traffickers in policy, yet migrants describe many of "
            "them as indispensable helpers. This paper follows twelve brokers over two years."
        ),
        keywords=("brokers", "intermediaries", "Yunnan", "Myanmar"),
        type_index=1,
        theme_indexes=(2,),
        ethics=(
            "Brokers were interviewed with informed consent; locations and names are changed; "
            "field notes are stored encrypted and will be destroyed after publication."
        ),
    ),
    DemoPaper(
        key="bangkok-shelters-draft",
        submitter=5,
        state=SubmissionState.DRAFT,
        title="Shelter or detention? Women's experiences of Thai government shelters",
        abstract=(
            "Women identified as victims of trafficking are required to stay in shelters. "
            "Their accounts show how protection and confinement blur."
        ),
        keywords=("shelters", "Thailand", "protection"),
        type_index=0,
        theme_indexes=(1,),
        coauthors=(0,),
    ),
]


def _pdf(paper: DemoPaper, authors_line: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    # invariant: the same paper always gives the same bytes, so a second run stores nothing.
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.setTitle(paper.title)
    width, height = A4
    for page in range(1, paper.pages + 1):
        pdf.setFont("Helvetica-Bold", 14)
        if page == 1:
            pdf.drawString(72, height - 96, paper.title[:80])
            pdf.setFont("Helvetica", 10)
            pdf.drawString(72, height - 116, "Anonymised for double-blind review")
        pdf.setFont("Helvetica", 11)
        text = pdf.beginText(72, height - 160)
        for line in _wrap(paper.abstract, 90):
            text.textLine(line)
        pdf.drawText(text)
        pdf.setFont("Helvetica", 9)
        pdf.drawString(width / 2 - 10, 40, str(page))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def _author(user, **extra) -> AuthorData:
    return domain.author_from_user(user, **extra)


def create_demo_submissions(*, conference, authors, now, stdout=None) -> int:
    """Create demo submissions for ``authors`` in ``conference``, idempotently, as if at
    ``now`` (an aware datetime: the call must be open then for drafts to be made).

    Returns how many submissions were created by this call (0 when they already exist).
    Side effects: submissions, authors, PDF files and history through cfp.domain.
    """
    if not authors:
        return 0
    types = list(conference.contribution_types.all())
    themes = list(conference.themes.all())
    if not types or not themes:
        if stdout:
            stdout.write("No contribution types or themes: no demo submissions.")
        return 0
    created = 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for paper in PAPERS:
            submitter = authors[paper.submitter % len(authors)]
            ctype = types[paper.type_index % len(types)]
            rows = [_author(submitter)]
            for coauthor in paper.coauthors:
                if isinstance(coauthor, int):
                    person = authors[coauthor % len(authors)]
                    if person != submitter:
                        rows.append(
                            _author(
                                person, is_presenter=False, is_corresponding=False, is_editor=False
                            )
                        )
                else:
                    rows.append(AuthorData(**coauthor))
            data = SubmissionData(
                contribution_type=ctype,
                title=paper.title,
                abstract=paper.abstract,
                keywords=list(paper.keywords),
                themes=[themes[i % len(themes)] for i in paper.theme_indexes],
                ethics_statement=paper.ethics,
                authors=rows,
                answers={},
            )
            token = uuid.uuid5(DEMO_NAMESPACE, f"{conference.slug}/{paper.key}")
            try:
                result = domain.create_draft(
                    conference=conference, by=submitter, data=data, token=token, now=now
                )
            except domain.SubmissionClosed:
                continue
            submission = result.submission
            created += int(result.created)
            if paper.with_file:
                pages = min(paper.pages, ctype.page_limit)
                pdf = _pdf(DemoPaper(**{**paper.__dict__, "pages": pages}), "")
                upload = SimpleUploadedFile("paper.pdf", pdf, content_type="application/pdf")
                domain.add_file_version(
                    submission=submission, by=submitter, kind="paper", upload=upload, now=now
                )
            _confirm_demo_coauthors(submission, authors, now=now)
            _bring_to_state(submission, paper.state, by=submitter, now=now)
    if stdout:
        total = Submission.objects.filter(conference=conference).count()
        stdout.write(f"Demo submissions: {created} created, {total} in the conference.")
    return created


def _confirm_demo_coauthors(submission, authors, *, now) -> None:
    emails = {a.email.lower(): a for a in authors}
    for authorship in submission.authorships.filter(user__isnull=True):
        user = emails.get(authorship.email.lower())
        if user is not None:
            domain.confirm_authorship(submission=submission, user=user, now=now)


def _bring_to_state(submission, state, *, by, now) -> None:
    submission.refresh_from_db()
    wanted = (SubmissionState.SUBMITTED, SubmissionState.WITHDRAWN)
    if state in wanted and submission.state == SubmissionState.DRAFT:
        try:
            domain.submit_submission(
                submission=submission, by=by, now=now, acknowledge_identity_warnings=True
            )
        except (domain.SubmissionIncomplete, domain.SubmissionClosed):
            return
    if state == SubmissionState.WITHDRAWN:
        domain.withdraw_submission(submission=submission, by=by, now=now)

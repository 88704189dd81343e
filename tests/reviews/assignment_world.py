"""A conference set up for the assignment and queue tests (helper `assign`): every actor of
the access matrix, and papers whose files name their authors (the blind copy does not)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.core.files.base import ContentFile

from reviews.models import CommitteeMember
from tests.factories import (
    AssignmentFactory,
    AuthorshipFactory,
    CommitteeMemberFactory,
    ConferenceFactory,
    ConflictFactory,
    ContributionTypeFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    ThemeFactory,
    organiser_with_mfa,
    verified_user,
)
from tests.pdfs import identifying_pdf

AUTHOR_NAME = "Nguyễn Thị Hoa"
AUTHOR_EMAIL = "hoa.nguyen@ussh.example.vn"
AUTHOR_AFFILIATION = "University of Social Sciences and Humanities, Hanoi"
COAUTHOR_NAME = "Aung Kyaw Thein"
COAUTHOR_EMAIL = "aung.kt@yangon.example.mm"
ORIGINAL_NAME = "Hoa_Nguyen_final_draft.pdf"


def with_mfa(user):
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


@dataclass
class World:
    conference: object
    displacement: object
    advocacy: object
    paper: object  # displacement, assigned to `assigned`, conflicted for some
    other: object  # advocacy
    actors: dict


def blind_bytes_of(content: bytes) -> bytes:
    import pypdf

    from cfp.pdf.blind import blind_copy

    return blind_copy(pypdf.PdfReader(io.BytesIO(content)))


def build_world(*, blind_review: str = "double") -> World:
    conference = ConferenceFactory(blind_review=blind_review, is_public=True)
    displacement = ThemeFactory(conference=conference, title="Displacement")
    advocacy = ThemeFactory(conference=conference, title="Advocacy")
    research = ContributionTypeFactory(conference=conference, name="Research paper")
    author, coauthor = (
        verified_user(full_name=AUTHOR_NAME, email=AUTHOR_EMAIL),
        verified_user(full_name=COAUTHOR_NAME, email=COAUTHOR_EMAIL),
    )
    paper = SubmissionFactory(
        conference=conference,
        themes=[displacement],
        contribution_type=research,
        created_by=author,
        title="Fishing crews and debt bondage",
    )
    AuthorshipFactory(
        submission=paper,
        user=author,
        full_name=AUTHOR_NAME,
        email=AUTHOR_EMAIL,
        affiliation=AUTHOR_AFFILIATION,
    )
    AuthorshipFactory(
        submission=paper,
        user=coauthor,
        full_name=COAUTHOR_NAME,
        email=COAUTHOR_EMAIL,
        affiliation="Yangon University",
    )
    content = identifying_pdf(names=[AUTHOR_NAME, COAUTHOR_NAME], emails=[AUTHOR_EMAIL])
    stored = SubmissionFileFactory(
        submission=paper,
        version=1,
        file=ContentFile(content, name="x.pdf"),
        original_name=ORIGINAL_NAME,
        size=len(content),
    )
    stored.blind_file.save("blind.pdf", ContentFile(blind_bytes_of(content)), save=True)
    other = SubmissionFactory(conference=conference, themes=[advocacy], title="Advocacy at sea")

    def member(**kwargs):
        return CommitteeMemberFactory(conference=conference, **kwargs).user

    chair = with_mfa(member(role=CommitteeMember.Role.THEME_CHAIR, themes=[displacement]))
    other_chair = with_mfa(member(role=CommitteeMember.Role.THEME_CHAIR, themes=[advocacy]))
    assigned = member(expertise_themes=[displacement])
    unassigned = member(expertise_themes=[displacement])
    conflicted = member(expertise_themes=[displacement])
    organiser = organiser_with_mfa(conference)
    conflicted_organiser = organiser_with_mfa(conference)
    superuser = verified_user(is_superuser=True, is_staff=True)
    AssignmentFactory(submission=paper, reviewer=assigned)
    AssignmentFactory(submission=paper, reviewer=conflicted)
    ConflictFactory(submission=paper, user=conflicted)
    ConflictFactory(submission=paper, user=conflicted_organiser)
    actors = {
        "anonymous": None,
        "author": author,
        "coauthor": coauthor,
        "assigned": assigned,
        "unassigned": unassigned,
        "conflicted": conflicted,
        "chair": chair,
        "other_chair": other_chair,
        "organiser": organiser,
        "conflicted_organiser": conflicted_organiser,
        "superuser": superuser,
    }
    return World(conference, displacement, advocacy, paper, other, actors)

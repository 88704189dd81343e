"""factory_boy factories shared by every test package. Add new ones here, grouped by app."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import User
from cfp.models import Conference, ContributionType, GuidingQuestion, Theme

# A fixed instant so that no test depends on the wall clock: tests that care about "now"
# pass it explicitly or freeze it.
REFERENCE_NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    affiliation = "Mahidol University"
    country = "TH"
    password = factory.django.Password("correct horse battery staple")


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"conf{n}")
    title = factory.Sequence(lambda n: f"Conference {n}")
    subtitle = "Analysis, advocacy and assistance"
    call_text = "We invite *papers* on migration."
    city = "Bangkok"
    country = "TH"
    timezone = "Asia/Bangkok"
    start_date = dt.date(2026, 9, 1)
    end_date = dt.date(2026, 9, 2)
    submission_opens = REFERENCE_NOW - dt.timedelta(days=30)
    submission_closes = REFERENCE_NOW + dt.timedelta(days=30)
    contact_email = "chair@example.org"

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.add(*extracted)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    description = "A theme."
    order = factory.Sequence(int)


class GuidingQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidingQuestion

    conference = factory.SubFactory(ConferenceFactory)
    text = factory.Sequence(lambda n: f"Guiding question {n}?")
    order = factory.Sequence(int)


class ContributionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributionType

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Type {n}")
    slug = factory.Sequence(lambda n: f"type-{n}")
    description = "What it expects."
    abstract_word_limit = 300
    page_limit = 20
    presentation_minutes = 20


def aware(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, tz=None
):
    """An aware datetime, for readable boundary tests."""
    return dt.datetime(
        year, month, day, hour, minute, second, tzinfo=tz or timezone.get_current_timezone()
    )


# --- accounts


class EmailAddressFactory(factory.django.DjangoModelFactory):
    """allauth's record of a user's address; verified and primary, as after signup."""

    class Meta:
        model = "account.EmailAddress"

    user = factory.SubFactory(UserFactory)
    email = factory.SelfAttribute("user.email")
    verified = True
    primary = True


def verified_user(**kwargs) -> User:
    """A user who can log in: mandatory email verification is done (password in UserFactory)."""
    user = UserFactory(**kwargs)
    EmailAddressFactory(user=user)
    return user


# --- cfp: submissions (added by the organiser-submissions work; the author side may extend them)


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submitted submission; pass ``state=SubmissionState.DRAFT`` (and submitted_at=None)."""

    class Meta:
        model = "cfp.Submission"
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Submission {n}")
    abstract = "Migrants' own words about categorisation."
    keywords = factory.LazyFunction(lambda: ["migration", "trafficking"])
    state = "submitted"
    submitted_at = REFERENCE_NOW - dt.timedelta(days=1)
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)

    @factory.post_generation
    def guiding_questions(self, create, extracted, **kwargs):
        if create and extracted:
            self.guiding_questions.add(*extracted)


class AuthorshipFactory(factory.django.DjangoModelFactory):
    """An author; confirmed and linked to ``user`` when one is given."""

    class Meta:
        model = "cfp.Authorship"

    submission = factory.SubFactory(SubmissionFactory)
    user = None
    full_name = factory.LazyAttribute(lambda o: o.user.full_name if o.user else "Somchai Jaidee")
    email = factory.LazyAttributeSequence(
        lambda o, n: o.user.email if o.user else f"author{n}@example.org"
    )
    affiliation = "Mahidol University"
    country = "TH"
    order = factory.Sequence(int)
    confirmed_at = factory.LazyAttribute(lambda o: REFERENCE_NOW if o.user else None)


class SubmissionFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cfp.SubmissionFile"

    submission = factory.SubFactory(SubmissionFactory)
    kind = "paper"
    version = factory.Sequence(lambda n: n + 1)
    file = factory.django.FileField(filename="paper.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "paper.pdf"
    sha256 = "0" * 64
    size = 15
    page_count = 12


class FileDownloadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cfp.FileDownload"

    file = factory.SubFactory(SubmissionFileFactory)
    user = factory.SubFactory(UserFactory)


class CustomQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cfp.CustomQuestion"

    conference = factory.SubFactory(ConferenceFactory)
    text = factory.Sequence(lambda n: f"Custom question {n}?")
    kind = "text"
    order = factory.Sequence(int)


class CustomAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cfp.CustomAnswer"

    submission = factory.SubFactory(SubmissionFactory)
    question = factory.SubFactory(
        CustomQuestionFactory, conference=factory.SelfAttribute("..submission.conference")
    )
    value = "An answer."


def organiser_with_mfa(conference, **kwargs) -> User:
    """A verified user who organises ``conference`` and has an authenticator app (TOTP)."""
    from allauth.mfa.models import Authenticator

    user = verified_user(**kwargs)
    conference.organisers.add(user)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


# --- cfp: the call (organisations; see also ConferenceFactory and friends above)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cfp.Organisation"

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    role = "organiser"
    url = ""
    order = factory.Sequence(int)


# --- reviews: the committee


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    """A reviewer on ``conference``'s committee; pass ``role=...THEME_CHAIR, themes=[...]``."""

    class Meta:
        model = "reviews.CommitteeMember"
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    user = factory.LazyFunction(lambda: verified_user())
    role = "reviewer"

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)

    @factory.post_generation
    def expertise_themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.expertise_themes.add(*extracted)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Assignment"

    submission = factory.SubFactory(SubmissionFactory)
    reviewer = factory.LazyFunction(lambda: verified_user())
    origin = "manual"


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Conflict"

    submission = factory.SubFactory(SubmissionFactory)
    user = factory.LazyFunction(lambda: verified_user())
    source = "chair"
    reason = "collaborator"


# --- reviews: the committee's pages (helper `committee`)


def with_mfa(user) -> User:
    """Give ``user`` an authenticator app (TOTP), as organisers and theme chairs need."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


def theme_chair_with_mfa(conference, themes, **kwargs) -> User:
    """A verified user with MFA who chairs ``themes`` of ``conference``."""
    user = with_mfa(verified_user(**kwargs))
    CommitteeMemberFactory(conference=conference, user=user, role="theme_chair", themes=themes)
    return user


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation whose token is ``token-<n>`` (its hash is stored)."""

    class Meta:
        model = "reviews.Invitation"
        skip_postgeneration_save = True

    class Params:
        token = factory.Sequence(lambda n: f"token-{n}")

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Invitee {n}")
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = "reviewer"
    token_hash = factory.LazyAttribute(
        lambda o: __import__("hashlib").sha256(o.token.encode()).hexdigest()
    )
    expires_at = REFERENCE_NOW + dt.timedelta(days=14)
    sent_at = REFERENCE_NOW
    send_count = 1

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)


# --- reviews: decisions (issue 12)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A submitted review with comments to authors and confidential comments; pass
    ``state="draft"`` (and submitted_at=None) for a draft."""

    class Meta:
        model = "reviews.Review"

    submission = factory.SubFactory(SubmissionFactory)
    reviewer = factory.LazyFunction(lambda: verified_user())
    state = "submitted"
    recommendation = 4
    confidence = 3
    comments_to_authors = factory.Sequence(lambda n: f"Comment to authors {n}.")
    confidential_comments = factory.Sequence(lambda n: f"Confidential remark {n}.")
    submitted_at = REFERENCE_NOW - dt.timedelta(hours=1)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Decision"

    submission = factory.SubFactory(SubmissionFactory)
    outcome = "accept_paper"
    decided_by = None


class ReviewingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.ReviewingSettings"

    conference = factory.SubFactory(ConferenceFactory)


def committee_with_mfa(conference, *, role="reviewer", themes=(), **kwargs) -> User:
    """A verified committee member of ``conference`` with an authenticator app (TOTP)."""
    from allauth.mfa.models import Authenticator

    user = verified_user(**kwargs)
    CommitteeMemberFactory(conference=conference, user=user, role=role, themes=list(themes))
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


# --- reviews: cockpit (issue 12)


class ReviewCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.ReviewCriterion"

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    guidance = "What to look for."
    order = factory.Sequence(int)


class ReviewScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.ReviewScore"

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(ReviewCriterionFactory)
    value = 3


def cockpit_world(**conference_kwargs) -> dict:
    """One paper ("paper", theme A) seen by every kind of actor the cockpit's access matrix
    names, plus a paper of theme B. Authors have distinctive names, affiliations, emails."""
    conference = ConferenceFactory(
        is_public=True, review_deadline=dt.date(2026, 6, 10), **conference_kwargs
    )
    theme_a = ThemeFactory(conference=conference, title="Displacement")
    theme_b = ThemeFactory(conference=conference, title="Advocacy")
    paper = SubmissionFactory(conference=conference, themes=[theme_a], title="Voices at the border")
    other = SubmissionFactory(conference=conference, themes=[theme_b], title="Shelter practice")
    author = verified_user(full_name="Zephyrine Quillfeather", affiliation="Ulaanbaatar Institute")
    coauthor = verified_user(full_name="Bartholomew Oyelaran", email="oyelaran@rare.example")
    AuthorshipFactory(submission=paper, user=author, affiliation="Ulaanbaatar Institute")
    AuthorshipFactory(submission=paper, user=coauthor, affiliation="Lagos Centre for Mobility")
    committee = {}
    for name in ("reviewer_before", "reviewer_after", "unassigned", "conflicted_reviewer"):
        committee[name] = CommitteeMemberFactory(conference=conference).user
    for name in ("reviewer_before", "reviewer_after", "conflicted_reviewer"):
        AssignmentFactory(submission=paper, reviewer=committee[name])
    for name in ("reviewer_after", "conflicted_reviewer"):
        ReviewFactory(submission=paper, reviewer=committee[name])
    ConflictFactory(submission=paper, user=committee["conflicted_reviewer"])
    chair_a = with_mfa(
        CommitteeMemberFactory(conference=conference, role="theme_chair", themes=[theme_a]).user
    )
    chair_b = with_mfa(
        CommitteeMemberFactory(conference=conference, role="theme_chair", themes=[theme_b]).user
    )
    organiser = organiser_with_mfa(conference)
    conflicted_organiser = organiser_with_mfa(conference)
    ConflictFactory(submission=paper, user=conflicted_organiser)
    superuser = with_mfa(verified_user(is_superuser=True, is_staff=True))
    actors = {
        "anonymous": None,
        "author": author,
        "coauthor": coauthor,
        **committee,
        "chair_a": chair_a,
        "chair_b": chair_b,
        "organiser": organiser,
        "conflicted_organiser": conflicted_organiser,
        "superuser": superuser,
    }
    return {
        "conference": conference,
        "paper": paper,
        "other": other,
        "actors": actors,
        "theme_a": theme_a,
        "theme_b": theme_b,
    }


# --- programme: camera-ready (issue 13)


class CameraReadyFactory(factory.django.DjangoModelFactory):
    """A confirmed camera-ready version (with a small PDF) of an accepted submission."""

    class Meta:
        model = "programme.CameraReady"

    submission = factory.SubFactory(SubmissionFactory, state="accepted")
    title = factory.LazyAttribute(lambda o: o.submission.title)
    abstract = factory.LazyAttribute(lambda o: o.submission.abstract)
    file = factory.django.FileField(filename="final.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "final.pdf"
    sha256 = "0" * 64
    size = 15
    page_count = 1
    confirmed_at = REFERENCE_NOW


class VisaLetterRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programme.VisaLetterRequest"

    submission = factory.SubFactory(SubmissionFactory, state="accepted")
    requester = factory.LazyFunction(lambda: verified_user())
    passport_name = "NGUYEN VAN AN"
    nationality = "Viet Nam"
    passport_number = "C1234567"
    travel_from = dt.date(2026, 8, 30)
    travel_to = dt.date(2026, 9, 3)
    requested_at = REFERENCE_NOW


# --- reviews: reviewing (issue 12)


class DeclinedAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.DeclinedAssignment"

    submission = factory.SubFactory(SubmissionFactory)
    reviewer = factory.LazyFunction(lambda: verified_user())
    reason = "No time this month."


def totp_for(user) -> User:
    """Give ``user`` an authenticator app, as organiser and chair pages require."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


def reviewing_scene(*, blind_review: str = "double"):
    """One paper of theme A under review, and one person for each role the reviewing pages
    must tell apart. Review deadline 2026-06-15 (REFERENCE_NOW is 2026-06-01).

    Authors have distinctive names, affiliations and emails (for leak tests). Returns a
    SimpleNamespace: conference, theme_a, theme_b, ctype, submission, author, coauthor,
    reviewer_before (assigned, no review), reviewer_after (assigned, review submitted,
    ``review``), unassigned, conflicted (assigned but conflicted), chair_this, chair_other,
    organiser, conflicted_organiser, superuser, criteria (two, both required).
    """
    from types import SimpleNamespace

    ns = SimpleNamespace()
    ns.conference = ConferenceFactory(
        blind_review=blind_review, review_deadline=dt.date(2026, 6, 15)
    )
    ns.theme_a = ThemeFactory(conference=ns.conference, title="Categorisations")
    ns.theme_b = ThemeFactory(conference=ns.conference, title="Assistance")
    ns.ctype = ContributionTypeFactory(conference=ns.conference, name="Research paper")
    ns.author = verified_user(
        full_name="Zephyrine Quackenbush-Oyelaran",
        email="zephyrine.q@xylophonique.example",
        affiliation="Institut Xylophonique de Ouagadougou",
    )
    ns.coauthor = verified_user(
        full_name="Bartholomew Vantongerloo-Nakamura",
        email="b.vantongerloo@quokkaversity.example",
        affiliation="Quokkaversity of Tasmania",
    )
    ns.submission = SubmissionFactory(
        conference=ns.conference,
        contribution_type=ns.ctype,
        created_by=ns.author,
        title="Counting the uncounted",
        themes=[ns.theme_a],
    )
    AuthorshipFactory(
        submission=ns.submission, user=ns.author, affiliation=ns.author.affiliation, order=0
    )
    AuthorshipFactory(
        submission=ns.submission, user=ns.coauthor, affiliation=ns.coauthor.affiliation, order=1
    )
    ns.criteria = [
        ReviewCriterionFactory(conference=ns.conference, name="Relevance", order=0),
        ReviewCriterionFactory(conference=ns.conference, name="Clarity", order=1),
    ]

    def member(name, **kwargs):
        user = verified_user(full_name=name)
        CommitteeMemberFactory(conference=ns.conference, user=user, **kwargs)
        return user

    ns.reviewer_before = member("Reviewer Before")
    ns.reviewer_after = member("Reviewer After")
    ns.unassigned = member("Reviewer Unassigned")
    ns.conflicted = member("Reviewer Conflicted")
    for user in (ns.reviewer_before, ns.reviewer_after, ns.conflicted):
        AssignmentFactory(submission=ns.submission, reviewer=user)
    ConflictFactory(submission=ns.submission, user=ns.conflicted)
    ns.review = ReviewFactory(
        submission=ns.submission,
        reviewer=ns.reviewer_after,
        comments_to_authors="Clear and useful.",
        confidential_comments="",
    )
    for criterion in ns.criteria:
        from reviews.models import ReviewScore

        ReviewScore.objects.create(review=ns.review, criterion=criterion, value=4)
    ns.chair_this = totp_for(member("Chair This", role="theme_chair", themes=[ns.theme_a]))
    ns.chair_other = totp_for(member("Chair Other", role="theme_chair", themes=[ns.theme_b]))
    ns.organiser = organiser_with_mfa(ns.conference, full_name="Organiser Person")
    ns.conflicted_organiser = organiser_with_mfa(ns.conference, full_name="Organiser Conflicted")
    ConflictFactory(submission=ns.submission, user=ns.conflicted_organiser)
    ns.superuser = totp_for(verified_user(full_name="Site Admin", is_superuser=True, is_staff=True))
    return ns


REVIEWING_ROLES = (
    "anonymous",
    "author",
    "coauthor",
    "reviewer_before",
    "reviewer_after",
    "unassigned",
    "conflicted",
    "chair_this",
    "chair_other",
    "organiser",
    "conflicted_organiser",
    "superuser",
)


# --- programme: the schedule (issue 13)


class ProgrammeDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programme.ProgrammeDay"
        django_get_or_create = ("conference", "date")

    conference = factory.SubFactory(ConferenceFactory)
    date = factory.LazyAttribute(lambda o: o.conference.start_date)
    starts = dt.time(8, 30)
    ends = dt.time(18, 0)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programme.Room"

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Room {n + 1}")
    capacity = 80
    order = factory.Sequence(int)


class SessionFactory(factory.django.DjangoModelFactory):
    """A scheduled paper session (pass ``day=None, starts=None, ends=None`` for a draft one)."""

    class Meta:
        model = "programme.Session"

    conference = factory.SubFactory(ConferenceFactory)
    kind = "papers"
    title = factory.Sequence(lambda n: f"Session {n + 1}")
    room = factory.SubFactory(RoomFactory, conference=factory.SelfAttribute("..conference"))
    day = factory.SubFactory(ProgrammeDayFactory, conference=factory.SelfAttribute("..conference"))
    starts = dt.time(9, 0)
    ends = dt.time(10, 30)


class PresentationFactory(factory.django.DjangoModelFactory):
    """An accepted submission placed in a session of the same conference."""

    class Meta:
        model = "programme.Presentation"

    session = factory.SubFactory(SessionFactory)
    submission = factory.SubFactory(
        SubmissionFactory,
        conference=factory.SelfAttribute("..session.conference"),
        state="accepted",
    )
    order = factory.Sequence(int)


# --- programme: the printed programme (issue 13, helper `pdf`)


def published_programme_version(conference, *, number: int = 1):
    """Publish the conference's current schedule as version ``number`` (its snapshot)."""
    from programme import snapshot
    from programme.models import ProgrammeVersion

    return ProgrammeVersion.objects.create(
        conference=conference,
        number=number,
        snapshot=snapshot.build(conference),
        published_at=REFERENCE_NOW,
    )

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


# --- reviews: reviewing (issue 12)


class ReviewCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.ReviewCriterion"

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    guidance = "What to look for."
    order = factory.Sequence(int)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A submitted, complete review (no scores: add ReviewScore rows for criteria)."""

    class Meta:
        model = "reviews.Review"

    submission = factory.SubFactory(SubmissionFactory)
    reviewer = factory.LazyFunction(lambda: verified_user())
    state = "submitted"
    recommendation = 4
    confidence = 3
    comments_to_authors = "Clear and useful."
    confidential_comments = ""
    submitted_at = REFERENCE_NOW - dt.timedelta(hours=1)


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
    ns.review = ReviewFactory(submission=ns.submission, reviewer=ns.reviewer_after)
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

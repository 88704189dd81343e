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


def aware(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, tz=None):
    """An aware datetime, for readable boundary tests."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=tz or timezone.get_current_timezone())

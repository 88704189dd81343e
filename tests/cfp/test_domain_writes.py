"""Every write goes through the domain layer (issue 8, item 22): the organisers' forms and
views, and the admin, call ``cfp.domain``; none writes a row itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from cfp.domain import call as domain_call
from cfp.models import Theme
from tests.factories import ContributionTypeFactory, SubmissionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Modules that must not write: they validate, authorise and call the domain.
NO_WRITES = [
    "cfp/forms/call.py",
    "cfp/forms/organiser_submissions.py",
    "cfp/views/organiser.py",
    "cfp/admin.py",
    "cfp/models/call.py",
]
WRITE = re.compile(
    r"(?<!form)\.save\((?!commit=False)|\.delete\(|\.objects\.create\(|\.update\(|\.bulk_update\("
    r"|\.organisers\.(add|remove|set|clear)\("
)


def test_forms_views_models_and_admin_of_the_call_do_not_write():
    found = []
    for relative in NO_WRITES:
        for number, line in enumerate((ROOT / relative).read_text().splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith("#") or "super().save(commit=False)" in stripped:
                continue
            if WRITE.search(line):
                found.append(f"{relative}:{number}: {stripped}")
    assert found == []


def test_the_domain_module_beside_the_package_is_gone():
    assert not (ROOT / "cfp/domain_organisers.py").exists()
    assert (ROOT / "cfp/domain/organisers.py").exists()
    for name in ("demo.py", "demo_submissions.py", "seed_mahidol.py"):
        assert not (ROOT / "cfp" / name).exists()
    assert {p.name for p in (ROOT / "cfp/demo").glob("*.py")} == {
        "__init__.py",
        "mahidol.py",
        "people.py",
        "submissions.py",
    }


def test_an_organiser_form_saves_through_the_domain(organiser_client, conference, monkeypatch):
    calls = []
    real = domain_call.save_item

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(domain_call, "save_item", spy)
    url = reverse("cfp:organiser_theme_add", kwargs={"conference": conference.slug})

    response = organiser_client.post(url, {"title": "Labour migration", "description": ""})

    assert response.status_code == 302
    assert [c["item"].title for c in calls] == ["Labour migration"]
    assert Theme.objects.get(conference=conference).title == "Labour migration"


def test_the_domain_refuses_to_delete_a_type_in_use(conference):
    used = ContributionTypeFactory(conference=conference, name="Research paper")
    SubmissionFactory(conference=conference, contribution_type=used)

    with pytest.raises(domain_call.ItemInUse, match="Research paper"):
        domain_call.delete_item(item=used)

    theme = ThemeFactory(conference=conference)
    domain_call.delete_item(item=theme)
    assert not Theme.objects.filter(pk=theme.pk).exists()

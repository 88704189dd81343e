"""Apps above cfp add organiser tabs and call-page links through cfp.sections."""

import pytest
from django.urls import reverse

from cfp import sections
from tests.factories import ConferenceFactory, organiser_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(sections, "_SECTIONS", {})
    monkeypatch.setattr(sections, "_CALL_LINKS", {})
    return sections


def test_a_registered_section_is_a_tab_of_the_organiser_area(client, registry):
    conference = ConferenceFactory()
    registry.register_organiser_section(
        sections.OrganiserSection("themes-again", "Themes again", "cfp:organiser_theme_list")
    )
    registry.register_organiser_section(
        sections.OrganiserSection("missing", "Not merged yet", "nowhere:at_all")
    )
    client.force_login(organiser_with_mfa(conference))

    page = client.get(reverse("cfp:organiser_home", kwargs={"conference": conference.slug}))

    html = page.content.decode()
    assert "Themes again" in html
    assert "Not merged yet" not in html


def test_call_links_are_shown_on_the_call_page(client, registry):
    conference = ConferenceFactory(is_public=True)
    registry.register_call_links("test", lambda c: [("The programme", f"/c/{c.slug}/x/")])

    page = client.get(conference.get_absolute_url())

    assert f'href="/c/{conference.slug}/x/">The programme</a>' in page.content.decode()

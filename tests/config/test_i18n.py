"""Languages are offered only with their catalogue, so a page never claims a language it is
not written in (WCAG 3.1.1: the page's lang must be its language)."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parents[2]


def _translated_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def test_the_source_language_is_offered():
    assert settings.LANGUAGE_CODE == "en"
    assert [code for code, _name in settings.LANGUAGES][0] == "en"


def test_the_locale_folder_is_where_makemessages_writes():
    assert settings.LOCALE_PATHS == [ROOT / "locale"]
    assert (ROOT / "locale").is_dir()


def _languages_without_catalogue() -> list[str]:
    missing = []
    for code in _translated_languages():
        messages = ROOT / "locale" / to_locale(code) / "LC_MESSAGES"
        if not (messages / "django.po").is_file() or not (messages / "django.mo").is_file():
            missing.append(code)
    return missing


def test_every_offered_language_ships_a_compiled_catalogue():
    # To offer a language: makemessages, translate, compilemessages (see locale/README.md).
    assert _languages_without_catalogue() == []


def test_a_language_offered_without_its_catalogue_is_caught(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("xx", "No such catalogue")]
    assert _languages_without_catalogue() == ["xx"]


def test_a_browser_asking_for_thai_gets_the_english_page_marked_english(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"

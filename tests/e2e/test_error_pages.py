"""The error page a visitor meets most, in the browser: accessible, and fits a phone."""

import pytest

from tests.e2e.journey import Tab

pytestmark = pytest.mark.django_db(transaction=True)


def test_page_not_found(page):
    tab = Tab(page)
    response = page.goto("/c/no-such-conference/")
    assert response.status == 404
    tab.check()
    assert page.locator("h1").inner_text() != ""
    assert page.locator("link[rel=stylesheet]").count() == 2
    tab.finish()

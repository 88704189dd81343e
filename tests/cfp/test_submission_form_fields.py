"""The submission form's fields: help texts built in the active language, per form, and the
ORCID iD field shared with the profile (accepts the orcid.org URL, stores the bare iD)."""

import pytest
from django.utils.functional import Promise

from cfp.forms import submission as submission_forms
from cfp.forms.submission import AuthorForm, SubmissionForm
from cfp.models import Authorship
from tests.cfp.test_submission_views import create_url, form_data, me


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


def test_no_class_level_help_text_is_a_string_fixed_at_import():
    for form_class in (SubmissionForm, AuthorForm):
        for name, field in form_class.base_fields.items():
            if field.help_text:
                assert isinstance(field.help_text, Promise), f"{form_class.__name__}.{name}"


def test_interpolated_help_texts_are_translated_when_the_form_is_built(call, monkeypatch):
    monkeypatch.setattr(submission_forms, "_", lambda message: f"[th] {message}")

    form = SubmissionForm(conference=call)

    assert form.fields["abstract"].help_text.startswith("[th] Needed before you submit.")
    assert "every 4 letters count as one word" in form.fields["abstract"].help_text
    assert form.fields["keywords"].help_text == (
        "[th] Needed before you submit: 3 to 6 keywords, separated by commas."
    )
    assert form.fields["paper"].help_text == (
        f"[th] Needed before you submit. PDF only, at most {call.max_upload_megabytes} MB. "
        "Each upload is kept as a new version."
    )
    # The class keeps its lazy, untranslated declarations for the next form.
    assert not str(SubmissionForm.base_fields["keywords"].help_text).startswith("[th]")


def test_the_author_form_accepts_the_orcid_url_and_stores_the_bare_id(call, author, author_client):
    row = me(author, orcid="https://orcid.org/0000-0002-1694-233x")

    response = author_client.post(create_url(call), form_data(call, [row]))

    assert response.status_code == 302
    assert Authorship.objects.get().orcid == "0000-0002-1694-233X"


def test_the_author_form_refuses_an_orcid_with_a_bad_check_digit(call, author, author_client):
    row = me(author, orcid="0000-0002-1694-2330")

    response = author_client.post(create_url(call), form_data(call, [row]))

    assert response.status_code == 200
    assert Authorship.objects.count() == 0
    form = response.context["formset"].forms[0]
    assert form.errors["orcid"] == [
        "This ORCID iD's check digit is wrong; please copy it again from your ORCID record."
    ]

"""What organisers type has a limit, enforced on the server with a message that keeps the
text; an id out of the database's range is the form's error, never a 500 (issue 8, item 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cfp.forms.organiser_submissions import MAX_CHOICE_LENGTH, MAX_CHOICES, MAX_CHOICES_LENGTH
from cfp.models import CustomQuestion, GuidingQuestion, Theme
from cfp.models.call import (
    CALL_TEXT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    GUIDING_QUESTION_MAX_LENGTH,
)
from tests.cfp.test_organiser_call import details_data
from tests.cfp.test_site_admin import admin_client, change_data, superuser  # noqa: F401
from tests.factories import ContributionTypeFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

HUGE_IDS = [str(2**63), str(2**64 + 7), str(-(2**63) - 1), "9" * 40]


def url(name, conference, **kwargs):
    return reverse(f"cfp:organiser_{name}", kwargs={"conference": conference.slug, **kwargs})


def test_a_call_text_over_the_limit_is_refused_and_kept(organiser_client, conference):
    text = "word " * (CALL_TEXT_MAX_LENGTH // 5) + "over"
    response = organiser_client.post(
        url("details", conference), details_data(conference, call_text=text)
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["call_text"] == [
        f"Ensure this value has at most {CALL_TEXT_MAX_LENGTH} characters (it has {len(text)})."
    ]
    assert form["call_text"].value() == text
    conference.refresh_from_db()
    assert conference.call_text != text


@pytest.mark.parametrize(
    ("kind", "field", "limit", "extra"),
    [
        ("theme", "description", DESCRIPTION_MAX_LENGTH, {"title": "Labour"}),
        ("contribution_type", "description", DESCRIPTION_MAX_LENGTH, {"name": "Poster"}),
        ("guiding_question", "text", GUIDING_QUESTION_MAX_LENGTH, {}),
        ("organisation", "name", 300, {"role": "partner"}),
        ("theme", "title", 200, {}),
    ],
)
def test_item_texts_over_their_limit_are_refused_and_kept(
    organiser_client, conference, kind, field, limit, extra
):
    text = "x" * (limit + 1)
    data = {
        "abstract_word_limit": 300,
        "page_limit": 20,
        "presentation_minutes": 20,
        **extra,
        field: text,
    }

    response = organiser_client.post(url(f"{kind}_add", conference), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [
        f"Ensure this value has at most {limit} characters (it has {limit + 1})."
    ]
    assert form[field].value() == text
    assert not Theme.objects.exists() and not GuidingQuestion.objects.exists()


def question_data(**overrides):
    return {"text": "Region?", "help_text": "", "kind": "choice", **overrides}


@pytest.mark.parametrize(
    ("choices", "error"),
    [
        (
            "\n".join(f"Choice {n}" for n in range(MAX_CHOICES + 1)),
            f"Give at most {MAX_CHOICES} choices (there are {MAX_CHOICES + 1}).",
        ),
        (
            "Short\n" + "y" * (MAX_CHOICE_LENGTH + 1),
            f"Keep each choice to {MAX_CHOICE_LENGTH} characters at most.",
        ),
        (
            # The 2.5 MB list of the report.
            "\n".join("z" * 99 + str(n) for n in range(25_000)),
            f"Ensure this value has at most {MAX_CHOICES_LENGTH} characters "
            f"(it has {len(chr(10).join('z' * 99 + str(n) for n in range(25_000)))}).",
        ),
    ],
)
def test_choice_lists_are_capped(organiser_client, conference, choices, error):
    response = organiser_client.post(
        url("question_add", conference), question_data(choices=choices)
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["choices"] == [error]
    assert form["choices"].value() == choices
    assert not CustomQuestion.objects.exists()


def test_the_most_choices_allowed_are_accepted(organiser_client, conference):
    choices = "\n".join(
        [f"{n:02d} " + "c" * 80 for n in range(MAX_CHOICES - 1)] + ["d" * MAX_CHOICE_LENGTH]
    )
    assert len(choices) <= MAX_CHOICES_LENGTH

    response = organiser_client.post(
        url("question_add", conference), question_data(choices=choices)
    )

    assert response.status_code == 302
    assert len(CustomQuestion.objects.get().choice_list) == MAX_CHOICES


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_a_question_for_an_id_out_of_range_is_the_forms_error(organiser_client, conference, huge):
    response = organiser_client.post(
        url("question_add", conference),
        question_data(kind="text", contribution_types=[huge]),
    )

    assert response.status_code == 200
    assert "contribution_types" in response.context["form"].errors
    assert not CustomQuestion.objects.exists()


@pytest.mark.parametrize("huge", HUGE_IDS)
@pytest.mark.parametrize("name", ["submissions", "submissions_csv", "submissions_xlsx"])
def test_list_filters_with_ids_out_of_range_do_not_fail(organiser_client, conference, huge, name):
    ContributionTypeFactory(conference=conference)
    SubmissionFactory(conference=conference, title="Visible")

    response = organiser_client.get(
        url(name, conference),
        {"theme": huge, "contribution_type": huge, "guiding_question": huge, "q": "v" * 5000},
    )

    assert response.status_code == 200


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_the_admins_organiser_list_with_an_id_out_of_range(admin_client, conference, huge):  # noqa: F811
    data = change_data(conference, [])
    data["organiser_accounts"] = [huge]

    response = admin_client.post(reverse("admin:cfp_conference_change", args=[conference.pk]), data)

    assert response.status_code == 200
    assert "organiser_accounts" in response.context["adminform"].form.errors


@pytest.mark.parametrize("huge", [2**63, 2**64 + 7])
def test_addresses_with_ids_out_of_range_are_not_found(organiser_client, conference, huge):
    for name, kwargs in [
        ("theme_edit", {"pk": huge}),
        ("contribution_type_delete", {"pk": huge}),
        ("question_edit", {"pk": huge}),
        ("organiser_remove", {"pk": huge}),
        ("submission_detail", {"number": huge}),
    ]:
        assert organiser_client.get(url(name, conference, **kwargs)).status_code == 404, name

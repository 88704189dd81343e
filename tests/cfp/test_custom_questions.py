"""The organiser's editor for further questions to authors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cfp.models import CustomAnswer, CustomQuestion
from tests.factories import (
    ConferenceFactory,
    ContributionTypeFactory,
    CustomAnswerFactory,
    CustomQuestionFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


def url(name, conference, **kwargs):
    return reverse(f"cfp:organiser_{name}", kwargs={"conference": conference.slug, **kwargs})


def test_list_shows_questions_in_order_with_kind_scope_and_answers(organiser_client, conference):
    talk = ContributionTypeFactory(conference=conference, name="Talk")
    second = CustomQuestionFactory(conference=conference, text="Second?", order=2, required=True)
    second.contribution_types.add(talk)
    CustomQuestionFactory(conference=conference, text="First?", order=1)
    CustomAnswerFactory(question=second, submission=SubmissionFactory(conference=conference))
    CustomQuestionFactory(conference=ConferenceFactory(), text="Not ours?")

    response = organiser_client.get(url("questions", conference))

    assert response.status_code == 200
    assert [q.text for q in response.context["questions"]] == ["First?", "Second?"]
    html = response.content.decode()
    assert "only for Talk" in html
    assert "1 answer" in html
    assert "Not ours?" not in html


def test_organiser_adds_a_text_question_last(organiser_client, conference):
    CustomQuestionFactory(conference=conference, order=4)

    response = organiser_client.post(
        url("question_add", conference),
        {"text": "Who funded the research?", "help_text": "", "kind": "text", "choices": "x"},
    )

    assert response.status_code == 302
    assert response["Location"] == url("questions", conference)
    question = CustomQuestion.objects.get(text="Who funded the research?")
    assert question.conference == conference
    assert question.order == 5
    assert question.required is False
    # Choices mean nothing for a text question and are not kept.
    assert question.choices == ""


def test_a_choice_question_keeps_its_trimmed_choices_and_contribution_types(
    organiser_client, conference
):
    talk = ContributionTypeFactory(conference=conference)

    organiser_client.post(
        url("question_add", conference),
        {
            "text": "Language of presentation?",
            "kind": "choice",
            "choices": " English \n\nไทย\n",
            "required": "on",
            "contribution_types": [talk.pk],
        },
    )

    question = CustomQuestion.objects.get()
    assert question.choice_list == ["English", "ไทย"]
    assert question.choices == "English\nไทย"
    assert question.required is True
    assert list(question.contribution_types.all()) == [talk]


@pytest.mark.parametrize(
    ("choices", "error"),
    [
        ("Only one", "Give at least two choices, one per line."),
        ("Same\nSame", "Each choice may appear only once."),
    ],
)
def test_a_choice_question_needs_two_distinct_choices(organiser_client, conference, choices, error):
    response = organiser_client.post(
        url("question_add", conference), {"text": "Pick?", "kind": "choice", "choices": choices}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"choices": [error]}
    assert not CustomQuestion.objects.exists()


def test_another_conferences_contribution_type_cannot_be_chosen(organiser_client, conference):
    foreign = ContributionTypeFactory(conference=ConferenceFactory())

    response = organiser_client.post(
        url("question_add", conference),
        {"text": "Q?", "kind": "boolean", "contribution_types": [foreign.pk]},
    )

    assert response.status_code == 200
    assert "contribution_types" in response.context["form"].errors
    assert not CustomQuestion.objects.exists()


def test_organiser_edits_a_question(organiser_client, conference):
    question = CustomQuestionFactory(conference=conference, text="Old?")

    response = organiser_client.post(
        url("question_edit", conference, pk=question.pk), {"text": "New?", "kind": "boolean"}
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.kind) == ("New?", "boolean")


def test_editing_another_conferences_question_is_not_found(organiser_client, conference):
    foreign = CustomQuestionFactory(conference=ConferenceFactory())

    for name in ("question_edit", "question_delete"):
        assert organiser_client.get(url(name, conference, pk=foreign.pk)).status_code == 404
    response = organiser_client.post(url("question_move", conference, pk=foreign.pk))
    assert response.status_code == 404


def test_delete_asks_first_and_says_how_many_answers_go(organiser_client, conference):
    question = CustomQuestionFactory(conference=conference)
    for _ in range(2):
        CustomAnswerFactory(question=question, submission=SubmissionFactory(conference=conference))

    page = organiser_client.get(url("question_delete", conference, pk=question.pk))
    assert "2 submissions have answered it" in page.content.decode()
    assert CustomQuestion.objects.filter(pk=question.pk).exists()

    response = organiser_client.post(url("question_delete", conference, pk=question.pk))

    assert response.status_code == 302
    assert not CustomQuestion.objects.filter(pk=question.pk).exists()
    assert not CustomAnswer.objects.exists()


def test_questions_move_up_and_down(organiser_client, conference):
    a = CustomQuestionFactory(conference=conference, text="A", order=0)
    b = CustomQuestionFactory(conference=conference, text="B", order=0)
    c = CustomQuestionFactory(conference=conference, text="C", order=0)

    organiser_client.post(url("question_move", conference, pk=c.pk), {"direction": "up"})
    organiser_client.post(url("question_move", conference, pk=a.pk), {"direction": "down"})

    ordered = CustomQuestion.objects.filter(conference=conference).order_by("order", "pk")
    assert [q.text for q in ordered] == ["C", "A", "B"]
    assert b.pk


def test_move_is_post_only(organiser_client, conference):
    question = CustomQuestionFactory(conference=conference)

    assert organiser_client.get(url("question_move", conference, pk=question.pk)).status_code == 405


@pytest.mark.parametrize("n", [1, 20])
def test_question_list_query_count_is_bounded(
    organiser_client, conference, django_assert_num_queries, n
):
    types = ContributionTypeFactory.create_batch(2, conference=conference)
    for _ in range(n):
        CustomQuestionFactory(conference=conference).contribution_types.add(*types)

    # Session, user, conference, organiser, MFA (5); questions (1) and their types (1);
    # the header's areas (1).
    with django_assert_num_queries(8):
        organiser_client.get(url("questions", conference))


def test_hostile_question_text_is_inert(organiser_client, conference):
    CustomQuestionFactory(
        conference=conference,
        text="<script>alert(1)</script>",
        kind="choice",
        choices='<a href="javascript:alert(1)">x</a>\nB',
    )

    html = organiser_client.get(url("questions", conference)).content.decode()

    assert "<script>alert" not in html
    assert 'href="javascript:' not in html


def test_delete_question_deletes_its_answers_and_counts_those_with_a_value(conference):
    from cfp import domain

    question = CustomQuestionFactory(conference=conference)
    other = CustomQuestionFactory(conference=conference)
    CustomAnswerFactory(question=question, submission=SubmissionFactory(conference=conference))
    CustomAnswerFactory(
        question=question, submission=SubmissionFactory(conference=conference), value=""
    )
    kept = CustomAnswerFactory(question=other, submission=SubmissionFactory(conference=conference))

    assert domain.delete_question(question=question) == 1

    assert list(CustomQuestion.objects.all()) == [other]
    assert list(CustomAnswer.objects.all()) == [kept]

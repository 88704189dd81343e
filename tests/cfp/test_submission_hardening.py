"""The author's form under attack: forged formset management data, oversized texts, control
characters and out-of-range ids answer with the form's own errors and keep what was typed
(issue 8, items 2, 3 and 4)."""

import pytest
from django.core.exceptions import ValidationError

from cfp.forms import submission as submission_forms
from cfp.forms.submission import (
    ABSTRACT_MAX_CHARS,
    MAX_AUTHORS,
    AuthorFormSet,
    SubmissionForm,
    abstract_max_chars,
)
from cfp.models import Authorship, Submission
from tests.cfp.conftest import make_draft
from tests.cfp.test_submission_views import create_url, form_data, me, rows_of, url


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


@pytest.fixture
def built(monkeypatch):
    """Counts the author forms built while the test runs."""
    count = {"forms": 0}
    original = submission_forms.AuthorForm.__init__

    def counting(self, *args, **kwargs):
        count["forms"] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(submission_forms.AuthorForm, "__init__", counting)
    return count


def _typed(author):
    return me(author, full_name="Khai, as typed", affiliation="Mahidol University")


# --- item 2: forged management data, on the create and the edit form


@pytest.mark.parametrize("total", ["1000", "1000000000", str(2**63)])
def test_a_forged_total_of_author_rows_builds_at_most_the_maximum(
    call, author, author_client, built, total
):
    data = form_data(call, [_typed(author)], **{"authors-TOTAL_FORMS": total})

    response = author_client.post(create_url(call), data)

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.non_form_errors() == [f"A submission has at most {MAX_AUTHORS} authors."]
    assert len(formset.forms) == MAX_AUTHORS
    # Built for the post and once more for the empty row the page's template offers; never
    # the number the client claimed.
    assert built["forms"] <= 2 * MAX_AUTHORS + 2
    assert formset.forms[0]["full_name"].value() == "Khai, as typed"
    assert response.context["form"]["title"].value() == "Between categories"
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("initial", ["5", "999999", "-3"])
def test_a_tampered_initial_count_on_the_edit_form_is_no_500(call, author, author_client, initial):
    submission = make_draft(call, author, title="Old title")
    rows = rows_of(submission)
    data = form_data(
        call,
        [*rows, {"full_name": "Dara Chan", "email": "dara@example.org"}],
        submission=submission,
        title="New title",
        **{"authors-INITIAL_FORMS": initial},
    )

    response = author_client.post(url("submission_edit", submission), data)

    # The rows are read for what they are: the existing author by its id, the new one as new.
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.title == "New title"
    assert [a.full_name for a in submission.authorships.all()] == [
        author.full_name,
        "Dara Chan",
    ]


def test_an_initial_count_naming_a_removed_author_is_a_form_error(call, author, author_client):
    submission = make_draft(call, author)
    data = form_data(
        call,
        [*rows_of(submission), {"id": 99999, "full_name": "Ghost", "email": "g@example.org"}],
        submission=submission,
        **{"authors-INITIAL_FORMS": "2"},
    )

    response = author_client.post(url("submission_edit", submission), data)

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.non_form_errors() == ["An author in this form no longer exists; reload it."]
    assert formset.forms[1]["full_name"].value() == "Ghost"


@pytest.mark.parametrize(
    "management",
    [
        {"authors-TOTAL_FORMS": "many", "authors-INITIAL_FORMS": "1"},
        {"authors-TOTAL_FORMS": "1", "authors-INITIAL_FORMS": "x"},
        {"authors-TOTAL_FORMS": "9" * 5000},
        {"authors-TOTAL_FORMS": None, "authors-INITIAL_FORMS": None},
    ],
)
def test_malformed_management_data_keeps_the_typed_rows_with_a_clear_error(
    call, author, author_client, built, management
):
    data = form_data(call, [_typed(author)])
    for key, value in management.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value

    response = author_client.post(create_url(call), data)

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.non_form_errors() == [
        "The list of authors arrived incomplete. Check the authors below and save again."
    ]
    assert formset.forms[0]["full_name"].value() == "Khai, as typed"
    assert built["forms"] <= 2 * MAX_AUTHORS + 2
    assert Submission.objects.count() == 0


def test_the_formset_never_builds_more_than_its_maximum_whatever_the_rows_posted(call, author):
    data = form_data(call, [me(author)] * 3, **{"authors-TOTAL_FORMS": "x"})
    for index in range(500):
        data[f"authors-{index}-full_name"] = f"Author {index}"

    formset = AuthorFormSet(data, prefix="authors")

    assert formset.total_form_count() == MAX_AUTHORS
    assert len(formset.forms) == MAX_AUTHORS
    assert formset.absolute_max == formset.max_num == MAX_AUTHORS
    assert formset.validate_max is True


def test_twenty_authors_are_accepted_and_twenty_one_refused(call, author, author_client):
    rows = [me(author)] + [
        {"full_name": f"Co-author {i}", "email": f"co{i}@example.org"} for i in range(1, 21)
    ]

    response = author_client.post(create_url(call), form_data(call, rows[:MAX_AUTHORS]))
    assert response.status_code == 302

    response = author_client.post(create_url(call), form_data(call, rows, token=""))
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        f"A submission has at most {MAX_AUTHORS} authors."
    ]


# --- item 3: sizes


def test_an_abstract_over_the_hard_cap_is_refused_and_kept(call, author, author_client):
    text = "word " * 3000  # 15,000 characters

    response = author_client.post(create_url(call), form_data(call, [me(author)], abstract=text))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["abstract"] == [
        f"This abstract has {len(text.strip())} characters; at most {ABSTRACT_MAX_CHARS} can be "
        "saved. Shorten it: your text is still in the box."
    ]
    assert form["abstract"].value() == text
    assert Submission.objects.count() == 0
    # No maxlength in the page: a browser would cut a pasted text silently.
    assert "maxlength" not in str(form["abstract"])


def test_the_abstract_cap_grows_with_a_type_allowing_more_words(call):
    assert abstract_max_chars(call.contribution_types.all()) == ABSTRACT_MAX_CHARS
    call.contribution_types.update(abstract_word_limit=2000)
    assert abstract_max_chars(call.contribution_types.all()) == 24_000


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "T" * 301, "Ensure this value has at most 300 characters (it has 301)."),
        (
            "keywords",
            "a, b, c, d, e, f, g",
            "Give at most 6 keywords (you gave 7).",
        ),
        ("keywords", "k" * 61, "Keep each keyword under 60 characters."),
        (
            "ethics_statement",
            "e" * 5001,
            "Ensure this value has at most 5000 characters (it has 5001).",
        ),
    ],
)
def test_oversized_fields_are_refused_with_their_text_kept(
    call, author, author_client, field, value, message
):
    response = author_client.post(create_url(call), form_data(call, [me(author)], **{field: value}))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [message]
    assert form[field].value() == value


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "N" * 301, "Ensure this value has at most 300 characters (it has 301)."),
        ("affiliation", "A" * 301, "Ensure this value has at most 300 characters (it has 301)."),
        (
            "email",
            "x" * 250 + "@example.org",
            "Ensure this value has at most 254 characters (it has 262).",
        ),
    ],
)
def test_oversized_author_fields_are_refused_with_their_text_kept(
    call, author, author_client, field, value, message
):
    response = author_client.post(create_url(call), form_data(call, [me(author, **{field: value})]))

    assert response.status_code == 200
    row = response.context["formset"].forms[0]
    assert message in row.errors[field]
    assert row[field].value() == value


def test_an_overlong_answer_to_a_question_is_refused(call, author, author_client):
    from tests.factories import CustomQuestionFactory

    question = CustomQuestionFactory(conference=call, text="Fieldwork sites?")
    name = f"question_{question.pk}"

    response = author_client.post(
        create_url(call), form_data(call, [me(author)], **{name: "x" * 5001})
    )

    assert response.status_code == 200
    assert response.context["form"].errors[name] == [
        "Ensure this value has at most 5000 characters (it has 5001)."
    ]


@pytest.mark.parametrize("bad", [str(2**63), str(-(2**63) - 1), "-1", "0", "9" * 40])
def test_an_id_out_of_the_database_range_is_a_form_error(call, author, author_client, bad):
    data = form_data(call, [me(author)], contribution_type=bad, themes=[bad])
    if call.guiding_questions.exists():
        data["guiding_questions"] = [bad]

    response = author_client.post(create_url(call), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["contribution_type"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert form.errors["themes"] == [
        f"Select a valid choice. {bad[:20]} is not one of the available choices."
    ]


def test_an_id_out_of_range_is_refused_before_any_query(call, django_assert_num_queries):
    form = SubmissionForm(
        {"contribution_type": str(2**63), "themes": [str(2**64)]}, conference=call
    )
    field = form.fields["contribution_type"]
    with django_assert_num_queries(0), pytest.raises(ValidationError):
        field.clean(str(2**63))


# --- item 4: one line, no controls


def test_single_line_fields_lose_control_and_bidi_characters(call, author, author_client):
    rlo, pdi, lri = "\u202e", "\u2069", "\u2066"
    data = form_data(
        call,
        [
            me(author),
            {
                "full_name": f"Dara\r\nBcc: x@evil.example\tChan{rlo}gpj.exe",
                "email": "dara@example.org",
                "affiliation": f"{lri}Mahidol\x00 University{pdi}\x07",
            },
        ],
        title=f"Between\ncategories{rlo}?\x0b",
        keywords="migration\u2028, traf\x1bficking, identity",
    )

    response = author_client.post(create_url(call), data)

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.title == "Between categories?"
    assert submission.keywords == ["migration", "traf ficking", "identity"]
    dara = Authorship.objects.get(email="dara@example.org")
    assert dara.full_name == "Dara Bcc: x@evil.example Changpj.exe"
    assert dara.affiliation == "Mahidol University"


def test_multi_line_fields_keep_line_breaks_and_lose_other_controls(call, author, author_client):
    data = form_data(
        call,
        [me(author)],
        abstract="First line.\r\nSecond\x00 line.\rThird\x1b line.",
    )

    response = author_client.post(create_url(call), data)

    assert response.status_code == 302
    assert Submission.objects.get().abstract == "First line.\nSecond line.\nThird line."


def test_the_domain_keeps_single_line_texts_on_one_line_for_every_caller(call, author):
    from cfp import domain
    from tests.factories import REFERENCE_NOW

    result = domain.create_draft(
        conference=call,
        by=author,
        data=domain.SubmissionData(
            title="Line one\r\nBcc: x@evil.example\u202e",
            keywords=["a\tb", "\x00"],
            abstract="Para\x00graph.\r\nNext.",
            authors=[
                domain.AuthorData(
                    full_name="Dara\nChan", email="dara@example.org", affiliation="\u2066X\u2069"
                )
            ],
        ),
        token=None,
        now=REFERENCE_NOW,
    )

    submission = result.submission
    assert submission.title == "Line one Bcc: x@evil.example"
    assert submission.keywords == ["a b"]
    assert submission.abstract == "Paragraph.\nNext."
    dara = submission.authorships.get(email="dara@example.org")
    assert (dara.full_name, dara.affiliation) == ("Dara Chan", "X")

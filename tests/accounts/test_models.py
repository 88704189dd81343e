import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from accounts.validators import normalise_orcid, orcid_checksum_ok, validate_orcid
from tests.factories import UserFactory


@pytest.mark.parametrize(
    "orcid",
    [
        "0000-0002-1825-0097",  # ORCID's own example
        "0000-0001-5109-3700",
        "0000-0002-1694-233X",  # check digit X
    ],
)
def test_valid_orcid_ids_pass(orcid):
    validate_orcid(orcid)


def test_orcid_url_form_is_accepted_and_normalised_to_the_bare_id():
    validate_orcid("https://orcid.org/0000-0002-1694-233x")
    assert normalise_orcid(" https://orcid.org/0000-0002-1694-233x ") == "0000-0002-1694-233X"


def test_orcid_with_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_orcid("0000-0002-1825-0098")
    assert excinfo.value.code == "orcid_checksum"


@pytest.mark.parametrize(
    "orcid", ["0000-0002-1825", "0000000218250097", "0000-0002-1825-009Y", "abc"]
)
def test_orcid_with_wrong_format_is_refused(orcid):
    with pytest.raises(ValidationError) as excinfo:
        validate_orcid(orcid)
    assert excinfo.value.code == "orcid_format"


@given(st.text(alphabet="0123456789", min_size=15, max_size=15))
def test_exactly_one_check_digit_completes_any_fifteen_digits(body):
    def formatted(digits: str) -> str:
        return "-".join(digits[i : i + 4] for i in range(0, 16, 4))

    valid = [c for c in "0123456789X" if orcid_checksum_ok(formatted(body + c))]
    assert len(valid) == 1


def test_model_validation_reports_a_bad_orcid(db):
    user = UserFactory.build(orcid="0000-0002-1825-0098")
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean(exclude=["password"])
    assert "orcid" in excinfo.value.message_dict


def test_email_is_unique_regardless_of_case(db):
    UserFactory(email="Aye.Aye@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="aye.aye@example.ORG", password="x")


def test_full_clean_reports_a_case_insensitive_duplicate_email(db):
    UserFactory(email="Aye.Aye@Example.org")
    duplicate = User(email="AYE.AYE@example.org", full_name="Aye Aye")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean(exclude=["password"])
    assert excinfo.value.messages == ["A user with this email address already exists."]


def test_login_lookup_ignores_case(db):
    user = UserFactory(email="Aye.Aye@Example.org")
    assert User.objects.get_by_natural_key("aye.aye@example.org") == user


def test_index_name_prefers_the_sort_name_then_the_full_name_then_the_email(db):
    assert (
        UserFactory.build(full_name="Aung San Suu Kyi", sort_name="").index_name
        == "Aung San Suu Kyi"
    )
    assert (
        UserFactory.build(full_name="王小明", sort_name="Wang Xiaoming").index_name
        == "Wang Xiaoming"
    )
    assert UserFactory.build(email="x@example.org", full_name="").index_name == "x@example.org"


def test_str_is_the_name_as_written(db):
    assert str(UserFactory.build(full_name="Nguyễn Thị Minh Khai")) == "Nguyễn Thị Minh Khai"

"""cfp's part of the personal-data export and of account deletion."""

from accounts import personal_data
from accounts.domain import delete_account, export_personal_data
from cfp.models import Authorship, DraftReminder, Submission
from cfp.privacy import DELETED_NAME
from tests.cfp.conftest import complete_draft, make_draft
from tests.factories import AuthorshipFactory, verified_user


def test_cfp_registers_its_exporter_and_eraser():
    from cfp import privacy

    assert personal_data.exporters()["submissions"] is privacy.export_user_data
    assert personal_data.erasers()["submissions"] is privacy.erase_user_data


def test_export_lists_my_submissions_and_co_authors_by_name_only(call, author):
    submission = complete_draft(call, author, title="Between categories")
    AuthorshipFactory(submission=submission, full_name="Sokha Chan", email="sokha@example.org")
    data = export_personal_data(user=author)["records"]["submissions"]
    [row] = data["submissions"]
    assert row["title"] == "Between categories"
    assert row["authors"] == [author.full_name, "Sokha Chan"]
    assert row["your_authorship"][0]["email"] == author.email
    assert "sokha@example.org" not in str(data)
    assert row["files"][0]["pages"] == 2


def test_deleting_an_account_keeps_co_authored_submissions_anonymised(call, author):
    shared = make_draft(call, author, title="Shared")
    sokha = verified_user(email="sokha@example.org")
    AuthorshipFactory(submission=shared, user=sokha, is_editor=False)
    alone = complete_draft(call, author, title="Alone")
    DraftReminder.objects.create(submission=shared, hours_before=24, email=author.email)
    delete_account(user=author)
    assert list(Submission.objects.values_list("title", flat=True)) == ["Shared"]
    former = Authorship.objects.get(submission=shared, full_name=DELETED_NAME)
    assert former.user is None
    assert former.email.endswith("@deleted.invalid")
    assert former.public_name is False
    assert Authorship.objects.get(submission=shared, user=sokha).is_editor is True
    assert not Submission.objects.filter(pk=alone.pk).exists()
    assert DraftReminder.objects.count() == 0


def test_export_includes_late_changes_kept_for_a_reopening(call, author):
    from cfp.models import PendingRevision

    submission = complete_draft(call, author, title="Kept late")
    PendingRevision.objects.create(
        user=author, submission=submission, data={"title": ["Late title"]}, fields=["title"]
    )
    data = export_personal_data(user=author)["records"]["submissions"]
    [late] = data["kept_late_changes"]
    assert late["conference"] == call.slug
    assert late["submission"] == submission.number
    assert late["fields"] == ["title"]
    assert late["data"] == {"title": ["Late title"]}

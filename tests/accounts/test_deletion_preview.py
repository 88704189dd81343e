"""The deletion preview hook (accounts.personal_data.register_deletion_preview) and its page."""

import contextlib

import pytest
from django.urls import reverse

from accounts import personal_data
from accounts.domain import preview_account_deletion
from accounts.personal_data import DeletionPreview, PreviewSection

DELETE_URL = reverse("accounts:delete")


@contextlib.contextmanager
def only_previews(**previews):
    """Exactly ``previews`` are registered inside the block; the registry is restored after."""
    before = personal_data.deletion_previews()
    for name in before:
        personal_data.unregister_deletion_preview(name)
    try:
        for name, fn in previews.items():
            personal_data.register_deletion_preview(name, fn)
        yield
    finally:
        for name in personal_data.deletion_previews():
            personal_data.unregister_deletion_preview(name)
        for name, fn in before.items():
            personal_data.register_deletion_preview(name, fn)


def test_apps_register_their_previews():
    assert list(personal_data.deletion_previews()) == [
        "submissions",
        "organiser_roles",
        "committee",
        "programme",
    ]


def test_the_registry_helper_restores_the_previews():
    before = personal_data.deletion_previews()
    with only_previews(test=lambda user: DeletionPreview()):
        assert list(personal_data.deletion_previews()) == ["test"]
    assert personal_data.deletion_previews() == before


def test_previews_are_merged_in_order_without_empty_sections(member):
    first = DeletionPreview(
        sections=[PreviewSection("Gone:", [f"a of {member.full_name}"]), PreviewSection("E:", [])],
        refusals=["No."],
    )
    second = DeletionPreview(sections=[PreviewSection("Kept:", ["b"])], refusals=["Never."])
    with only_previews(first=lambda user: first, second=lambda user: second):
        preview = preview_account_deletion(user=member)

    assert preview == DeletionPreview(
        sections=[
            PreviewSection("Gone:", ["a of Nguyễn Thị Minh Khai"]),
            PreviewSection("Kept:", ["b"]),
        ],
        refusals=["No.", "Never."],
    )


def test_the_page_lists_each_section_and_each_refusal(member_client):
    preview = DeletionPreview(
        sections=[PreviewSection("These submissions will be deleted:", ["<b>Paper</b>"])],
        refusals=["You are the only organiser of X: appoint another organiser first."],
    )
    with only_previews(test=lambda user: preview):
        content = member_client.get(DELETE_URL).content.decode()

    assert "These submissions will be deleted:</h2>" in content
    assert "<li>&lt;b&gt;Paper&lt;/b&gt;</li>" in content  # escaped
    assert "Your account cannot be deleted yet" in content
    assert "<li>You are the only organiser of X: appoint another organiser first.</li>" in content


@pytest.mark.usefixtures("member")
def test_without_anything_to_announce_the_page_shows_no_sections(member_client):
    with only_previews():
        content = member_client.get(DELETE_URL).content.decode()

    assert "deletion-preview" not in content
    assert "Your account cannot be deleted yet" not in content

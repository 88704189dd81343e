"""accounts.mail.render_mail: the one place a mail's subject and body are rendered."""

from django.template.loader import render_to_string

from accounts.mail import render_mail


def test_render_mail_squashes_the_subjects_whitespace_and_keeps_the_body():
    context = {"site_name": "sala\n   test", "full_name": "Nguyễn Thị Minh Khai"}

    subject, body = render_mail("accounts/email/account_deleted", context)

    assert subject == "[sala test] Your account was deleted"
    site = {"site_url": "http://localhost:8000"}
    assert body == render_to_string(
        "accounts/email/account_deleted_message.txt", {**site, **context}
    )

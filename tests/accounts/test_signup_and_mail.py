import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import transaction
from django.urls import reverse

from accounts.mail import queue_mail
from accounts.models import User
from tests.accounts.conftest import PASSWORD, login
from tests.factories import verified_user

SIGNUP = {
    "email": "Khin.Mar@Example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "full_name": "Khin Mar Aung",
    "sort_name": "",
}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit hooks (mail) of what happens inside, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_sends_a_verification_mail_then_login_works_once_confirmed(client, db, commit):
    with commit():
        response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email__iexact="khin.mar@example.org")
    assert user.full_name == "Khin Mar Aung"
    assert user.sort_name == ""
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["khin.mar@example.org"]  # allauth stores addresses in lower case
    assert mail.outbox[0].subject.startswith("[sala] ")

    # Mandatory verification: the password alone does not log in yet.
    client.logout()
    response = login(client, "khin.mar@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    link = confirmation_link(mail.outbox[-1])
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified is True

    client.logout()
    response = login(client, "KHIN.MAR@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("cfp:dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_stores_the_optional_sort_name(client, db):
    client.post(
        reverse("account_signup"), {**SIGNUP, "full_name": "王小明", "sort_name": "Wang Xiaoming"}
    )
    user = User.objects.get()
    assert (user.full_name, user.sort_name, user.index_name) == (
        "王小明",
        "Wang Xiaoming",
        "Wang Xiaoming",
    )


def test_signup_requires_a_full_name(client, db):
    response = client.post(reverse("account_signup"), {**SIGNUP, "full_name": ""})
    assert response.status_code == 200
    assert not User.objects.exists()


def test_signup_with_a_known_email_looks_the_same_as_with_a_new_one(client, db, commit):
    verified_user(email="known@example.org")
    with commit():
        known = client.post(reverse("account_signup"), {**SIGNUP, "email": "KNOWN@example.org"})
    client.logout()
    with commit():
        unknown = client.post(reverse("account_signup"), {**SIGNUP, "email": "new@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert User.objects.filter(email__iexact="known@example.org").count() == 1
    # Both addresses get one mail: the owner of the known one learns someone tried.
    assert sorted(m.to[0].lower() for m in mail.outbox) == ["known@example.org", "new@example.org"]


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, db, commit):
    verified_user(email="known@example.org")
    with commit():
        known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
        unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == reverse("account_reset_password_done")
    assert [m.to for m in mail.outbox] == [["known@example.org"], ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_password_reset_mail_leads_to_a_new_password(client, db, commit):
    user = verified_user(email="known@example.org")
    with commit():
        client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)[1]
    response = client.get(path)  # allauth moves the key into the session and redirects
    response = client.post(
        response["Location"],
        {"password1": "a new long passphrase", "password2": "a new long passphrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new long passphrase")


def test_allauth_mail_goes_through_the_celery_task_after_commit(client, db, monkeypatch, commit):
    from accounts import tasks

    calls = []
    monkeypatch.setattr(tasks.send_mail, "delay", lambda **kwargs: calls.append(kwargs))
    verified_user(email="known@example.org")
    with commit() as hooks:
        client.post(reverse("account_reset_password"), {"email": "known@example.org"})
        assert calls == []  # nothing is queued before the transaction commits
    assert len(hooks) == 1
    assert [c["to"] for c in calls] == [["known@example.org"]]
    assert calls[0]["subject"].startswith("[sala] ")
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_no_mail():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_mail(to=["a@example.org"], subject="Hello", body="Body")
        raise RuntimeError
    assert mail.outbox == []

    with transaction.atomic():
        queue_mail(to=["a@example.org"], subject="Hello", body="Body", html_body="<p>Body</p>")
        assert mail.outbox == []
    assert [(m.to, m.subject) for m in mail.outbox] == [(["a@example.org"], "Hello")]
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"


def test_password_change_mails_a_notification(client, db, commit):
    user = verified_user()
    client.force_login(user)
    with commit():
        response = client.post(
            reverse("account_change_password"),
            {
                "oldpassword": PASSWORD,
                "password1": "another long passphrase",
                "password2": "another long passphrase",
            },
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[user.email]]

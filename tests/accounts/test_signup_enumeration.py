"""Sign-up tells nothing about whether an address already has an account: same answer, same
work (one password hashed), and no e-mail sent while the visitor waits."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from outbox.models import PendingTask
from tests.accounts.test_signup import signup_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KNOWN = "deja.inscrite@exemple.fr"
UNKNOWN = "nouvelle@exemple.fr"


@pytest.fixture(autouse=True)
def known_account():
    return UserFactory(email=KNOWN)


def sign_up(client, email):
    return client.post(reverse("account_signup"), signup_data(email=email))


def test_the_answer_is_the_same_page(client):
    answers = []
    for email in (KNOWN, UNKNOWN):
        client.cookies.clear()
        response = sign_up(client, email)
        page = client.get(response["Location"])
        answers.append(
            (
                response.status_code,
                response["Location"],
                [t.name for t in page.templates],
                page.status_code,
                page.content.decode().replace(email, "ADDRESS"),
            )
        )
    known, unknown = answers
    assert known == unknown
    assert known[1] == reverse("account_email_verification_sent")


def test_one_password_is_hashed_either_way(client, monkeypatch):
    hashed = []
    encode = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda self, *args: hashed.append(1) or encode(self, *args)
    )
    for email in (KNOWN, UNKNOWN):
        hashed.clear()
        client.cookies.clear()
        sign_up(client, email)
        assert len(hashed) == 1, email


@pytest.mark.parametrize(
    ("email", "subject"),
    [
        (KNOWN, "[Stages BFC] Ce compte existe déjà"),
        (UNKNOWN, "[Stages BFC] Confirmez votre adresse e-mail"),
    ],
)
def test_no_email_leaves_inside_the_request(
    client, django_capture_on_commit_callbacks, email, subject
):
    with django_capture_on_commit_callbacks() as after_commit:
        sign_up(client, email)
    assert mail.outbox == []
    assert PendingTask.objects.get().task_name == "accounts.tasks.send_account_mail"

    for callback in after_commit:  # the commit queues the outbox task; a worker runs it
        callback()
    (message,) = mail.outbox
    assert (message.to, message.subject) == ([email], subject)
    assert "/compte/" in message.body  # its link, rendered in the request
    assert PendingTask.objects.get().done_at is not None


def test_a_sent_account_email_leaves_no_link_in_the_outbox(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as after_commit:
        sign_up(client, UNKNOWN)
    assert "/compte/" in str(PendingTask.objects.get().args)  # waiting: the message is kept
    for callback in after_commit:
        callback()
    pending = PendingTask.objects.get()
    assert pending.done_at is not None and pending.args == []

"""School staff see their school's pupils only once their attachment to it is confirmed: by a
confirmed colleague, by Region staff, or by a signed, expiring, single-use link sent to the
school's official mailbox."""

import html
import re
from datetime import timedelta
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from accounts import attachments
from accounts.models import SchoolAttachment, User
from placements.models import Enrolment
from tests.factories import DepartmentFactory, ModeratorFactory, SchoolFactory, TeacherFactory
from tests.placements.factories import SchoolClassFactory, enrolled_pupil
from tests.sessions import log_in

pytestmark = pytest.mark.django_db

State = SchoolAttachment.State
PASSWORD = "Grenouille-du-Doubs-2025"


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def school_class():
    school = SchoolFactory(uai="0251234X", name="Lycée Louis Pergaud")
    return SchoolClassFactory(school=school, name="2de C")


@pytest.fixture
def code_pupil(school_class):
    """A pupil the teacher created: no e-mail, a personal code."""
    pupil = enrolled_pupil(school_class, email=None, verified=False, first_name="Inès")
    Enrolment.objects.filter(pupil=pupil).update(login_digest="d" * 64)
    return pupil


@pytest.fixture
def newcomer(school_class):
    return TeacherFactory(school=school_class.school, confirmed=False, first_name="Yann")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """`with on_commit(execute=True):` runs the after-commit tasks (e-mails) at its end."""
    return django_capture_on_commit_callbacks


def attachment(user):
    return SchoolAttachment.objects.get(user=user, school_id=user.school_id)


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_a_self_declared_teacher_sees_no_class_no_pupil_and_resets_no_code(
    client, school_class, code_pupil
):
    """The probe: an academic address, any school chosen at sign-up, then the class and the
    reset of a pupil's code (which gave a login as that pupil)."""
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Max",
            "last_name": "Intrus",
            "role": "teacher",
            "school": school_class.school.pk,
            "email": "max.intrus@ac-besancon.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    intruder = User.objects.get(email="max.intrus@ac-besancon.fr")
    EmailAddress.objects.filter(user=intruder).update(verified=True)
    client.force_login(intruder)
    digest = Enrolment.objects.get(pupil=code_pupil).login_digest

    listing = client.get(reverse("placements:classes"))
    detail = client.get(reverse("placements:class_detail", args=[school_class.pk]))
    export = client.get(reverse("placements:class_csv", args=[school_class.pk]))
    reset = client.post(reverse("placements:reset_code", args=[school_class.pk, code_pupil.pk]))

    assert listing.status_code == 302 and listing.url == reverse("accounts:school")
    assert (detail.status_code, export.status_code, reset.status_code) == (403, 403, 403)
    for answer in (detail, export, reset):
        assert "Inès" not in text(answer)
    assert Enrolment.objects.get(pupil=code_pupil).login_digest == digest
    assert not intruder.code_resets.exists()


def test_the_unconfirmed_teacher_is_told_why_and_what_to_do(client, newcomer):
    client.force_login(newcomer)

    page = text(client.get(reverse("accounts:school")))

    assert "Pourquoi vos classes ne s'affichent pas encore" in page
    assert "ce.0251234x@ac-besancon.fr" in page
    assert "collègue déjà confirmé(e)" in page
    assert "écrire à la Région" in page


def test_a_dijon_school_uses_its_academy_mailbox():
    dijon = DepartmentFactory(code="21", name="Côte-d'Or", prefecture="Dijon", academy="Dijon")
    school = SchoolFactory(uai="0211234A", commune__insee="21231", commune__department=dijon)
    assert attachments.official_mailbox(school) == "ce.0211234a@ac-dijon.fr"


# --- the school's official mailbox ---


def request_link(client, teacher, on_commit):
    client.force_login(teacher)
    with on_commit(execute=True):
        response = client.post(reverse("accounts:school"))
    assert response.status_code == 302
    link = re.search(
        r"https://stages\.bfc\.example(/compte/etablissement/lien/\S+/)", mail.outbox[-1].body
    )
    return link.group(1)


def test_the_mailbox_link_confirms_once(client, newcomer, school_class, on_commit):
    path = request_link(client, newcomer, on_commit)
    message = mail.outbox[-1]
    assert message.to == ["ce.0251234x@ac-besancon.fr"]
    assert "Yann Martin" in message.subject
    assert "ne sert qu'une fois" in message.body
    client.logout()  # whoever reads the mailbox has no account

    question = client.get(path)
    assert question.status_code == 200
    assert newcomer.email in text(question)
    assert attachment(newcomer).state == State.PENDING  # a GET (a mail scanner) decides nothing

    with on_commit(execute=True):
        answer = client.post(path, {"decision": "confirmer"})
    assert answer.status_code == 200
    assert "est maintenant rattaché(e)" in text(answer)
    confirmed = attachment(newcomer)
    assert (confirmed.state, confirmed.via, confirmed.decided_by) == (
        State.CONFIRMED,
        "mailbox",
        None,
    )
    assert mail.outbox[-1].to == [newcomer.email]
    assert "est confirmé" in mail.outbox[-1].subject

    again = client.post(path, {"decision": "refuser"})
    assert again.status_code == 400
    assert "déjà servi" in text(again)
    assert attachment(newcomer).state == State.CONFIRMED
    assert client.get(path).status_code == 400

    client.force_login(newcomer)
    assert client.get(reverse("placements:class_detail", args=[school_class.pk])).status_code == 200


def test_the_mailbox_may_refuse(client, newcomer, on_commit):
    path = request_link(client, newcomer, on_commit)
    client.logout()

    with on_commit(execute=True):
        client.post(path, {"decision": "refuser"})

    assert attachment(newcomer).state == State.REFUSED
    assert not fresh(newcomer).works_at_school
    assert "est refusé" in mail.outbox[-1].subject


def test_a_newer_link_replaces_the_older_one(client, newcomer, on_commit):
    old = request_link(client, newcomer, on_commit)
    SchoolAttachment.objects.filter(user=newcomer).update(
        link_sent_at=timezone.now() - attachments.LINK_INTERVAL
    )
    new = request_link(client, newcomer, on_commit)

    assert client.post(old, {"decision": "confirmer"}).status_code == 400
    assert attachment(newcomer).state == State.PENDING
    assert client.post(new, {"decision": "confirmer"}).status_code == 200


def test_the_mailbox_gets_one_link_every_few_minutes(client, newcomer, on_commit):
    request_link(client, newcomer, on_commit)
    with on_commit(execute=True):
        client.post(reverse("accounts:school"))
    assert len(mail.outbox) == 1
    page = text(client.get(reverse("accounts:school")))
    assert "Attendez quelques minutes" in page


def test_the_link_expires(client, newcomer):
    found = attachment(newcomer)
    found.link_nonce = "abc"
    found.save()
    eight_days_ago = timezone.now().timestamp() - timedelta(days=8).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        token = attachments.make_link_token(found)

    response = client.post(reverse("accounts:school_link", args=[token]), {"decision": "confirmer"})

    assert response.status_code == 400
    assert "Ce lien a expiré" in text(response)
    assert attachment(newcomer).state == State.PENDING


@pytest.mark.parametrize(
    "forge",
    [
        # Another attachment's number in a token signed without the key.
        lambda found: signing.TimestampSigner(key="x" * 50, salt=attachments.LINK_SALT).sign_object(
            {"a": found.pk, "n": found.link_nonce}
        ),
        # The right signer, another purpose (salt).
        lambda found: signing.TimestampSigner(salt="other").sign_object(
            {"a": found.pk, "n": found.link_nonce}
        ),
        # A genuine token with one character of its signature changed.
        lambda found: (lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"))(
            attachments.make_link_token(found)
        ),
        # A genuine signature, no nonce: a link never sent.
        lambda found: signing.TimestampSigner(salt=attachments.LINK_SALT).sign_object(
            {"a": found.pk, "n": ""}
        ),
    ],
    ids=["other-key", "other-salt", "altered", "no-nonce"],
)
def test_a_forged_link_confirms_nothing(client, newcomer, forge):
    found = attachment(newcomer)
    found.link_nonce = "abc"
    found.save()
    token = forge(found)

    response = client.post(reverse("accounts:school_link", args=[token]), {"decision": "confirmer"})

    assert response.status_code == 400
    assert attachment(newcomer).state == State.PENDING


# --- a confirmed colleague ---


def test_a_confirmed_colleague_confirms(client, newcomer, school_class, on_commit):
    colleague = school_class.teachers.get()
    client.force_login(colleague)
    page = text(client.get(reverse("accounts:school")))
    assert "Collègues en attente de confirmation" in page
    assert newcomer.email in page
    assert "1 collègue attend votre confirmation" in text(client.get(reverse("placements:classes")))

    with on_commit(execute=True):
        response = client.post(
            reverse("accounts:school_decide", args=[attachment(newcomer).pk, "confirmer"])
        )

    assert response.status_code == 302
    confirmed = attachment(newcomer)
    assert (confirmed.state, confirmed.via, confirmed.decided_by) == (
        State.CONFIRMED,
        "colleague",
        colleague,
    )
    assert fresh(newcomer).works_at_school
    assert mail.outbox[-1].to == [newcomer.email]


def test_a_confirmed_colleague_refuses(client, newcomer, school_class, code_pupil):
    client.force_login(school_class.teachers.get())

    client.post(reverse("accounts:school_decide", args=[attachment(newcomer).pk, "refuser"]))

    assert attachment(newcomer).state == State.REFUSED
    assert newcomer.email not in text(client.get(reverse("accounts:school")))
    client.force_login(newcomer)
    assert "a été refusé" in text(client.get(reverse("accounts:school")))
    reset = client.post(reverse("placements:reset_code", args=[school_class.pk, code_pupil.pk]))
    assert reset.status_code == 403


@pytest.mark.parametrize("who", ["unconfirmed", "other_school", "self"])
def test_only_confirmed_colleagues_of_the_school_decide(client, newcomer, school_class, who):
    decider = {
        "unconfirmed": lambda: TeacherFactory(school=school_class.school, confirmed=False),
        "other_school": TeacherFactory,
        "self": lambda: newcomer,
    }[who]()
    client.force_login(decider)

    response = client.post(
        reverse("accounts:school_decide", args=[attachment(newcomer).pk, "confirmer"])
    )

    assert response.status_code == 404
    assert attachment(newcomer).state == State.PENDING
    assert newcomer.email not in text(client.get(reverse("accounts:school")))


# --- Region staff ---


def test_region_staff_confirm_from_their_page(client, newcomer, on_commit):
    moderator = ModeratorFactory()
    log_in(client, moderator)
    page = text(client.get(reverse("accounts:school_review")))
    assert newcomer.email in page
    assert "UAI 0251234X" in page

    with on_commit(execute=True):
        response = client.post(
            reverse("accounts:school_decide", args=[attachment(newcomer).pk, "confirmer"])
        )

    assert response.url == reverse("accounts:school_review")
    confirmed = attachment(newcomer)
    assert (confirmed.state, confirmed.via, confirmed.decided_by) == (
        State.CONFIRMED,
        "region",
        moderator,
    )
    assert newcomer.email not in text(client.get(reverse("accounts:school_review")))


def test_region_staff_confirm_from_the_admin(client, newcomer):
    log_in(client, ModeratorFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:accounts_schoolattachment_changelist"),
        {"action": "confirm", "_selected_action": [attachment(newcomer).pk]},
    )
    assert response.status_code == 302
    assert attachment(newcomer).state == State.CONFIRMED


def test_a_refused_attachment_can_still_be_confirmed_by_the_region(newcomer):
    found = attachments.decide(attachment(newcomer), False, None, "colleague")
    attachments.decide(found, True, ModeratorFactory(), "region")
    assert fresh(newcomer).works_at_school
    with pytest.raises(attachments.AttachmentError):
        attachments.decide(found, False, None, "region")


def test_moving_to_another_school_needs_a_new_confirmation(school_class):
    teacher = school_class.teachers.get()
    assert fresh(teacher).works_at_school
    User.objects.filter(pk=teacher.pk).update(school=SchoolFactory())
    moved = fresh(teacher)
    assert not moved.works_at_school
    assert attachments.attachment_of(moved).state == State.PENDING


def test_region_staff_find_the_attachments_page_in_their_menu(client):
    log_in(client, ModeratorFactory())
    page = client.get(reverse("offers:moderation_queue")).content.decode()
    assert f'href="{reverse("accounts:school_review")}"' in page


def test_a_colleague_cannot_overturn_a_refusal(client, newcomer, school_class):
    attachments.decide(attachment(newcomer), False, ModeratorFactory(), "region")
    client.force_login(school_class.teachers.get())
    response = client.post(
        reverse("accounts:school_decide", args=[attachment(newcomer).pk, "confirmer"])
    )
    assert response.status_code == 404
    assert attachment(newcomer).state == State.REFUSED and attachment(newcomer).via == "region"

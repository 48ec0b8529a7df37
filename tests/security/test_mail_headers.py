"""E-mail headers are built from one-line values: a title typed with a line break no longer
makes its decision e-mail fail at every attempt."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from offers.emails import send_decision
from offers.models import State
from outbox.models import PendingTask
from outbox.services import defer
from stages_bfc.mail import one_line
from tests.factories import EmployerFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value, cleaned",
    [
        ("Boulangerie\nPâtisserie", "Boulangerie Pâtisserie"),
        ("Boulangerie\r\n\r\nPâtisserie\t ", "Boulangerie Pâtisserie"),
        ("Ligne\u2028suivante\u2029et\x85fin", "Ligne suivante et fin"),
        ("Offre \u202eerutcaf\u202c", "Offre erutcaf"),  # bidi override, invisible
        ("Café\u200b crème", "Café crème"),
        ("Rien à changer", "Rien à changer"),
    ],
)
def test_one_line(value, cleaned):
    assert one_line(value) == cleaned


def test_a_title_with_a_line_break_gets_its_decision_email(django_capture_on_commit_callbacks):
    employer = EmployerFactory()
    offer = OfferFactory(
        organisation=employer.membership.organisation,
        state=State.PUBLISHED,
        title="Boulangerie\nPâtisserie\r\nBcc: tout-le-monde@exemple.fr",
    )
    send_decision(offer, "approve", "")
    [message] = mail.outbox
    assert message.subject == (
        "[Stages BFC] Votre offre « Boulangerie Pâtisserie Bcc: tout-le-monde@exemple.fr » "
        "est publiée"
    )
    assert message.bcc == [] and message.to == [employer.email]
    assert "\n" not in message.message()["Subject"]


def test_the_outbox_task_succeeds_at_its_first_attempt(django_capture_on_commit_callbacks):
    employer = EmployerFactory()
    offer = OfferFactory(
        organisation=employer.membership.organisation,
        state=State.PUBLISHED,
        title="Boulangerie\nPâtisserie",
    )
    with django_capture_on_commit_callbacks(execute=True):
        pending = defer("offers.tasks.send_decision_email", offer.pk, "approve", "")
    pending = PendingTask.objects.get(pk=pending.pk)
    assert pending.done_at is not None and pending.attempts == 1 and pending.last_error == ""
    assert len(mail.outbox) == 1


def test_every_subject_template_is_plain_text():
    """Subjects are headers, not HTML: « Stage d'été & co » must not arrive as &#x27; &amp;."""
    subjects = sorted(Path(settings.BASE_DIR, "templates", "emails").glob("*_subject.txt"))
    assert len(subjects) >= 10
    for path in subjects:
        assert path.read_text().startswith("{% autoescape off %}"), path.name

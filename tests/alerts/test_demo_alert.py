"""`make run`'s alert (issue 17): seeding the demo sends the demo pupil one alert e-mail,
through the nightly match and the outbox, and seeding again sends nothing more."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from alerts.models import AlertMatch
from demo.offers import DEMO_DOMAIN

pytestmark = pytest.mark.django_db

PUPIL = f"eleve@{DEMO_DOMAIN}"


def _alerts_to_pupil():
    return [m for m in mail.outbox if m.to == [PUPIL] and "pour vos alertes" in m.subject]


def _seed(capture):
    with capture(execute=True):  # the outbox queues its tasks on commit
        call_command("seed_demo", offers=60, seed=1)


def test_seeding_sends_the_demo_pupil_one_alert_and_reseeding_none(
    reference_data, django_capture_on_commit_callbacks, client
):
    _seed(django_capture_on_commit_callbacks)

    (sent,) = _alerts_to_pupil()
    pupil = User.objects.get(email=PUPIL)
    matches = AlertMatch.objects.filter(saved_search__owner=pupil)
    assert 1 <= matches.count() <= 5 and not matches.filter(sent_at=None).exists()
    assert "Stages de seconde" in sent.body and "/alertes/stop/" in sent.body
    for match in matches.select_related("offer"):
        assert match.offer.title in sent.body

    _seed(django_capture_on_commit_callbacks)  # idempotent: nothing new, nothing sent

    assert len(_alerts_to_pupil()) == 1
    assert pupil.saved_searches.count() == 1
    client.force_login(pupil)
    page = client.get(reverse("alerts:list")).content.decode()
    assert "dernier envoi le" in page

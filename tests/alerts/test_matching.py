"""The nightly match and its e-mail: once and only once per new matching offer, none for an
old one, one e-mail a day at most, through the outbox, one-click unsubscribe."""

import datetime
import email
import email.policy

import pytest
from django.core import mail
from django.http import QueryDict

from alerts import emails, matching, services
from alerts.models import AlertMatch
from offers.models import Offer, Public, State
from organisations.models import Organisation
from outbox.models import PendingTask
from reference.models import Department
from search.filters import parse
from search.selectors import matches as search_matches
from tests.factories import CommuneFactory, OrganisationFactory, PupilFactory
from tests.search.conftest import north_of

from .conftest import hours_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The nightly run, its deferred e-mails executed on commit (eager Celery)."""

    def go(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return matching.run(now)

    return go


def _without_email():
    pupil = PupilFactory()
    type(pupil).objects.filter(pk=pupil.pk).update(email=None)
    pupil.refresh_from_db()
    return pupil


def _saved(owner, query, when):
    saved = services.save_search(owner, query)
    type(saved).objects.filter(pk=saved.pk).update(created_at=when, checked_until=when)
    saved.refresh_from_db()
    return saved


def test_a_new_matching_offer_is_sent_once_and_only_once(publish, run):
    pupil = PupilFactory(email="lina@example.fr")
    _saved(pupil, "q=boulanger", hours_ago(30))
    offer = publish(hours_ago(2), title="Boulanger pâtissier")

    first = run()

    assert (first.matches, first.owners) == (1, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lina@example.fr"]
    assert message.subject.endswith("1 nouvelle offre de stage pour vos alertes")
    assert "Boulanger pâtissier" in message.body
    assert f"https://stages.bfc.example/offres/{offer.pk}" in message.body
    assert PendingTask.objects.filter(task_name="alerts.tasks.send_digest", done_at__isnull=False)
    # The next nights, and a run again the same night: nothing more.
    for later in (None, datetime.timedelta(days=1), datetime.timedelta(days=2)):
        result = run(None if later is None else first.until + later)
        assert result.matches == 0
    assert len(mail.outbox) == 1
    assert AlertMatch.objects.get().sent_at is not None


def test_an_offer_published_before_the_search_was_saved_is_never_sent(publish, run):
    pupil = PupilFactory(email="lina@example.fr")
    publish(hours_ago(5), title="Boulanger")
    _saved(pupil, "q=boulanger", hours_ago(1))

    assert run().matches == 0
    assert mail.outbox == []


def test_an_offer_that_does_not_match_is_not_sent(publish, run):
    pupil = PupilFactory(email="lina@example.fr")
    _saved(pupil, "q=menuisier", hours_ago(30))
    _saved(pupil, "secteur=s12", hours_ago(30))
    publish(hours_ago(2), title="Boulanger")  # sector s28

    assert run().matches == 0
    assert mail.outbox == []


def test_one_email_a_person_with_every_search_and_a_day_at_most(publish, run):
    pupil = PupilFactory(email="lina@example.fr")
    _saved(pupil, "q=boulanger", hours_ago(50))
    _saved(pupil, "secteur=s28", hours_ago(50))
    publish(hours_ago(30), title="Boulanger")
    day_one = run(hours_ago(26))
    assert len(mail.outbox) == 1 and day_one.matches == 2  # one e-mail, two searches
    publish(hours_ago(10), title="Boulanger de nuit")

    # Too soon after the first e-mail (a second run the same day): held back, not lost.
    assert run(hours_ago(9)).matches == 2
    assert len(mail.outbox) == 1
    # A day later (the first e-mail's time moved back 21 hours), the next run sends it.
    AlertMatch.objects.exclude(sent_at=None).update(sent_at=hours_ago(21))
    run()
    assert len(mail.outbox) == 2
    assert "Boulanger de nuit" in mail.outbox[1].body
    assert "Boulanger pâtissier" not in mail.outbox[1].body
    assert AlertMatch.objects.filter(sent_at=None).count() == 0


def test_an_unsubscribed_search_sends_nothing(publish, run, client):
    pupil = PupilFactory(email="lina@example.fr")
    saved = _saved(pupil, "q=boulanger", hours_ago(30))
    services.unsubscribe({"s": saved.pk})
    publish(hours_ago(2), title="Boulanger")

    assert run().matches == 0
    assert mail.outbox == []


def test_no_address_no_email_and_nothing_fails(publish, run):
    _saved(_without_email(), "q=boulanger", hours_ago(30))
    publish(hours_ago(2), title="Boulanger")

    assert run().matches == 1
    assert mail.outbox == []
    assert not PendingTask.objects.exclude(last_error="").exists()


def test_the_one_click_header_survives_smtp_folding_and_unsubscribes(publish, run, client):
    pupil = PupilFactory(email="lina@example.fr")
    saved = _saved(pupil, "q=boulanger", hours_ago(30))
    publish(hours_ago(2), title="Boulanger")
    run()

    raw = mail.outbox[0].message().as_bytes()
    smtp = email.message_from_bytes(
        mail.outbox[0].message(policy=email.policy.SMTP).as_bytes(), policy=email.policy.SMTP
    )
    header = str(smtp["List-Unsubscribe"]).strip()  # folded after "Name:" when long
    assert b"=?utf-8?" not in raw.split(b"\n\n")[0]  # no encoded words in the headers
    assert header.startswith("<https://stages.bfc.example/alertes/stop/u") and header[-1] == ">"
    assert smtp["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header[1:-1].removeprefix("https://stages.bfc.example")
    assert url in mail.outbox[0].body

    client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    saved.refresh_from_db()
    assert not saved.active


def test_a_long_site_url_drops_the_header_rather_than_break_it(settings):
    from stages_bfc.mail import list_unsubscribe

    assert list_unsubscribe("https://" + "x" * 80 + ".fr/alertes/stop/u1-abc/") == {}
    assert list_unsubscribe("https://s.fr/alertes/stop/u1-abc/")["List-Unsubscribe"] == (
        "<https://s.fr/alertes/stop/u1-abc/>"
    )


def test_an_offer_unpublished_before_the_email_is_left_out(publish, run):
    pupil = PupilFactory(email="lina@example.fr")
    _saved(pupil, "q=boulanger", hours_ago(30))
    offer = publish(hours_ago(2), title="Boulanger")
    matching.run()  # matched; e-mail not run (no on-commit here)
    Offer.objects.filter(pk=offer.pk).update(state=State.WITHDRAWN)

    assert emails.send_digest(pupil.pk) is False
    assert mail.outbox == []
    assert AlertMatch.objects.get().sent_at is not None


# The SQL match against the search's own selector, filter by filter.
QUERIES = [
    "",
    "q=boulang",
    "q=pâtisserie",
    "q=boulang+nuit",
    "secteur=s28",
    "secteur=s12",
    "departement=39",
    "departement=25&secteur=s28",
    "public=seconde",
    "public=3e",
    "structure=association",
    "accessible=on",
    "places=2",
    "places=5",
    "commune=Besançon&rayon=20",
    "commune=Besançon&rayon=5",
    "commune=Dole&rayon=50",
    "semaine=1",
    "semaine=deux",
    "du=2020-01-01&au=2020-02-01",
    "du=2030-01-01",
    "q=boulang&commune=Besançon&rayon=30&public=seconde&places=2",
]


@pytest.fixture
def varied_offers(publish):
    Department.objects.get_or_create(
        code="39", defaults={"name": "Jura", "prefecture": "Lons", "academy": "Besançon"}
    )
    besancon = CommuneFactory()
    near_lat, lon = north_of(19.0)
    near = CommuneFactory(
        insee="25100",
        name="Près",
        search_name="pres",
        postcodes="25110",
        latitude=near_lat,
        longitude=lon,
    )
    dole = CommuneFactory(
        insee="39198",
        name="Dole",
        search_name="dole",
        postcodes="39100",
        department_id="39",
        latitude=47.0920,
        longitude=5.4898,
    )
    association = OrganisationFactory(host_type=Organisation.HostType.ASSOCIATION)
    offers = [
        publish(hours_ago(3), title="Boulanger de nuit", commune=besancon),
        publish(hours_ago(3), title="Pâtisserie fine", commune=near, accessible=True),
        publish(
            hours_ago(3),
            title="Vente en boutique",
            commune=dole,
            sector_id="s12",
            publics=[Public.TROISIEME],
        ),
        publish(
            hours_ago(3),
            title="Boulangerie associative",
            commune=dole,
            organisation=association,
            periods=[(datetime.date(2031, 1, 6), datetime.date(2031, 1, 10), 6)],
        ),
    ]
    publish(hours_ago(40), title="Boulanger ancien", commune=besancon)  # before the saves
    return offers


def test_the_sql_match_finds_what_the_search_finds(varied_offers, run):
    saved = {query: _saved(_without_email(), query, hours_ago(20)) for query in QUERIES}
    new = {offer.pk for offer in varied_offers}

    run()

    found = {
        query: set(AlertMatch.objects.filter(saved_search=s).values_list("offer_id", flat=True))
        for query, s in saved.items()
    }
    expected = {}
    for query in QUERIES:
        _, params = parse(QueryDict(query))
        expected[query] = set(search_matches(params).values_list("pk", flat=True)) & new
    assert found == expected
    # The table is not trivial: some searches find some offers, others none.
    assert {len(v) for v in expected.values()} >= {0, 1, len(new)}

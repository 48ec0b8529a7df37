"""The trigger-kept week and host-type columns of search_entry against what they summarise."""

import datetime
import random

from django.db import connection

from offers.models import Offer, OfferPeriod
from organisations.models import Organisation
from search.filters import seconde_weeks
from search.models import SearchEntry
from tests.search.test_search import results, titles

DAY = datetime.timedelta(days=1)


def mondays_inside(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The reference: every Monday m with start <= m and m + 4 days <= end, by walking."""
    day, found = start, []
    while day + 4 * DAY <= end:
        if day.weekday() == 0:
            found.append(day)
        day += DAY
    return found


def test_weeks_covered_matches_a_day_by_day_walk(db):
    rng = random.Random(7)
    base = datetime.date(2026, 12, 28)
    cases = [(base, base + 4 * DAY), (base, base + 3 * DAY), (base + DAY, base + 11 * DAY)]
    for _ in range(300):
        start = base + rng.randrange(0, 400) * DAY
        cases.append((start, start + rng.randrange(0, 60) * DAY))
    with connection.cursor() as cursor:
        for start, end in cases:
            cursor.execute("SELECT search_weeks_covered(%s, %s)", [start, end])
            assert cursor.fetchone()[0] == mondays_inside(start, end), (start, end)


def test_weeks_follow_period_writes(client, make_offer):
    (s1, e1), (s2, e2) = seconde_weeks()
    offer = make_offer(title="Mobile", periods=[(s1 + DAY, e1, 2)])  # Tuesday to Friday
    entry = SearchEntry.objects.get(offer=offer)
    assert entry.periods_weeks == []
    assert titles(results(client, semaine="1")) == []
    period = OfferPeriod.objects.get(offer=offer)
    period.start = s1
    period.save()
    entry.refresh_from_db()
    assert entry.periods_weeks == [s1]
    assert titles(results(client, semaine="1")) == ["Mobile"]
    assert titles(results(client, semaine="deux")) == []
    OfferPeriod.objects.bulk_create([OfferPeriod(offer=offer, start=s2, end=e2, places=3)])
    entry.refresh_from_db()
    assert entry.periods_weeks == [s1, s2]
    assert titles(results(client, semaine="deux")) == ["Mobile"]
    OfferPeriod.objects.filter(offer=offer, start=s1).delete()
    assert titles(results(client, semaine="1")) == []
    assert titles(results(client, semaine="2")) == ["Mobile"]


def test_host_type_follows_the_host(client, make_offer):
    offer = make_offer(title="Atelier", host_type=Organisation.HostType.COMPANY)
    assert titles(results(client, structure="company")) == ["Atelier"]
    host = offer.organisation
    host.host_type = Organisation.HostType.ASSOCIATION
    host.save()
    assert SearchEntry.objects.get(offer=offer).host_type == Organisation.HostType.ASSOCIATION
    assert titles(results(client, structure="company")) == []
    assert titles(results(client, structure="association")) == ["Atelier"]
    # Django writes back the host type it loaded: the trigger keeps the database's.
    stale = Offer.objects.get(pk=offer.pk)
    Organisation.objects.filter(pk=host.pk).update(host_type=Organisation.HostType.STATE)
    stale.title = "Atelier bois"
    stale.save()
    assert SearchEntry.objects.get(offer=offer).host_type == Organisation.HostType.STATE


def test_known_words_follow_published_offers(make_offer):
    from offers.models import State
    from search.queries import known_anywhere

    draft = make_offer(title="Ébénisterie", state=State.DRAFT, description="Bois.", host="Roy")
    assert not known_anywhere(["ebenisterie"])  # a draft's words are not searchable yet
    Offer.objects.filter(pk=draft.pk).update(state=State.PUBLISHED)
    assert known_anywhere(["ébéniste"])  # a prefix of the stemmed word, without accents
    assert known_anywhere(["ebenisteries", "le"])  # plural stemmed; stop word ignored
    assert not known_anywhere(["ebenisterie", "zzyzx"])  # every word must be known
    offer = Offer.objects.get(pk=draft.pk)
    offer.title = "Tonnellerie"
    offer.save()
    assert known_anywhere(["tonnelleries"])


def test_truncating_the_offers_forgets_their_words(make_offer):
    """Test flushes truncate offers_offer: the words table must not outlive them."""
    from search.queries import known_anywhere

    make_offer(title="Ébénisterie", description="Bois.", host="Roy")
    assert known_anywhere(["ebenisterie"])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
        cursor.execute("TRUNCATE offers_offer CASCADE")
    assert not known_anywhere(["ebenisterie"])

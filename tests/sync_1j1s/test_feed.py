"""The 1j1s pull feed: schema, content, the domaines table, conditional GETs, speed."""

import os
import time
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from offers.models import Offer, OfferPeriod, Public, State
from reference.models import Sector
from sync_1j1s import feed
from sync_1j1s.domaines import DOMAINES, SECTOR_DOMAINES
from sync_1j1s.feed import SCHEMA
from tests.factories import OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
REFERENCE = Path(__file__).with_name("1j1s-domaines.txt")


@pytest.fixture(autouse=True)
def _feed_dir(settings, tmp_path):
    settings.SYNC_FEED_DIR = tmp_path / "feeds"


def test_domaines_table_covers_every_sector_with_national_values(reference_data):
    assert [line for line in REFERENCE.read_text().splitlines() if line] == DOMAINES
    assert set(SECTOR_DOMAINES) == set(Sector.objects.values_list("code", flat=True))
    for code, values in SECTOR_DOMAINES.items():
        assert values and set(values) <= set(DOMAINES), code
    assert SECTOR_DOMAINES["s31"] == ["développement informatique", "infra / réseaux / télécoms"]
    assert SECTOR_DOMAINES["s26"] == ["hôtellerie - restauration"]


def test_feed_is_valid_and_holds_only_live_offers_for_other_publics(client):
    live = OfferFactory(
        state=State.PUBLISHED, publics=[Public.POST_BAC, Public.SECONDE], title="Stage & <data>"
    )
    OfferFactory(state=State.PUBLISHED, publics=[Public.TROISIEME])  # pushed, not in the feed
    OfferFactory(state=State.WITHDRAWN, publics=[Public.ADULTE])  # offline
    response = client.get(reverse("sync_1j1s:feed"))
    assert response.status_code == 200
    document = etree.fromstring(b"".join(response.streaming_content))
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(document)
    ids = document.xpath("//offre/identifiantSource/text()")
    assert ids == [f"stages-bfc-{live.pk}"]
    assert document.xpath("//offre/titre/text()") == ["Stage & <data>"]
    assert document.xpath("//offre/urlDeCandidature/text()") == [
        f"https://stages.bfc.example/offres/{live.pk}/"
    ]
    assert document.xpath("//domaine/text()") == ["production / fabrication / exploitation"]
    assert document.xpath("//localisation/pays/text()") == ["FR"]


def test_control_characters_in_employer_text_do_not_break_the_feed(client):
    organisation = OrganisationFactory(
        name="Garage\x0b du Lac", description="Mécanique\x0cet carrosserie\x1f."
    )
    OfferFactory(
        state=State.PUBLISHED,
        publics=[Public.POST_BAC],
        organisation=organisation,
        title="Stage\x08 atelier",
        description="Ligne 1\x0cLigne 2\tTab\nFin\x01",
    )
    response = client.get(reverse("sync_1j1s:feed"))
    document = etree.fromstring(b"".join(response.streaming_content))
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(document)
    assert document.xpath("//offre/description/text()") == ["Ligne 1Ligne 2\tTab\nFin"]
    assert document.xpath("//offre/titre/text()") == ["Stage atelier"]
    assert document.xpath("//employeur/nom/text()") == ["Garage du Lac"]
    assert document.xpath("//employeur/description/text()") == ["Mécaniqueet carrosserie."]


def test_etag_and_last_modified_give_304_until_a_change(client):
    offer = OfferFactory(state=State.PUBLISHED, publics=[Public.APPRENTI])
    url = reverse("sync_1j1s:feed")
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    Offer.objects.filter(pk=offer.pk).update(title="Nouveau titre")
    Offer.objects.get(pk=offer.pk).save()  # bumps updated_at
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_304_writes_no_snapshot(client, settings):
    OfferFactory(state=State.PUBLISHED, publics=[Public.APPRENTI])
    url = reverse("sync_1j1s:feed")
    etag = client.get(url)["ETag"]
    for snapshot in settings.SYNC_FEED_DIR.iterdir():
        snapshot.unlink()  # e.g. a new release with an empty feed folder
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert not list(settings.SYNC_FEED_DIR.iterdir())


def _read(response):
    return etree.fromstring(b"".join(response.streaming_content))


def test_snapshot_deleted_by_a_concurrent_request_is_still_served(client, monkeypatch):
    """Another request, writing a newer version, deletes ours just after we wrote it."""
    offer = OfferFactory(state=State.PUBLISHED, publics=[Public.APPRENTI])
    write = feed.write

    def write_then_lose_it(path, generated):
        written = write(path, generated)
        path.unlink()
        return written

    monkeypatch.setattr(feed, "write", write_then_lose_it)
    response = client.get(reverse("sync_1j1s:feed"))
    assert response.status_code == 200
    assert _read(response).xpath("//identifiantSource/text()") == [f"stages-bfc-{offer.pk}"]


def test_snapshot_deleted_before_it_is_opened_is_written_again(client, monkeypatch, settings):
    offer = OfferFactory(state=State.PUBLISHED, publics=[Public.APPRENTI])
    url = reverse("sync_1j1s:feed")
    assert client.get(url).status_code == 200
    version = feed.version

    def version_then_lose_the_snapshot():
        found = version()
        for snapshot in settings.SYNC_FEED_DIR.iterdir():
            snapshot.unlink()
        return found

    monkeypatch.setattr(feed, "version", version_then_lose_the_snapshot)
    response = client.get(url)
    assert response.status_code == 200
    assert _read(response).xpath("//identifiantSource/text()") == [f"stages-bfc-{offer.pk}"]


def test_feed_is_fast_once_warm(client, django_assert_max_num_queries):
    """FEED_BENCH_OFFERS=50000 for the issue's figure (docs/performance.md)."""
    size = int(os.environ.get("FEED_BENCH_OFFERS", "2000"))
    template = OfferFactory(state=State.PUBLISHED, publics=[Public.POST_BAC])
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Offer._meta.concrete_fields
        if f.attname != "id"
    }
    offers = Offer.objects.bulk_create([Offer(**fields) for _ in range(size - 1)], batch_size=5000)
    OfferPeriod.objects.bulk_create(
        [
            OfferPeriod(offer=o, start=p.start, end=p.end, places=2)
            for o in offers
            for p in template.periods.all()
        ],
        batch_size=5000,
    )
    url = reverse("sync_1j1s:feed")
    started = time.perf_counter()
    cold = client.get(url)
    body = b"".join(cold.streaming_content)
    cold_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with django_assert_max_num_queries(3):
        warm = client.get(url)
        assert len(b"".join(warm.streaming_content)) == len(body)
    warm_seconds = time.perf_counter() - started
    print(
        f"\nfeed of {size} offers: cold {cold_seconds:.2f} s, warm {warm_seconds * 1000:.0f} ms, {len(body) / 1e6:.1f} MB"
    )
    assert body.count(b"<offre>") == size
    assert warm_seconds < 0.5

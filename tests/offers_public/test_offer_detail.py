import datetime
import re

import pytest
from django.urls import reverse

from offers.models import OfferPeriod, Public, State
from offers.selectors import places_left, with_places_taken
from organisations.models import Organisation
from tests.factories import (
    CommuneFactory,
    DepartmentFactory,
    EmployerFactory,
    ModeratorFactory,
    OfferFactory,
    OrganisationFactory,
    PupilFactory,
    SectorFactory,
    TeacherFactory,
)
from tests.sessions import log_in

pytestmark = pytest.mark.django_db

DESCRIPTION = (
    "Vous suivrez les agents du service des espaces verts : taille des haies, entretien "
    "des massifs, arrosage raisonné. Vous découvrirez aussi le travail du bureau d'études "
    "qui dessine les parcs de demain, et la serre municipale où poussent les fleurs de la ville."
)


def url(offer):
    return reverse("offers:detail", args=[offer.pk])


@pytest.fixture
def full_offer():
    dole = CommuneFactory(
        insee="39198",
        name="Dole",
        search_name="dole",
        postcodes="39100",
        department=DepartmentFactory(code="39", name="Jura", prefecture="Lons-le-Saunier"),
    )
    town_hall = OrganisationFactory(
        name="Mairie de Dole",
        host_type=Organisation.HostType.LOCAL_AUTHORITY,
        commune=dole,
        description="La ville de Dole emploie 600 agents au service des habitants.",
        website="https://www.doledujura.fr",
    )
    return OfferFactory(
        state=State.PUBLISHED,
        organisation=town_hall,
        title="Jardinier des espaces verts",
        description=DESCRIPTION,
        sector=SectorFactory(code="s3", label="Agriculture, paysage"),
        publics=[Public.TROISIEME, Public.SECONDE],
        street="Place de l'Europe",
        commune=dole,
        hours_start=datetime.time(8, 30),
        hours_end=datetime.time(16, 45),
        lunch_break="Une heure, à la cantine du personnel",
        accessible=True,
        accessibility_details="Locaux de plain-pied, serre accessible en fauteuil.",
        transport="Bus ligne 2, arrêt Hôtel de ville.",
        tutor_name="Dominique Tuteurnom",
        tutor_email="d.tuteurnom@doledujura.fr",
        tutor_phone="03 84 79 00 00",
        periods=[
            (datetime.date(2027, 6, 14), datetime.date(2027, 6, 25), 3),
            (datetime.date(2027, 1, 18), datetime.date(2027, 1, 22), 1),
        ],
    )


def test_public_page_shows_the_whole_offer_to_anyone(client, full_offer):
    response = client.get(url(full_offer))
    assert response.status_code == 200
    content = response.content.decode()
    for expected in [
        "<h1",
        "Jardinier des espaces verts",
        "Mairie de Dole",
        "Collectivité territoriale",
        "taille des haies",
        "Agriculture, paysage",
        "Collégiens de 3e",
        "Seconde générale et technologique",
        "Place de l&#x27;Europe",
        "39100 Dole",
        "Jura (39)",
        "Du 18 au 22 janvier 2027",
        "Du 14 au 25 juin 2027",
        "3 places disponibles",
        "1 place disponible",
        "De 8 h 30 à 16 h 45",
        "Une heure, à la cantine du personnel",
        "Oui",
        "serre accessible en fauteuil",
        "Bus ligne 2, arrêt Hôtel de ville.",
        "600 agents au service des habitants",
        'href="https://www.doledujura.fr"',
        "/connexion/",  # "Postuler", logged out: both ways in, back to the offer
        "Pour les collégiens de 3e",  # each period says whom it is for
        "Pour les élèves de seconde générale et technologique",
    ]:
        assert expected in content, expected
    # Periods in date order, facts as a description list.
    assert content.index("18 au 22 janvier 2027") < content.index("14 au 25 juin 2027")
    assert "<dl" in content and "<dt>Secteur</dt>" in content
    assert "Aperçu : offre non publiée" not in content


def test_public_page_never_shows_the_tutor_contact(client, full_offer):
    content = client.get(url(full_offer)).content.decode()
    for secret in ["Tuteurnom", "d.tuteurnom@doledujura.fr", "03 84 79 00 00"]:
        assert secret not in content


def test_title_and_meta_description(client, full_offer):
    content = client.get(url(full_offer)).content.decode()
    assert "<title>Jardinier des espaces verts à Dole · Stages BFC</title>" in content
    description = re.search(r'<meta name="description"\s+content="([^"]*)">', content).group(1)
    assert description.startswith("Vous suivrez les agents du service des espaces verts")
    assert len(description) <= 155 and description.endswith("…")
    assert "\n" not in description


def test_meta_description_of_a_short_text_is_the_whole_text(client):
    offer = OfferFactory(state=State.PUBLISHED, description="Pétrir.\n\n  Cuire le <b>pain</b>.")
    content = client.get(url(offer)).content.decode()
    assert 'content="Pétrir. Cuire le pain."' in content


def test_missing_optional_facts_are_said_so(client):
    offer = OfferFactory(state=State.PUBLISHED)
    content = client.get(url(offer)).content.decode()
    assert "Non précisés" in content  # hours
    assert "Non précisée" in content  # lunch break
    assert "Entreprise" in content


@pytest.mark.parametrize("state", [State.PUBLISHED])
def test_published_offer_answers_200(client, state):
    assert client.get(url(OfferFactory(state=state))).status_code == 200


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (State.FILLED, "Toutes les places ont été pourvues."),
        (State.EXPIRED, "Ses périodes de stage sont passées."),
        (State.WITHDRAWN, "La structure d'accueil l'a retirée."),
    ],
)
def test_offline_offer_keeps_its_url_with_a_410_page(client, state, reason):
    offer = OfferFactory(state=state)
    response = client.get(url(offer))
    assert response.status_code == 410
    content = response.content.decode()
    assert "Cette offre n'accepte plus de candidatures." in content
    assert reason in content
    assert offer.title in content
    assert '<meta name="robots" content="noindex">' in content
    assert "Pétrir, façonner" not in content  # the offer itself is no longer shown


@pytest.mark.parametrize(
    "state",
    [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.REJECTED, State.ARCHIVED],
)
@pytest.mark.parametrize("who", ["anonymous", "pupil", "teacher", "other_employer"])
def test_unpublished_offer_is_a_404_to_the_public(client, state, who):
    offer = OfferFactory(state=state)
    user = {
        "anonymous": lambda: None,
        "pupil": PupilFactory,
        "teacher": TeacherFactory,
        "other_employer": EmployerFactory,
    }[who]()
    if user:
        client.force_login(user)
    assert client.get(url(offer)).status_code == 404


def test_unknown_offer_is_a_404(client):
    assert client.get(reverse("offers:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "state",
    [State.DRAFT, State.SUBMITTED, State.REJECTED, State.EXPIRED, State.WITHDRAWN, State.ARCHIVED],
)
def test_members_of_the_organisation_preview_any_state(client, state):
    offer = OfferFactory(state=state)
    client.force_login(EmployerFactory(organisation=offer.organisation))
    response = client.get(url(offer))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Aperçu : offre non publiée" in content
    assert offer.get_state_display().lower() in content
    assert '<meta name="robots" content="noindex">' in content


@pytest.mark.parametrize("state", [State.SUBMITTED, State.FILLED, State.DRAFT])
def test_moderators_preview_any_state(client, state):
    offer = OfferFactory(state=state)
    log_in(client, ModeratorFactory())
    response = client.get(url(offer))
    assert response.status_code == 200
    assert "Aperçu : offre non publiée" in response.content.decode()


def test_members_see_their_published_offer_without_banner(client):
    offer = OfferFactory(state=State.PUBLISHED)
    client.force_login(EmployerFactory(organisation=offer.organisation))
    content = client.get(url(offer)).content.decode()
    assert "Aperçu" not in content


def test_organisation_with_several_members_does_not_repeat_the_offer(client):
    offer = OfferFactory(state=State.PUBLISHED)
    member = EmployerFactory(organisation=offer.organisation)
    EmployerFactory(organisation=offer.organisation)
    EmployerFactory(organisation=offer.organisation)
    assert client.get(url(offer)).status_code == 200
    client.force_login(member)
    assert client.get(url(offer)).status_code == 200


def test_public_page_query_count(client, django_assert_max_num_queries, full_offer):
    with django_assert_max_num_queries(3):
        assert client.get(url(full_offer)).status_code == 200


def test_places_left_is_the_places_for_now():
    offer = OfferFactory(periods=[(datetime.date(2027, 6, 14), datetime.date(2027, 6, 25), 4)])
    period = with_places_taken(OfferPeriod.objects.filter(offer=offer)).get()
    assert places_left(period) == 4

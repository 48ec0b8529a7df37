"""The organisation form, created and edited."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from offers.models import State
from organisations.models import Organisation
from tests.bad_input.checks import (
    ESCAPED_SCRIPT,
    HUGE,
    NUL,
    OUTSIDE,
    REQUIRED,
    SCRIPT,
    assert_refused,
    errors_beside,
    too_long,
)
from tests.factories import (
    CommuneFactory,
    EmployerFactory,
    OfferFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- The organisation form: create and edit -----------------------------------------------

ORGANISATION_TEXT = {"name": 150, "street": 250, "description": 1000, "siret": 20}
SIRET_CASES = {
    "letters": ("7328293200007A", "Le SIRET compte exactement 14 chiffres."),
    "13 digits": ("7328293200007", "Le SIRET compte exactement 14 chiffres."),
    "15 digits": ("732829320000740", "Le SIRET compte exactement 14 chiffres."),
    "bad checksum": (
        "73282932000075",
        "Ce numéro SIRET n'existe pas : vérifiez-le sur votre avis de situation INSEE.",
    ),
    "NUL": ("7328293200007\x00", NUL),
    "huge": ("1" * HUGE, too_long(20, HUGE)),
}


def organisation_data(**overrides):
    return {
        "name": "Fromagerie du Haut-Doubs",
        "siret": "73282932000074",
        "host_type": "company",
        "street": "3 route de Pontarlier",
        "commune": "besancon",
        "description": "Fabrication de comté.",
        "website": "",
    } | overrides


@pytest.fixture(params=["create", "edit"])
def organisation_page(request, client, db):
    """(client, url, organisation or None): a newcomer creating one, or a member editing it."""
    CommuneFactory()
    if request.param == "create":
        client.force_login(UserFactory())
        return client, reverse("organisations:create"), None
    employer = EmployerFactory()
    client.force_login(employer)
    return client, reverse("organisations:edit"), employer.membership.organisation


def assert_organisation_unchanged(organisation, before):
    if organisation is None:
        assert not Organisation.objects.exists()
    else:
        assert model_to_dict(Organisation.objects.get(pk=organisation.pk)) == before


def _before(organisation):
    return model_to_dict(organisation) if organisation else None


def test_organisation_empty_submission(organisation_page):
    client, url, organisation = organisation_page
    before = _before(organisation)
    response = client.post(url, {name: "" for name in organisation_data()})
    for field in ("name", "siret", "host_type", "street"):
        assert_refused(response, f"id_{field}", REQUIRED)
    assert_refused(response, "id_commune", "Indiquez la commune (nom ou code postal).")
    assert_organisation_unchanged(organisation, before)


@pytest.mark.parametrize("length", ["limit+1", HUGE])
@pytest.mark.parametrize("field", [*ORGANISATION_TEXT, "website"])
def test_organisation_text_too_long(organisation_page, field, length):
    client, url, organisation = organisation_page
    before = _before(organisation)
    limit = ORGANISATION_TEXT.get(field, 500)
    size = limit + 1 if length == "limit+1" else length
    prefix = "https://exemple.fr/" if field == "website" else ""
    value = prefix + "a" * (size - len(prefix))
    response = client.post(url, organisation_data(**{field: value}))
    assert_refused(response, f"id_{field}", too_long(limit, size), typed=value)
    assert_organisation_unchanged(organisation, before)


LOOKUP_CASES = SIRET_CASES | {
    "unknown to the register": (
        "73282932000074",
        "Ce numéro SIRET ne figure pas au répertoire des entreprises (Sirene) : vérifiez-le "
        "sur votre avis de situation INSEE ou sur annuaire-entreprises.data.gouv.fr.",
    ),
}


@pytest.mark.parametrize("case", LOOKUP_CASES)
def test_organisation_lookup_refuses_a_bad_siret(client, db, register, case):
    """The lookup button: a wrong number never reaches the register; an unknown one is
    refused with the register's answer; the page keeps what was typed."""
    client.force_login(UserFactory())
    siret, message = LOOKUP_CASES[case]
    data = organisation_data(siret=siret, remplir="1", description="Gardée telle quelle.")
    response = client.post(reverse("organisations:create"), data)
    assert_refused(response, "id_siret", message, typed=siret if case != "NUL" else None)
    assert "Gardée telle quelle." in response.content.decode()
    assert not Organisation.objects.exists()
    assert len(register.calls) == (1 if case == "unknown to the register" else 0)


@pytest.mark.parametrize("case", SIRET_CASES)
def test_organisation_bad_siret(organisation_page, case):
    client, url, organisation = organisation_page
    before = _before(organisation)
    siret, message = SIRET_CASES[case]
    response = client.post(url, organisation_data(siret=siret))
    assert_refused(response, "id_siret", message, typed=siret)
    assert_organisation_unchanged(organisation, before)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "Fro\x00magerie"}, "name", NUL),
        ({"street": "\x00"}, "street", NUL),
        ({"description": "a\x00"}, "description", NUL),
        ({"commune": "Bes\x00ançon"}, "commune", NUL),
        ({"website": "javascript:alert(1)"}, "website", "Saisissez une URL valide."),
        ({"website": "https://exemple\x00.fr"}, "website", NUL),
        (
            {"host_type": "moderator"},
            "host_type",
            "Sélectionnez un choix valide. moderator n’en fait pas partie.",
        ),
    ],
)
def test_organisation_other_bad_input(organisation_page, overrides, field, message):
    client, url, organisation = organisation_page
    before = _before(organisation)
    response = client.post(url, organisation_data(**overrides))
    assert_refused(response, f"id_{field}", message)
    assert_organisation_unchanged(organisation, before)


@pytest.mark.parametrize("commune", OUTSIDE)
def test_organisation_commune_outside_the_region(organisation_page, reference_data, commune):
    client, url, organisation = organisation_page
    before = _before(organisation)
    response = client.post(url, organisation_data(commune=commune))
    (message,) = errors_beside(response, "id_commune")
    assert message.startswith(f"Nous ne trouvons pas la commune « {commune} »"), message
    assert_organisation_unchanged(organisation, before)


def test_organisation_script_is_stored_as_text_and_shown_escaped(client, db):
    employer = EmployerFactory(organisation=OrganisationFactory(commune=CommuneFactory()))
    client.force_login(employer)
    text = {"name": f"{SCRIPT} name", "street": f"{SCRIPT} street"}
    text["description"] = f"{SCRIPT} description"
    organisation = employer.membership.organisation
    response = client.post(
        reverse("organisations:edit"), organisation_data(siret=organisation.siret, **text)
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert {name: getattr(organisation, name) for name in text} == text
    offer = OfferFactory(organisation=organisation, state=State.PUBLISHED)
    for url in (
        reverse("organisations:detail"),
        reverse("organisations:edit"),
        reverse("offers:detail", args=[offer.pk]),
    ):
        page = client.get(url)
        content = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert(1)" not in content, url
        assert f"{ESCAPED_SCRIPT} name" in content, url

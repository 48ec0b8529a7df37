"""Bad input on every form, through the real views: a clear French message beside the field,
never a 500, the typed values shown again, and nothing already saved lost.

Forms: the offer (create, edit), the organisation (create, edit), the invitation, the signup,
the moderation decisions (reject, request changes) and the account deletion. Then malformed
requests: garbled formset counters, odd URLs, unknown actions, NUL bytes, huge strings.
An "empty submission" is what a browser sends: every field, empty (and the CSRF token, which
the test client does not need).
"""

import datetime
import html
import re

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from offers.models import Offer, OfferTransition, State
from offers.services import move
from organisations.models import Invitation, Organisation
from reference.periods import school_year_bounds
from tests.factories import (
    CommuneFactory,
    EmployerFactory,
    ModeratorFactory,
    OfferFactory,
    OrganisationFactory,
    SchoolFactory,
    SectorFactory,
    UserFactory,
)
from tests.offers_employer.helpers import next_week, offer_data
from tests.sessions import log_in

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
NUL = "Le caractère nul n’est pas autorisé."
REQUIRED = "Ce champ est obligatoire."
HUGE = 100_000
PASSWORD = "Grenouille-du-Doubs-2025"


def too_long(limit, length=None):
    return (
        f"Assurez-vous que cette valeur comporte au plus {limit} caractères "
        f"(actuellement {length or limit + 1})."
    )


def errors_beside(response, field_id):
    """The messages of the error list tied to the field (its id is in aria-describedby)."""
    content = response.content.decode()
    found = re.search(
        rf'<ul class="errorlist" id="{re.escape(field_id)}_error">(.*?)</ul>', content, re.S
    )
    assert found, f"no error list beside #{field_id}"
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", found[1], re.S)]


def assert_refused(response, field_id, message, typed=None):
    assert response.status_code == 200
    assert message in errors_beside(response, field_id)
    if typed:
        assert html.escape(typed) in response.content.decode(), "typed value not shown again"


@pytest.fixture(autouse=True)
def _server_errors_as_responses(client):
    """A 500 must show up as a status, not hide behind the test client's re-raise."""
    client.raise_request_exception = False


@pytest.fixture
def sector(db):
    return SectorFactory()


@pytest.fixture
def employer(db, sector):
    CommuneFactory()
    return EmployerFactory()


@pytest.fixture
def employer_client(client, employer):
    client.force_login(employer)
    return client


@pytest.fixture
def moderator_client(client):
    log_in(client, ModeratorFactory())
    return client


def snapshot(offer):
    """Everything an edit could change: the offer's fields, periods, state and history."""
    offer = Offer.objects.get(pk=offer.pk)
    return (
        model_to_dict(offer),
        offer.state,
        list(offer.periods.values_list("start", "end", "places")),
        offer.transitions.count(),
    )


# --- The offer form: create and edit ------------------------------------------------------

OFFER_TEXT_FIELDS = {
    "title": 150,
    "description": 3000,
    "street": 250,
    "lunch_break": 150,
    "accessibility_details": 1000,
    "transport": 1000,
    "tutor_name": 150,
    "tutor_phone": 20,
    "commune": 120,
}


def test_offer_empty_submission(employer_client):
    unchecked = ("publics", "accessible", "seconde_week")  # a browser does not send them
    data = {name: "" for name in offer_data() if name not in unchecked}
    data |= {"periodes-TOTAL_FORMS": "3", "periodes-INITIAL_FORMS": "0"}
    response = employer_client.post(reverse("offers:create"), data)
    for field, message in [
        ("title", "Donnez un intitulé à l'offre."),
        ("description", "Décrivez ce que l'élève verra et fera."),
        ("sector", "Choisissez un secteur d'activité."),
        ("publics", "Cochez au moins un public."),
        ("street", "Indiquez l'adresse du lieu de stage."),
        ("commune", "Indiquez la commune (nom ou code postal)."),
        ("accessible", "Répondez par oui ou par non."),
        ("hours_start", "Indiquez l'heure d'arrivée."),
        ("hours_end", "Indiquez l'heure de départ."),
        ("tutor_name", "Indiquez le nom du tuteur ou de la tutrice."),
        ("tutor_email", "Indiquez l'e-mail du tuteur ou de la tutrice."),
    ]:
        assert_refused(response, f"id_{field}", message)
    assert "11 erreurs empêchent l'enregistrement" in response.content.decode()
    assert not Offer.objects.exists()


@pytest.mark.parametrize("length", ["limit+1", HUGE])
@pytest.mark.parametrize("field", [*OFFER_TEXT_FIELDS, "tutor_email"])
def test_offer_text_too_long(employer_client, field, length):
    limit = OFFER_TEXT_FIELDS.get(field, 254)
    size = limit + 1 if length == "limit+1" else length
    value = (
        "a" * (size - len("@exemple.fr")) + "@exemple.fr" if field == "tutor_email" else "é" * size
    )
    response = employer_client.post(reverse("offers:create"), offer_data(**{field: value}))
    assert_refused(response, f"id_{field}", too_long(limit, size), typed=value)
    assert not Offer.objects.exists()


@pytest.mark.parametrize("field", [*OFFER_TEXT_FIELDS, "tutor_email", "sector", "hours_start"])
def test_offer_nul_byte_is_a_form_error(employer_client, field):
    value = "Boulan\x00gerie"
    response = employer_client.post(reverse("offers:create"), offer_data(**{field: value}))
    if field == "hours_start":
        assert_refused(response, "id_hours_start", "Heure au format 08:30.")
    else:
        assert_refused(response, f"id_{field}", NUL)
    assert not Offer.objects.exists()


def _first_school_year():
    return school_year_bounds(timezone.localdate())[0].year


def _period_cases():
    today = timezone.localdate()
    start, end = next_week()
    first = _first_school_year()
    far = datetime.date(first + 2, 9, 7)
    iso = datetime.date.isoformat
    starts_end = (
        "La période doit tenir dans une seule année scolaire : elle se termine au plus tard le "
        f"31 août {first + 2}. Créez une seconde période pour la suite."
    )
    return {
        "past dates": (
            iso(today - datetime.timedelta(days=14)),
            iso(today - datetime.timedelta(days=10)),
            "2",
            "start",
            "Cette date est passée.",
        ),
        "end before start": (
            iso(start),
            iso(start - datetime.timedelta(days=2)),
            "2",
            "end",
            "La date de fin doit suivre la date de début.",
        ),
        "across two school years": (
            f"{first + 2}-08-25",
            f"{first + 2}-09-03",
            "2",
            "end",
            starts_end,
        ),
        "beyond next school year": (
            iso(far),
            iso(far + datetime.timedelta(days=4)),
            "2",
            "start",
            "Proposez des dates de l'année scolaire en cours ou de la suivante.",
        ),
        "the last autumn of the calendar": (
            "9999-10-01",
            "9999-10-05",
            "2",
            "start",
            "Proposez des dates de l'année scolaire en cours ou de la suivante.",
        ),
        "no such day": (
            f"{first + 1}-02-30",
            iso(end),
            "2",
            "start",
            "Date au format jj/mm/aaaa.",
        ),
        "words for a date": ("demain", iso(end), "2", "start", "Date au format jj/mm/aaaa."),
        "huge date": ("9" * HUGE, iso(end), "2", "start", "Date au format jj/mm/aaaa."),
        "NUL date": ("\x00", iso(end), "2", "start", "Date au format jj/mm/aaaa."),
        "no start": ("", iso(end), "2", "start", "Indiquez la date de début."),
        "no places": (iso(start), iso(end), "", "places", "Indiquez le nombre de places."),
        "0 places": (iso(start), iso(end), "0", "places", "Indiquez au moins 1 place."),
        "-1 places": (iso(start), iso(end), "-1", "places", "Indiquez au moins 1 place."),
        "36 places": (iso(start), iso(end), "36", "places", "35 places au plus par période."),
        "10000 places": (iso(start), iso(end), "10000", "places", "35 places au plus par période."),
        "abc places": (
            iso(start),
            iso(end),
            "abc",
            "places",
            "Indiquez un nombre de places, par exemple 2.",
        ),
        "2.5 places": (
            iso(start),
            iso(end),
            "2.5",
            "places",
            "Indiquez un nombre de places, par exemple 2.",
        ),
        "huge places": (
            iso(start),
            iso(end),
            "1" * HUGE,
            "places",
            "Indiquez un nombre de places, par exemple 2.",
        ),
    }


PERIOD_CASES = list(_period_cases())


@pytest.mark.parametrize("case", PERIOD_CASES)
def test_offer_bad_period(employer_client, case):
    start, end, places, field, message = _period_cases()[case]
    data = offer_data(
        **{"periodes-0-start": start, "periodes-0-end": end, "periodes-0-places": places}
    )
    response = employer_client.post(reverse("offers:create"), data)
    typed = {"start": start, "end": end, "places": places}[field]
    assert_refused(response, f"id_periodes-0-{field}", None or message, typed=typed or None)
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("places", "message"),
    [
        ("0", "Indiquez au moins 1 place."),
        ("-1", "Indiquez au moins 1 place."),
        ("36", "35 places au plus par période."),
        ("10000", "35 places au plus par période."),
        ("abc", "Indiquez un nombre de places, par exemple 2."),
        ("", "Indiquez combien d'élèves de seconde."),
    ],
)
def test_offer_bad_seconde_places(employer_client, places, message):
    data = offer_data(publics=["seconde"], seconde_week="week1", seconde_places=places)
    data.update({f"periodes-0-{name}": "" for name in ("start", "end", "places")})
    response = employer_client.post(reverse("offers:create"), data)
    assert_refused(response, "id_seconde_places", message, typed=places or None)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"hours_start": "17:00", "hours_end": "08:00"},
            "hours_end",
            "L'heure de départ doit suivre l'heure d'arrivée.",
        ),
        ({"hours_start": "25:00"}, "hours_start", "Heure au format 08:30."),
        (
            {"accessible": "oui", "accessibility_details": " "},
            "accessibility_details",
            "Précisez ce qui rend le lieu accessible, pour que les familles puissent s'organiser.",
        ),
        (
            {"accessible": "peut-être"},
            "accessible",
            "Sélectionnez un choix valide. peut-être n’en fait pas partie.",
        ),
        (
            {"publics": ["moderateur"]},
            "publics",
            "Sélectionnez un choix valide. moderateur n’en fait pas partie.",
        ),
        (
            {"sector": "zz99"},
            "sector",
            "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles.",
        ),
        (
            {"publics": ["seconde"], "seconde_week": "week9", "seconde_places": "2"},
            "seconde_week",
            "Sélectionnez un choix valide. week9 n’en fait pas partie.",
        ),
        (
            {"tutor_email": SCRIPT},
            "tutor_email",
            "Adresse e-mail incomplète, par exemple nom@exemple.fr.",
        ),
    ],
)
def test_offer_other_bad_choices(employer_client, overrides, field, message):
    response = employer_client.post(reverse("offers:create"), offer_data(**overrides))
    assert_refused(response, f"id_{field}", message)
    assert not Offer.objects.exists()


OUTSIDE = ["Paris", "75001", "Lyon", "69001", "Besançon (75)", "zzqxwv kplm"]


@pytest.mark.parametrize("commune", OUTSIDE)
def test_offer_commune_outside_the_region(employer_client, reference_data, commune):
    response = employer_client.post(reverse("offers:create"), offer_data(commune=commune))
    assert response.status_code == 200
    (message,) = errors_beside(response, "id_commune")
    assert message.startswith(f"Nous ne trouvons pas la commune « {commune} »"), message
    assert html.escape(commune) in response.content.decode()
    assert not Offer.objects.exists()


OFFER_BAD_INPUTS = {
    "empty title": ({"title": ""}, "title", "Donnez un intitulé à l'offre."),
    "huge description": ({"description": "x" * HUGE}, "description", too_long(3000, HUGE)),
    "NUL in title": ({"title": "Bou\x00langer"}, "title", NUL),
    "commune in Paris": (
        {"commune": "75001"},
        "commune",
        "Nous ne trouvons pas la commune « 75001 » en Bourgogne-Franche-Comté : vérifiez l'orthographe ou saisissez son code postal.",
    ),
    "0 places": ({"periodes-0-places": "0"}, "periodes-0-places", "Indiquez au moins 1 place."),
    "10000 places": (
        {"periodes-0-places": "10000"},
        "periodes-0-places",
        "35 places au plus par période.",
    ),
    "past start": (
        {"periodes-0-start": "2001-09-03", "periodes-0-end": "2001-09-07"},
        "periodes-0-start",
        "Cette date est passée.",
    ),
}


@pytest.mark.parametrize("state", [State.DRAFT, State.CHANGES_REQUESTED, State.PUBLISHED])
@pytest.mark.parametrize("case", OFFER_BAD_INPUTS)
def test_offer_edit_with_bad_input_keeps_what_was_saved(employer_client, employer, state, case):
    overrides, field, message = OFFER_BAD_INPUTS[case]
    offer = OfferFactory(
        organisation=employer.membership.organisation,
        state=state,
        publics=["3e"],
        periods=[(*next_week(), 3)],
        transport="Bus ligne 3",
    )
    before = snapshot(offer)
    data = offer_data(**({"title": "Un autre intitulé"} | overrides))
    response = employer_client.post(reverse("offers:edit", args=[offer.pk]), data)
    assert_refused(response, f"id_{field}", message)
    assert "Un autre intitulé" in response.content.decode() or field == "title"
    assert snapshot(offer) == before


def test_offer_script_in_every_text_field_is_stored_as_text_and_shown_escaped(
    client, employer_client, employer
):
    employer.first_name = SCRIPT
    employer.save()
    text = {name: f"{SCRIPT} {name}" for name in OFFER_TEXT_FIELDS if name != "commune"}
    text["tutor_phone"] = "<b>03 81</b>"
    data = offer_data(accessible="oui", **text)
    response = employer_client.post(reverse("offers:create"), data)
    assert response.status_code == 302
    offer = Offer.objects.get()
    for name, value in text.items():
        assert getattr(offer, name) == value  # stored as typed, not cleaned nor escaped

    manage = employer_client.get(reverse("offers:manage", args=[offer.pk])).content.decode()
    edit = employer_client.get(reverse("offers:edit", args=[offer.pk])).content.decode()
    for page in (manage, edit):
        assert "<script>alert(1)" not in page and "<b>03 81" not in page
        assert ESCAPED_SCRIPT in page
    for value in text.values():
        assert html.escape(value) in edit
    assert f"{ESCAPED_SCRIPT} title" in manage and f"{ESCAPED_SCRIPT} tutor_name" in manage
    assert f"par {html.escape(SCRIPT)}" in manage or html.escape(SCRIPT) + " Martin" in manage

    move(offer, "submit", actor=employer)
    move(offer, "approve", actor=ModeratorFactory())
    client.logout()
    public = client.get(reverse("offers:detail", args=[offer.pk]))
    assert public.status_code == 200
    page = public.content.decode()
    assert "<script>alert(1)" not in page
    for name in ("title", "description", "lunch_break", "accessibility_details", "transport"):
        assert f"{ESCAPED_SCRIPT} {name}" in page, name


# --- Malformed offer POSTs ----------------------------------------------------------------


def _without(data, *names):
    return {key: value for key, value in data.items() if key not in names}


COUNTERS = ("periodes-TOTAL_FORMS", "periodes-INITIAL_FORMS")
COUNTER_CASES = {
    "missing": lambda data: _without(data, *COUNTERS),
    "missing total": lambda data: _without(data, "periodes-TOTAL_FORMS"),
    "not numbers": lambda data: data | {COUNTERS[0]: "abc", COUNTERS[1]: "\x00"},
    "huge": lambda data: data | {COUNTERS[0]: "1" * HUGE},
    "100000 rows": lambda data: data | {COUNTERS[0]: "100000"},
    "negative": lambda data: data | {COUNTERS[0]: "-1"},
}


@pytest.mark.parametrize("case", COUNTER_CASES)
def test_garbled_period_counters_still_read_the_rows_sent(employer_client, case):
    """The rows typed are validated and kept, and the page comes back with sane counters."""
    data = COUNTER_CASES[case](offer_data(title=""))
    response = employer_client.post(reverse("offers:create"), data)
    assert_refused(response, "id_title", "Donnez un intitulé à l'offre.")
    content = response.content.decode()
    start, end = next_week()
    assert f'value="{start.isoformat()}"' in content and f'value="{end.isoformat()}"' in content
    assert re.search(r'name="periodes-TOTAL_FORMS" value="3"', content)
    # Fixed, the same page saves.
    response = employer_client.post(reverse("offers:create"), COUNTER_CASES[case](offer_data()))
    assert response.status_code == 302
    assert Offer.objects.get().periods.count() == 1


def test_seven_period_rows_are_refused_in_french(employer_client):
    start, end = next_week()
    rows = [
        (start + datetime.timedelta(weeks=i), end + datetime.timedelta(weeks=i), 1)
        for i in range(7)
    ]
    data = _without(offer_data(periods=rows), *COUNTERS)
    response = employer_client.post(reverse("offers:create"), data)
    assert response.status_code == 200
    assert "Indiquez 6 périodes au plus." in response.content.decode()
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/espace/offres/abc/",
        "/espace/offres/abc/modifier/",
        "/espace/offres/-1/",
        "/espace/offres/99999999999999999999/",
        "/espace/offres/99999999999999999999/modifier/",
        "/offres/abc/",
        "/offres/99999999999999999999/",
        "/espace/offres/%00/",
        "/espace/structure/invitation/%00abc/",
        "/espace/structure/invitation/" + "a" * HUGE + "/",
    ],
)
def test_malformed_urls_are_404(employer_client, url):
    assert employer_client.get(url).status_code == 404


@pytest.mark.parametrize("action", ["supprimer", "approve", "publish", "%00", "a" * 1000])
def test_unknown_or_forbidden_employer_action_is_404_and_changes_nothing(
    employer_client, employer, action
):
    offer = OfferFactory(organisation=employer.membership.organisation, state=State.SUBMITTED)
    response = employer_client.post(f"/espace/offres/{offer.pk}/{action}/")
    assert response.status_code == 404
    assert Offer.objects.get(pk=offer.pk).state == State.SUBMITTED
    assert not OfferTransition.objects.exists()


@pytest.mark.parametrize("query", ["\x00", "a\x00b", "x" * HUGE, "<script>", "75"])
def test_commune_suggestions_never_fail(employer_client, query):
    response = employer_client.get(reverse("reference:commune_suggestions"), {"q": query})
    assert response.status_code == 200
    assert response.json() == {"results": []}


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


# --- The invitation form -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", REQUIRED),
        ("pas-une-adresse", "Saisissez une adresse de courriel valide."),
        (f"{SCRIPT}@exemple.fr", "Saisissez une adresse de courriel valide."),
        ("a" * 244 + "@exemple.fr", too_long(254, 255)),
        ("a" * (HUGE - 11) + "@exemple.fr", too_long(254, HUGE)),
        ("lou\x00@exemple.fr", NUL),
    ],
)
def test_invitation_bad_email(employer_client, email, message):
    response = employer_client.post(reverse("organisations:detail"), {"email": email})
    assert_refused(response, "id_email", message, typed=email or None)
    assert not Invitation.objects.exists()


def test_invitation_of_a_member(employer_client, employer):
    response = employer_client.post(reverse("organisations:detail"), {"email": employer.email})
    assert_refused(response, "id_email", "Cette personne fait déjà partie de votre structure.")
    assert not Invitation.objects.exists()


# --- The signup form -----------------------------------------------------------------------


def signup_data(**overrides):
    return {
        "first_name": "Lou",
        "last_name": "Bernard",
        "role": "employer",
        "school": "",
        "email": "lou.bernard@exemple.fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | overrides


def test_signup_empty_submission(client):
    response = client.post(reverse("account_signup"), {name: "" for name in signup_data()})
    for field in ("first_name", "last_name", "role", "email", "password1"):
        assert_refused(response, f"id_{field}", REQUIRED)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": "L" * 151}, "first_name", too_long(150)),
        ({"last_name": "B" * HUGE}, "last_name", too_long(150, HUGE)),
        ({"email": "a" * 244 + "@exemple.fr"}, "email", too_long(254, 255)),
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse de courriel valide."),
        ({"first_name": "L\x00u"}, "first_name", NUL),
        ({"last_name": "\x00"}, "last_name", NUL),
        ({"email": "lou\x00@exemple.fr"}, "email", NUL),
        (
            {"password1": "Gre\x00nouille-2025", "password2": "Gre\x00nouille-2025"},
            "password1",
            NUL,
        ),
        (
            {"role": "moderator"},
            "role",
            "Sélectionnez un choix valide. moderator n’en fait pas partie.",
        ),
        ({"role": "pupil"}, "school", "Choisissez votre établissement scolaire."),
        (
            {"role": "pupil", "school": "ZZZ"},
            "school",
            "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles.",
        ),
        ({"role": "pupil", "school": "\x00"}, "school", NUL),
    ],
)
def test_signup_bad_input(client, overrides, field, message):
    SchoolFactory()
    data = signup_data(**overrides)
    response = client.post(reverse("account_signup"), data)
    typed = data[field] if field in ("first_name", "last_name", "email") else None
    assert_refused(response, f"id_{field}", message, typed=typed)
    assert not User.objects.exists()


def test_signup_script_in_names_is_stored_as_text(client):
    response = client.post(reverse("account_signup"), signup_data(first_name=SCRIPT))
    assert response.status_code == 302
    assert User.objects.get().first_name == SCRIPT


# --- Moderation decisions -----------------------------------------------------------------

DECISION_FORMS = {
    "reject": ("reject-message", "Indiquez le motif du refus."),
    "request_changes": ("changes-message", "Indiquez les modifications à apporter."),
}


@pytest.fixture
def submitted(db):
    offer = OfferFactory(state=State.SUBMITTED, submitted_at=timezone.now())
    EmployerFactory(organisation=offer.organisation)
    return offer


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("", None),
        ("   \n ", None),
        ("x" * 2001, too_long(2000)),
        ("x" * HUGE, too_long(2000, HUGE)),
        ("Adresse\x00 hors région", NUL),
    ],
)
@pytest.mark.parametrize("decision", DECISION_FORMS)
def test_moderation_decision_bad_message(moderator_client, submitted, decision, message, error):
    name, required = DECISION_FORMS[decision]
    response = moderator_client.post(
        reverse("offers:moderation_review", args=[submitted.pk]),
        {"decision": decision, name: message},
    )
    assert_refused(response, f"id_{name}", error or required, typed=message.strip() or None)
    assert Offer.objects.get(pk=submitted.pk).state == State.SUBMITTED
    assert not OfferTransition.objects.exists()


@pytest.mark.parametrize("decision", ["", "delete", "archive", "\x00", "x" * HUGE, None])
def test_moderation_unknown_decision_changes_nothing(moderator_client, submitted, decision):
    url = reverse("offers:moderation_review", args=[submitted.pk])
    data = {"reject-message": "Motif"} | ({} if decision is None else {"decision": decision})
    response = moderator_client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Décision inconnue : rien n&#x27;a été enregistré." in response.content.decode()
    assert Offer.objects.get(pk=submitted.pk).state == State.SUBMITTED
    assert not OfferTransition.objects.exists()


@pytest.mark.parametrize("decision", DECISION_FORMS)
def test_moderation_script_in_message_is_stored_as_text_and_shown_escaped(
    client, submitted, decision
):
    name, _ = DECISION_FORMS[decision]
    log_in(client, ModeratorFactory())
    url = reverse("offers:moderation_review", args=[submitted.pk])
    response = client.post(url, {"decision": decision, name: SCRIPT})
    assert response.status_code == 302
    assert submitted.transitions.get().message == SCRIPT
    employer = submitted.organisation.memberships.get().user
    pages = [client.get(url)]
    client.force_login(employer)
    pages += [client.get(reverse("offers:manage", args=[submitted.pk]))]
    pages += [client.get(reverse("offers:edit", args=[submitted.pk]))]
    for page in pages:
        assert page.status_code == 200
        content = page.content.decode()
        assert "<script>alert(1)" not in content and ESCAPED_SCRIPT in content


@pytest.mark.parametrize(
    "pks", [["abc"], ["\x00"], ["²"], ["9" * 18], ["9" * 30], ["-1"], ["1" * HUGE]]
)
def test_bulk_approve_with_garbage_ids(moderator_client, submitted, pks):
    response = moderator_client.post(reverse("offers:moderation_bulk_approve"), {"offers": pks})
    assert response.status_code == 302
    assert Offer.objects.get(pk=submitted.pk).state == State.SUBMITTED


# --- Account deletion ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", REQUIRED),
        ("pas-le-bon", "Mot de passe incorrect."),
        ("x" * HUGE, "Mot de passe incorrect."),
        ("motdepasse-solide-42\x00", NUL),
        (SCRIPT, "Mot de passe incorrect."),
    ],
)
def test_account_deletion_bad_password(client, password, message):
    user = EmployerFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": password})
    assert_refused(response, "id_password", message)
    if password:
        assert html.escape(password[:50]) not in response.content.decode()  # never echoed
    assert User.objects.filter(pk=user.pk).exists()
    assert client.session["_auth_user_id"] == str(user.pk)

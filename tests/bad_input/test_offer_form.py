"""The offer form, created and edited: each field's bad input refused in French."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer, State
from offers.services import move
from reference.periods import school_year_bounds
from tests.bad_input.checks import (
    ESCAPED_SCRIPT,
    HUGE,
    NUL,
    OUTSIDE,
    SCRIPT,
    assert_refused,
    errors_beside,
    snapshot,
    too_long,
)
from tests.factories import (
    ModeratorFactory,
    OfferFactory,
)
from tests.offers_employer.helpers import next_week, offer_data

pytestmark = pytest.mark.django_db


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

import datetime

import pytest

from offers.forms import OfferEditor
from offers.models import Offer, Public
from reference.periods import coming_seconde_period
from stages_bfc import french
from tests.factories import OfferFactory

from .helpers import as_query_dict, offer_data

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)
WEEK = (datetime.date(2027, 1, 18), datetime.date(2027, 1, 22))


def editor(organisation=None, instance=None, **overrides):
    data = offer_data(periods=[(*WEEK, 2)], **overrides)
    return OfferEditor(
        as_query_dict(data), organisation=organisation, instance=instance, today=TODAY
    )


def test_valid_form_saves_a_draft_with_its_periods(employer):
    organisation = employer.membership.organisation
    form = editor(organisation)
    assert form.is_valid(), (form.form.errors, form.periods.errors)
    offer = form.save(actor=employer)
    assert offer.state == "draft" and offer.organisation == organisation
    assert offer.commune.insee == "25056" and offer.publics == ["3e"]
    assert [(p.start, p.end, p.places) for p in offer.periods.all()] == [(*WEEK, 2)]
    assert offer.transitions.get().message == "Offre créée"


def test_seconde_period_dates_are_shown_in_french():
    period = coming_seconde_period(TODAY)
    assert (period.start, period.end) == (datetime.date(2027, 6, 14), datetime.date(2027, 6, 25))
    assert french.date_range(period.start, period.start + datetime.timedelta(days=4)) == (
        "du 14 au 18 juin 2027"
    )
    assert french.date_range(datetime.date(2027, 6, 28), datetime.date(2027, 7, 2)) == (
        "du 28 juin au 2 juillet 2027"
    )
    assert french.date_range(
        datetime.date(2026, 12, 28), datetime.date(2027, 1, 1), with_year=False
    ) == ("du 28 décembre au 1er janvier")  # the search's short week labels


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        ("week1", (datetime.date(2027, 6, 14), datetime.date(2027, 6, 18))),
        ("week2", (datetime.date(2027, 6, 21), datetime.date(2027, 6, 25))),
        ("both", (datetime.date(2027, 6, 14), datetime.date(2027, 6, 25))),
    ],
)
def test_seconde_weeks_become_periods(employer, week, expected):
    form = OfferEditor(
        as_query_dict(
            offer_data(publics=["seconde"], seconde_week=week, seconde_places="4", periods=[])
            | {f"periodes-0-{name}": "" for name in ("start", "end", "places")}
        ),
        organisation=employer.membership.organisation,
        today=TODAY,
    )
    assert form.is_valid(), (form.form.errors, form.periods.non_form_errors())
    offer = form.save()
    assert [(p.start, p.end, p.places) for p in offer.periods.all()] == [(*expected, 4)]


def test_seconde_choices_show_dates(employer):
    form = editor(employer.membership.organisation)
    labels = [label for _, label in form.form.fields["seconde_week"].choices]
    assert labels[0] == "Semaine 1 : du 14 au 18 juin 2027"


def test_seconde_requires_a_week_and_places(employer):
    form = editor(employer.membership.organisation, publics=["seconde", "3e"])
    assert not form.is_valid()
    assert form.form.errors["seconde_week"] == [
        "Choisissez la ou les semaines d'accueil des élèves de seconde."
    ]
    assert form.form.errors["seconde_places"] == ["Indiquez combien d'élèves de seconde."]


def test_seconde_plus_other_public_keeps_both_kinds_of_periods(employer):
    form = editor(
        employer.membership.organisation,
        publics=["seconde", "3e"],
        seconde_week="week2",
        seconde_places="1",
    )
    assert form.is_valid()
    offer = form.save()
    assert offer.periods.count() == 2


def test_publics_are_required():
    form = editor(publics=[])
    assert not form.is_valid()
    assert form.form.errors["publics"] == ["Cochez au moins un public."]


def test_other_publics_need_a_date_range(employer):
    data = offer_data(periods=[(*WEEK, 2)])
    data.update({"periodes-0-start": "", "periodes-0-end": "", "periodes-0-places": ""})
    form = OfferEditor(as_query_dict(data), today=TODAY)
    assert not form.is_valid()
    assert "Indiquez au moins une période" in form.periods.non_form_errors()[0]


def test_only_seconde_refuses_other_dates():
    form = editor(publics=["seconde"], seconde_week="week1", seconde_places="2")
    assert not form.is_valid()
    assert "période nationale" in form.periods.non_form_errors()[0]


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (("2027-01-22", "2027-01-18", "2"), "end", "La date de fin doit suivre la date de début."),
        (("2026-11-02", "2026-11-06", "2"), "start", "Cette date est passée."),
        (("2027-08-23", "2027-09-03", "2"), "end", "La période doit tenir dans une seule"),
        (("2027-01-18", "2027-01-22", "0"), "places", "Indiquez au moins 1 place."),
        (("2027-01-18", "2027-01-22", "36"), "places", "35 places au plus par période."),
        (("2027-01-18", "", "2"), "end", "Indiquez la date de fin."),
        (("2029-01-15", "2029-01-19", "2"), "start", "Proposez des dates de l'année scolaire"),
    ],
)
def test_date_range_rules(row, field, message):
    data = offer_data(periods=[(*WEEK, 2)])
    data.update(
        dict(zip(["periodes-0-start", "periodes-0-end", "periodes-0-places"], row, strict=True))
    )
    form = OfferEditor(as_query_dict(data), today=TODAY)
    assert not form.is_valid()
    assert form.periods.forms[0].errors[field][0].startswith(message)


def test_range_inside_next_school_year_is_accepted(employer):
    data = offer_data(periods=[(datetime.date(2027, 9, 6), datetime.date(2027, 9, 10), 3)])
    form = OfferEditor(
        as_query_dict(data), organisation=employer.membership.organisation, today=TODAY
    )
    assert form.is_valid()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"hours_end": "08:00"}, "hours_end", "L'heure de départ doit suivre l'heure d'arrivée."),
        ({"hours_start": ""}, "hours_start", "Indiquez l'heure d'arrivée."),
        (
            {"accessible": "oui", "accessibility_details": " "},
            "accessibility_details",
            "Précisez ce qui rend le lieu accessible",
        ),
        ({"accessible": ""}, "accessible", "Répondez par oui ou par non."),
        ({"tutor_email": "pas-un-email"}, "tutor_email", "Adresse e-mail incomplète"),
        ({"sector": ""}, "sector", "Choisissez un secteur d'activité."),
        ({"commune": "Atlantide"}, "commune", "Nous ne trouvons pas la commune"),
    ],
)
def test_offer_rules(overrides, field, message):
    form = editor(**overrides)
    assert not form.is_valid()
    assert form.form.errors[field][0].startswith(message)


def test_tutor_help_text_says_never_public():
    form = editor()
    assert "jamais affichées publiquement" in form.form.fields["tutor_name"].help_text


def test_edit_form_splits_seconde_week_from_other_periods(employer):
    period = coming_seconde_period(TODAY)
    offer = OfferFactory(
        organisation=employer.membership.organisation,
        publics=[Public.SECONDE, Public.TROISIEME],
        periods=[(period.weeks[1], period.end, 3), (*WEEK, 2)],
    )
    form = OfferEditor(instance=Offer.objects.get(pk=offer.pk), today=TODAY)
    assert form.form.initial["seconde_week"] == "week2"
    assert form.form.initial["seconde_places"] == 3
    assert form.periods.initial == [{"start": WEEK[0], "end": WEEK[1], "places": 2}]
    assert form.form["commune"].value() == "Besançon (25)"


def test_two_periods_with_the_same_dates_are_refused_not_merged(employer):
    organisation = employer.membership.organisation
    twice = OfferEditor(
        as_query_dict(offer_data(periods=[(*WEEK, 2), (*WEEK, 3)])),
        organisation=organisation,
        today=TODAY,
    )
    assert not twice.is_valid()
    assert twice.form.non_field_errors() == [
        "Deux périodes vont du 18 au 22 janvier 2027 : gardez-en une, avec toutes ses places."
    ]
    week1 = (datetime.date(2027, 6, 14), datetime.date(2027, 6, 18))
    typed_again = OfferEditor(  # the seconde week, and the same week typed as a date range
        as_query_dict(
            offer_data(
                publics=["seconde", "3e"],
                seconde_week="week1",
                seconde_places="4",
                periods=[(*week1, 2)],
            )
        ),
        organisation=organisation,
        today=TODAY,
    )
    assert not typed_again.is_valid()
    # The seconde week typed among the other publics' periods: it belongs in the seconde block.
    assert (
        typed_again.periods.forms[0]
        .errors["start"][0]
        .startswith("Ces dates sont celles des semaines de seconde")
    )
    assert not Offer.objects.exists()


def test_a_street_over_the_national_limit_is_refused_for_college_and_seconde(employer):
    """The national platform takes 200 characters: the host is told at once, in French."""
    organisation = employer.membership.organisation
    form = editor(organisation, street="3 rue " + "x" * 195)  # 201 characters, for 3e
    assert not form.is_valid()
    assert "L'adresse compte 201 caractères" in form.form.errors["street"][0]
    assert "200 au plus" in form.form.errors["street"][0]
    assert editor(organisation, street="3 rue " + "x" * 194).is_valid()
    assert editor(organisation, street="3 rue " + "x" * 195, publics=["post_bac"]).is_valid()

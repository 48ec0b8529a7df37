"""Which period is for whom: the seconde weeks for seconde pupils only, never for
collégiens (the offer form refuses it, in French), and each period says whom it is for."""

import datetime

import pytest

from offers import audiences
from offers.forms import PeriodFormSet
from offers.models import Public
from reference.periods import seconde_period

NATIONAL = seconde_period(2027)
(WEEK1, FRIDAY1), (WEEK2, FRIDAY2) = NATIONAL.working_weeks
TODAY = datetime.date(2026, 12, 3)
JANUARY = (datetime.date(2027, 1, 18), datetime.date(2027, 1, 22))


def formset(publics, start, end):
    data = {
        "periodes-TOTAL_FORMS": "1",
        "periodes-INITIAL_FORMS": "0",
        "periodes-0-start": start.isoformat(),
        "periodes-0-end": end.isoformat(),
        "periodes-0-places": "2",
    }
    return PeriodFormSet(data, prefix="periodes", publics=publics, form_kwargs={"today": TODAY})


def test_an_employer_cannot_offer_the_seconde_weeks_to_collegiens():
    periods = formset([Public.TROISIEME], WEEK1, FRIDAY1)
    assert not periods.is_valid()
    assert periods.forms[0].errors["start"] == [
        "Les semaines de seconde (du 14 au 25 juin 2027) sont réservées aux élèves de "
        "seconde : proposez d'autres dates aux collégiens."
    ]


def test_dates_overlapping_the_seconde_weeks_are_refused_to_collegiens_too():
    periods = formset([Public.QUATRIEME, Public.ADULTE], datetime.date(2027, 6, 7), FRIDAY1)
    assert not periods.is_valid()
    assert "réservées aux élèves de seconde" in periods.forms[0].errors["start"][0]


def test_the_seconde_weeks_typed_among_the_other_periods_go_in_the_seconde_block():
    periods = formset([Public.SECONDE, Public.LYCEE_PRO], WEEK2, FRIDAY2)
    assert not periods.is_valid()
    assert periods.forms[0].errors["start"] == [
        "Ces dates sont celles des semaines de seconde (du 14 au 25 juin 2027) : "
        "choisissez-les plus haut, dans « Élèves de seconde »."
    ]


@pytest.mark.parametrize(
    ("publics", "dates"),
    [
        ([Public.TROISIEME], JANUARY),
        ([Public.LYCEE_PRO, Public.ADULTE], (WEEK1, FRIDAY1)),  # June PFMP: not collégiens
        ([Public.TROISIEME, Public.SECONDE], JANUARY),
    ],
)
def test_other_periods_are_accepted(publics, dates):
    assert formset(publics, *dates).is_valid()


@pytest.mark.parametrize(
    ("publics", "dates", "label"),
    [
        ([Public.SECONDE, Public.TROISIEME], (WEEK1, FRIDAY2), "Pour les élèves de seconde générale et technologique"),
        ([Public.SECONDE, Public.TROISIEME], JANUARY, "Pour les collégiens de 3e"),
        ([Public.QUATRIEME, Public.TROISIEME, Public.APPRENTI], JANUARY,
         "Pour les collégiens de 4e et de 3e et les apprentis"),
        ([Public.LYCEE_PRO], (WEEK1, FRIDAY1), "Pour les élèves de lycée professionnel"),
    ],
)  # fmt: skip
def test_each_period_says_whom_it_is_for(publics, dates, label):
    assert audiences.period_label(publics, *dates) == label


def test_reserved_to_names_the_publics():
    assert (
        audiences.reserved_to([Public.TROISIEME]) == "Cette offre est réservée aux collégiens de 3e"
    )
    assert audiences.reserved_to([Public.ADULTE, Public.POST_BAC]) == (
        "Cette offre est réservée aux étudiants post-bac et aux adultes en reconversion"
    )

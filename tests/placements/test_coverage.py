"""What each level needs, what placements cover, and the teacher's words for it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements import coverage
from placements.coverage import COMPLETE, NONE, PARTIAL, Span
from placements.levels import Level
from placements.models import AppState, Enrolment, ExternalPlacement, TrainingPeriod
from reference.models import School
from reference.periods import seconde_period
from tests.factories import SchoolFactory

from .factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil, this_school_year

YEAR = 2027
WEEK1, WEEK2 = seconde_period(YEAR).working_weeks  # 14–18 and 21–25 June 2027


def measure(level, *spans, **kwargs):
    return coverage.measure(
        level=level, school_year=YEAR, placements=[Span(*s) for s in spans], **kwargs
    )


@pytest.mark.parametrize(
    ("spans", "status", "label"),
    [
        ([], NONE, "aucune"),
        ([WEEK1], PARTIAL, "1 semaine sur 2 : il manque la semaine du 21 juin"),
        ([WEEK2], PARTIAL, "1 semaine sur 2 : il manque la semaine du 14 juin"),
        ([WEEK1, WEEK2], COMPLETE, "2 semaines sur 2"),
        ([(WEEK1[0], WEEK2[1])], COMPLETE, "2 semaines sur 2"),
        # A placement in February does not count for the national weeks.
        ([(datetime.date(2027, 2, 1), datetime.date(2027, 2, 5))], NONE, "aucune"),
        # Last school year's June does not count either.
        ([seconde_period(YEAR - 1).working_weeks[0]], NONE, "aucune"),
    ],
)
def test_seconde_needs_the_two_national_weeks(spans, status, label):
    result = measure(Level.SECONDE, *spans)
    assert (result.status, result.label) == (status, label)
    assert result.needed == 2


@pytest.mark.parametrize(
    ("spans", "days", "status", "label"),
    [
        ([], 5, NONE, "aucun jour"),
        (
            [(datetime.date(2027, 2, 1), datetime.date(2027, 2, 3))],
            5,
            PARTIAL,
            "3 jours sur 5 : il manque 2 jours",
        ),
        ([(datetime.date(2027, 2, 1), datetime.date(2027, 2, 5))], 5, COMPLETE, "5 jours sur 5"),
        # Saturday and Sunday are not working days; overlapping placements count once.
        (
            [
                (datetime.date(2027, 2, 4), datetime.date(2027, 2, 9)),
                (datetime.date(2027, 2, 8), datetime.date(2027, 2, 9)),
            ],
            5,
            PARTIAL,
            "4 jours sur 5 : il manque 1 jour",
        ),
        ([(datetime.date(2027, 2, 1), datetime.date(2027, 2, 3))], 3, COMPLETE, "3 jours sur 3"),
    ],
)
def test_college_needs_its_observation_days(spans, days, status, label):
    result = measure(Level.TROISIEME, *spans, observation_days=days)
    assert (result.status, result.label) == (status, label)


def test_lycee_pro_needs_each_declared_period():
    periods = [
        Span(datetime.date(2026, 11, 16), datetime.date(2026, 12, 11)),
        Span(datetime.date(2027, 3, 1), datetime.date(2027, 3, 26)),
    ]
    nothing = measure(Level.SECONDE_PRO, training_periods=periods)
    assert (nothing.status, nothing.label) == (NONE, "aucune")
    first = measure(Level.SECONDE_PRO, (periods[0].start, periods[0].end), training_periods=periods)
    assert first.status == PARTIAL
    assert first.label == "1 période sur 2 : il manque la période du 1er au 26 mars 2027"
    half = measure(
        Level.SECONDE_PRO, (periods[1].start, datetime.date(2027, 3, 12)), training_periods=periods
    )
    assert half.status == PARTIAL and half.covered == 0
    both = measure(
        Level.SECONDE_PRO,
        (periods[0].start, periods[0].end),
        (periods[1].start, periods[1].end),
        training_periods=periods,
    )
    assert (both.status, both.label) == (COMPLETE, "2 périodes sur 2")


def test_other_levels_choose_and_a_pro_class_without_periods_too():
    assert measure(Level.POST_BAC).label == "aucun stage"
    assert measure(Level.ADULTE, WEEK1).status == COMPLETE
    assert measure(Level.CAP, WEEK1, WEEK2).label == "2 stages"


@pytest.mark.django_db
def test_a_class_reads_in_four_queries_whatever_its_size():
    school_class = SchoolClassFactory()
    year = school_class.school_year
    week1, week2 = seconde_period(year).working_weeks
    pupils = [enrolled_pupil(school_class) for _ in range(6)]
    for pupil in pupils[:3]:
        ApplicationFactory(pupil=pupil, state=AppState.CONFIRMED, start=week1[0], end=week1[1])
    ApplicationFactory(pupil=pupils[0], state=AppState.CONFIRMED, start=week2[0], end=week2[1])
    ApplicationFactory(pupil=pupils[4], start=week2[0], end=week2[1])  # pending: not covered
    ExternalPlacement.objects.create(
        pupil=pupils[5],
        school_year=year,
        host_name="Mairie",
        commune="Dole",
        start=week1[0],
        end=week2[1],
    )
    with CaptureQueriesContext(connection) as queries:
        result = coverage.for_class(school_class)
    assert len(queries) == 4
    assert [result[p.pk].status for p in pupils] == [
        COMPLETE,
        PARTIAL,
        PARTIAL,
        NONE,
        NONE,
        COMPLETE,
    ]
    assert result[pupils[1].pk].missing == (Span(*week2),)


@pytest.mark.django_db
def test_many_schools_at_once_from_a_queryset():
    college = SchoolFactory(uai="0210001M", name="Collège Claude Guyot", kind=School.Kind.COLLEGE)
    pro = SchoolFactory(uai="0210002N", name="Lycée Le Castel", kind=School.Kind.LYCEE_PRO)
    third = SchoolClassFactory(school=college, level=Level.TROISIEME)
    pro_class = SchoolClassFactory(school=pro, level=Level.SECONDE_PRO)
    TrainingPeriod.objects.create(
        school_class=pro_class,
        start=datetime.date(this_school_year(), 3, 1),
        end=datetime.date(this_school_year(), 3, 5),
    )
    a, b = enrolled_pupil(third), enrolled_pupil(pro_class)
    result = coverage.for_enrolments(Enrolment.objects.filter(pupil__in=[a, b]))
    by_pupil = {c.pupil_id: c for c in result.values()}
    assert by_pupil[a.pk].need == "days" and by_pupil[a.pk].needed == 5
    assert by_pupil[b.pk].need == "periods" and by_pupil[b.pk].needed == 1
    assert coverage.counts(result.values()) == {COMPLETE: 0, PARTIAL: 0, NONE: 2}


@pytest.mark.django_db
def test_a_class_without_level_counts_as_its_schools_main_level():
    school_class = SchoolClassFactory(level="")
    pupil = enrolled_pupil(school_class)
    assert coverage.for_pupil(pupil).level == Level.SECONDE

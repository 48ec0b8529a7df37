import csv
import datetime
from pathlib import Path

import pytest

from reference.models import Commune, Department, School, Sector
from reference.periods import school_year_of, seconde_period
from reference.sectors import SUGGESTED, suggested_sector
from reference.text import fold, school_name


@pytest.mark.parametrize(
    ("year", "start", "end", "weeks"),
    [
        (2025, datetime.date(2025, 6, 16), datetime.date(2025, 6, 27), ["2025-W25", "2025-W26"]),
        (2026, datetime.date(2026, 6, 15), datetime.date(2026, 6, 26), ["2026-W25", "2026-W26"]),
        (2027, datetime.date(2027, 6, 14), datetime.date(2027, 6, 25), ["2027-W24", "2027-W25"]),
    ],
)
def test_seconde_period_follows_the_contract_examples(year, start, end, weeks):
    period = seconde_period(year)
    assert (period.start, period.end, period.iso_weeks) == (start, end, weeks)


@pytest.mark.parametrize("year", range(2024, 2060))
def test_seconde_period_is_two_full_weeks_ending_on_the_last_june_friday(year):
    period = seconde_period(year)
    assert period.start.weekday() == 0 and period.end.weekday() == 4
    assert (period.end - period.start).days == 11
    assert period.end.month == 6 and (period.end + datetime.timedelta(days=7)).month == 7


def test_school_year_turns_on_first_of_july():
    assert school_year_of(datetime.date(2026, 6, 30)) == 2026
    assert school_year_of(datetime.date(2026, 7, 1)) == 2027


def test_fold_removes_accents_case_and_punctuation():
    assert fold("Saint-Étienne-du-Bois") == "saint etienne du bois"
    assert fold("L'Isle-sur-le-Doubs") == "l isle sur le doubs"


@pytest.mark.django_db
def test_reference_data_loads_idempotently(reference_data):
    first = (Department.objects.count(), Commune.objects.count(), School.objects.count())
    from reference.loading import load_reference

    load_reference()
    assert (Department.objects.count(), Commune.objects.count(), School.objects.count()) == first
    assert first[0] == 8
    assert Sector.objects.count() == 51
    assert first[1] > 3500
    assert Commune.objects.get(insee="25056").name == "Besançon"
    assert set(Commune.objects.values_list("department", flat=True).distinct()) == {
        "21",
        "25",
        "39",
        "58",
        "70",
        "71",
        "89",
        "90",
    }


@pytest.mark.django_db
def test_communes_lie_in_the_region(reference_data):
    outside = Commune.objects.exclude(latitude__range=(46.1, 48.5), longitude__range=(2.8, 7.2))
    assert not outside.exists()


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("COLLEGE CLAUDE GUYOT", "Collège Claude Guyot"),
        ("LYCÉE GÉNÉRAL ET TECHNOLOGIQUE CARNOT", "Lycée général et technologique Carnot"),
        ("LYCÉE PROFESSIONNEL LES HUISSELETS", "Lycée professionnel Les Huisselets"),
        ("COLLEGE ROUGET DE L ISLE", "Collège Rouget de l'Isle"),
        ("COLLEGE PRIVE SAINTE JEANNE D ARC", "Collège privé Sainte Jeanne d'Arc"),
        ("LYCÉE POLYVALENT PRIEUR DE LA COTE D'OR", "Lycée polyvalent Prieur de la Côte d'Or"),
        ("LYCÉE PRIVÉ SAINT-JOSEPH - LA SALLE", "Lycée privé Saint-Joseph - La Salle"),
        ("LYCÉE DES MÉTIERS CAMILLE DU GAST", "Lycée des métiers Camille du Gast"),
        (
            "CENTRE SCOLAIRE NOTRE-DAME - LYCÉE POLYVALENT",
            "Centre scolaire Notre-Dame - Lycée polyvalent",
        ),
        ("COLLEGE DU PARC", "Collège du Parc"),
        ("LPO LES CATALINS", "LPO Les Catalins"),
        ("Lycée Carnot", "Lycée Carnot"),  # already in normal case: kept
    ],
)
def test_school_names_in_normal_case(raw, name):
    assert school_name(raw) == name


@pytest.mark.django_db
def test_schools_are_loaded_in_normal_case(reference_data):
    assert School.objects.get(uai="0210001M").name == "Collège Claude Guyot"
    names = list(School.objects.values_list("name", flat=True))
    assert len(names) == 515 and not [n for n in names if n == n.upper()]


@pytest.mark.parametrize(
    ("activity_code", "sector"),
    [
        ("10.71C", "s28"),  # bakery: food industry (division 10)
        ("47.61Z", "s19"),  # bookshop: its class, before retail's division
        ("47.11F", "s12"),  # supermarket: retail
        ("69.20Z", "s14"),  # accounting: its group
        ("84.11Z", "s25"),  # a commune's administration
        ("84.22Z", "s3"),  # defence
        ("96.02A", "s11"),  # hairdresser
        ("94.99Z", None),  # associations of no sector
        ("", None),
        ("x", None),
    ],
)
def test_an_activity_code_suggests_a_sector(activity_code, sector):
    assert suggested_sector(activity_code) == sector


def test_every_suggested_sector_is_on_the_national_list():
    path = Path(__file__).resolve().parents[1] / "reference" / "data" / "sectors.csv"
    with path.open(encoding="utf-8") as file:
        codes = {row["code"] for row in csv.DictReader(file)}
    assert set(SUGGESTED.values()) <= codes

"""The search's parameters, cleaned into a typed SearchParams."""

import pytest
from django.http import QueryDict

from search.filters import SearchParams, parse, seconde_weeks

pytestmark = pytest.mark.django_db


def params(query: str) -> SearchParams:
    return parse(QueryDict(query))[1]


def test_parameters_are_cleaned_into_typed_values(place, sectors):
    got = params(
        "q=Boulangerie+artisanale&commune=Dole&rayon=31&secteur=s28&secteur=s999"
        "&semaine=deux&du=2027-06-30&au=2027-01-01&accessible=on&places=5&tri=distance"
    )
    assert got.words == ("boulangerie", "artisanale")
    assert got.place == place["dole"] and got.radius == 31
    assert got.sectors == ("s28",)  # the unknown one dropped, with a notice
    assert (got.start.isoformat(), got.end.isoformat()) == ("2027-01-01", "2027-06-30")
    assert got.accessible is True and got.places == 5 and got.sort == "distance"
    (first, _), (second, _) = seconde_weeks()
    assert got.mondays() == [first, second]


def test_no_parameter_is_the_default_search(place):
    assert params("") == SearchParams()

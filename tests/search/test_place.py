"""The place field of the search, as people type it: postcode, homonyms, unknown, accents.

On the shipped reference data (reference_data). Each row: what is typed, the commune the
search centres on (None: no results), the notice's start, and the communes offered.
"""

import re

import pytest
from django.urls import reverse

from reference.communes import suggest
from search.filters import parse

pytestmark = pytest.mark.django_db

CASES = [
    # typed, centred on, notice starts with, communes offered (first ones, in order)
    ("39100", "Dole", "Le code postal 39100 regroupe 14 communes", ["Dole (39)"]),
    ("25000", "Besançon", None, []),  # one commune: no choice to make
    ("Dole", "Dole", None, []),
    ("dôle", "Dole", None, []),  # an accent too many
    ("besancon", "Besançon", None, []),  # accents left out
    ("CHALON SUR SAONE", "Chalon-sur-Saône", None, []),
    ("st claude", "Saint-Claude", None, []),
    (
        "Beaulieu",
        None,
        "Commune : Plusieurs communes correspondent",
        ["Beaulieu (58)", "Beaulieu (21)"],
    ),
    ("Beaulieu (21)", "Beaulieu", None, []),
    (
        "Paris",
        None,
        "Commune : Nous ne trouvons pas la commune « Paris »",
        ["Paris-l'Hôpital (71)"],
    ),
    ("besanson", None, "Commune : Nous ne trouvons pas", ["Besançon (25)"]),
    ("75001", None, "Commune : Nous ne trouvons pas", []),
]


@pytest.mark.parametrize(("typed", "centre", "notice", "offered"), CASES)
def test_commune_cases(reference_data, client, typed, centre, notice, offered):
    form, params = parse(_query(commune=typed))
    assert (params.place.name if params.place else None) == centre
    assert params.place_unknown == (centre is None)
    if notice:
        assert any(n.startswith(notice) for n in params.notices), params.notices
    else:
        assert params.notices == ()
    names = [f"{c.name} ({c.department_id})" for c in form.place_choices]
    assert names[: len(offered)] == offered

    page = client.get(reverse("search:offers"), {"commune": typed}).content.decode()
    links = re.findall(r'<a href="/stages/\?commune=[^"]*">([^<]*)</a>', page)
    assert [name.replace("&#x27;", "'") for name in links[: len(offered)]] == offered
    if centre is None:  # never the whole region as if the place had been understood
        assert "Commune introuvable : précisez-la pour voir les offres" in page


def test_a_postcode_searches_all_its_communes(reference_data):
    """Around the largest, the radius widened to reach every commune of the postcode."""
    form, params = parse(_query(commune="39100", rayon="5"))
    assert params.place.name == "Dole" and params.radius >= 10
    assert len(form.place_choices) == 14
    assert form.place_choices[0].population > form.place_choices[-1].population


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("dole", ["Dole (39)"]),  # the exact name before Villette-lès-Dole
        ("beau", ["Beaune (21)"]),  # prefix matches, the largest first
        ("39100", ["Dole (39)"]),  # a postcode: its largest commune first
        ("besan", ["Besançon (25)"]),
    ],
)
def test_suggestions_rank_exact_prefix_and_larger_first(reference_data, typed, first):
    assert [item["label"] for item in suggest(typed)][: len(first)] == first


def test_the_hint_is_announced(reference_data, client):
    """aria-describedby names ids that exist: the hint's, and the error's when there is one."""
    for typed in ("", "Paris"):
        page = client.get(reverse("search:offers"), {"commune": typed}).content.decode()
        described = re.search(r'<input[^>]*id="id_commune"[^>]*>', page).group()
        ids = re.search(r'aria-describedby="([^"]*)"', described).group(1).split()
        assert "id_commune_helptext" in ids
        for id_ in ids:
            assert f'id="{id_}"' in page, id_


def _query(**values):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update(values)
    return query

"""The search form's widgets written in Python (search/widgets.py) give Django's markup."""

import re

import pytest
from django.http import QueryDict

from search.filters import OfferSearchFilter
from search.queries import live_entries
from stages_bfc.forms import FormRenderer

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "q=boulangerie&commune=Dole&rayon=30&semaine=1&tri=distance",
    "q=\"><script>alert(1)</script>&commune=L'Isle & co&rayon=abc",
    "du=2026-13-45&au=demain&accessible=on&places=5&semaine=deux&tri=inconnu",
    "rayon=17&places=1&accessible=&semaine=2&du=2027-06-14&au=2027-06-25",
]


def normalised(html) -> str:
    return re.sub(r"\s*\n\s*", "\n", str(html)).strip()


@pytest.mark.parametrize("query", QUERIES)
def test_python_widgets_match_the_templates(query, place):
    form = OfferSearchFilter(QueryDict(query), queryset=live_entries()).form
    form.is_valid()
    fields = [
        name
        for name in form.fields
        if name not in {"departement", "secteur", "public", "structure"}
    ]
    assert len(fields) == 9
    for name in fields:
        fast = form[name].as_widget()
        form.renderer = FormRenderer()
        slow = form[name].as_widget()
        form.renderer = type(form).default_renderer
        assert normalised(fast) == normalised(slow), name
    assert "<script>" not in "".join(str(form[name]) for name in fields)

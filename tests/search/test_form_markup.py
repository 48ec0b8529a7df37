"""The search page's markup: the form's inputs are Django's widgets, the cards and the
checkboxes are written by templates, and no module of search/ writes HTML."""

import datetime
import re
from pathlib import Path

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

import search
from search.filters import parse
from search.presenters import CheckboxGroup, Option
from search.selectors import Card, CardPeriod

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


def flat(html) -> str:
    """One line, no whitespace at the edges of tags: markup compared as a browser reads it."""
    return re.sub(r"\s*([<>])\s*", r"\1", " ".join(str(html).split()))


@pytest.mark.parametrize("query", QUERIES)
def test_the_page_writes_the_forms_widgets(query, client, place):
    form, _ = parse(QueryDict(query))
    fields = [
        name
        for name in form.fields
        if name not in {"departement", "secteur", "public", "structure"}
    ]
    assert len(fields) == 9
    page = normalised(client.get(reverse("search:offers") + "?" + query).content.decode())
    for name in fields:
        assert normalised(form[name]) in page, name
    assert "<script>" not in "".join(str(form[name]) for name in fields)
    assert "<script>alert" not in page


def test_card_markup():
    card = Card(
        id=7,
        title="Boulangerie <b>&</b> co",
        host_name="L'Atelier",
        host_type="Entreprise",
        commune="Dole",
        department="39",
        distance_km=12,
        sector="Alimentation",
        periods=[
            CardPeriod(datetime.date(2027, 6, 28), datetime.date(2027, 7, 2), 1),
            CardPeriod(datetime.date(2027, 9, 1), datetime.date(2027, 9, 5), 3),
        ],
        publics=["3e", "seconde"],
        accessible=True,
    )
    html = flat(render_to_string("search/_card.html", {"card": card}))
    url = reverse("offers:detail", args=[7])
    assert html == flat(
        f"""<li class="result-card">
<h3><a href="{url}">Boulangerie &lt;b&gt;&amp;&lt;/b&gt; co</a></h3>
<p class="result-host">L&#x27;Atelier · Entreprise</p>
<dl class="result-facts">
<div><dt>Lieu</dt><dd>Dole (39) · à 12 km</dd></div>
<div><dt>Secteur</dt><dd>Alimentation</dd></div>
<div><dt>Périodes</dt><dd><ul class="plain-list">
<li>du 28 juin au 2 juillet 2027 : 1 place restante</li>
<li>du 1er au 5 septembre 2027 : 3 places restantes</li></ul></dd></div>
<div><dt>Public</dt><dd>Collégiens de 3e, Seconde générale et technologique</dd></div>
<div><dt>Accessible aux élèves en situation de handicap</dt><dd>Oui</dd></div>
</dl>
</li>"""
    )
    near = render_to_string(
        "search/_card.html", {"card": Card(**{**vars(card), "distance_km": 0, "accessible": False})}
    )
    assert "Dole (39) · moins de 1 km</dd>" in flat(near)
    assert "<dd>Non</dd>" in flat(near)  # as the offer page says
    nowhere = render_to_string(
        "search/_card.html", {"card": Card(**{**vars(card), "distance_km": None})}
    )
    assert "<dd>Dole (39)</dd>" in flat(nowhere)


def test_checkbox_markup():
    group = CheckboxGroup(
        name="secteur",
        label="Secteur",
        options=[
            Option(
                value="s1", label="Bois & ameublement", id="id_secteur_0", checked=False, count=3
            ),
            Option(value="s2", label="Santé", id="id_secteur_1", checked=True, count=0),
        ],
    )
    html = render_to_string("search/_facet.html", {"group": group})
    assert flat(html) == flat(
        """<fieldset class="facet"><legend>Secteur</legend><ul class="checkbox-list">
<li><label for="id_secteur_0"><input type="checkbox" name="secteur" value="s1" id="id_secteur_0">
<span>Bois &amp; ameublement <span class="facet-count" id="n-secteur-s1">(3)</span></span></label></li>
<li><label for="id_secteur_1"><input type="checkbox" name="secteur" value="s2" id="id_secteur_1" checked>
<span>Santé <span class="facet-count" id="n-secteur-s2">(0)</span></span></label></li>
</ul></fieldset>"""
    )
    # The label and its count stay apart by a space, the input and the label too.
    assert re.search(r'id="id_secteur_0"\s*>\s+<span>Bois &amp; ameublement\s+<span', html)
    uncounted = CheckboxGroup(
        name="structure",
        label="Type",
        options=[Option(value="company", label="Entreprise", id="x", checked=False, count=None)],
    )
    assert "facet-count" not in render_to_string("search/_facet.html", {"group": uncounted})
    oob = render_to_string("search/_facet_counts_oob.html", {"page": {"groups": {"s": group}}})
    assert flat(oob) == flat(
        '<span class="facet-count" id="n-secteur-s1" hx-swap-oob="true">(3)</span>'
        '<span class="facet-count" id="n-secteur-s2" hx-swap-oob="true">(0)</span>'
    )


def test_no_html_in_search_python():
    tag = re.compile(r"<(li|ul|ol|span|input|label|a|div|dl|dt|dd|h\d|p|select|option)[\s>]")
    for path in Path(search.__file__).parent.rglob("*.py"):
        assert not tag.search(path.read_text()), path

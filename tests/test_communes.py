import pytest
from django import forms

from reference.communes import AmbiguousCommune, CommuneField, CommuneNotFound, resolve, suggest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "insee"),
    [
        ("besancon", "25056"),
        ("Besançon", "25056"),
        ("  BESANÇON ", "25056"),
        ("25000", "25056"),
        ("chalon sur saone", "71076"),
        ("Chalon-sur-Saône", "71076"),
        ("Besançon (25)", "25056"),
        ("Besançon 25000", "25056"),
        ("25000 Besançon", "25056"),
        ("25056", "25056"),  # an INSEE code that no commune uses as postcode
        ("Beaulieu (21052)", "21052"),
    ],
)
def test_resolves_what_people_type(reference_data, typed, insee):
    assert resolve(typed).insee == insee


def test_homonyms_are_ambiguous_then_resolved_by_department(reference_data):
    with pytest.raises(AmbiguousCommune) as error:
        resolve("beaulieu")
    departments = {commune.department_id for commune in error.value.candidates}
    assert len(departments) > 1
    chosen = error.value.candidates[0]
    assert resolve(f"Beaulieu ({chosen.department_id})") == chosen


def test_shared_postcode_is_ambiguous(reference_data):
    with pytest.raises(AmbiguousCommune) as error:
        resolve("21110")
    assert len(error.value.candidates) > 1


def test_unknown_commune(reference_data):
    with pytest.raises(CommuneNotFound):
        resolve("Atlantide")
    with pytest.raises(CommuneNotFound):
        resolve("75001")


def test_misspelling_gets_suggestions(reference_data):
    with pytest.raises(CommuneNotFound) as error:
        resolve("besanson")
    assert "Besançon" in [commune.name for commune in error.value.suggestions]


class Form(forms.Form):
    commune = CommuneField()


def test_field_lists_candidates_as_name_and_department(reference_data):
    form = Form({"commune": "Beaulieu"})
    assert not form.is_valid()
    message = form.errors["commune"][0]
    assert message.startswith("Plusieurs communes correspondent à « Beaulieu » : ")
    assert "Beaulieu (21)" in message and "Beaulieu (58)" in message
    second = Form({"commune": "Beaulieu (58)"})
    assert second.is_valid() and second.cleaned_data["commune"].department_id == "58"


def test_field_with_many_communes_on_one_postcode_asks_for_the_name(reference_data):
    form = Form({"commune": "70000"})
    assert not form.is_valid()
    assert "Saisissez plutôt le nom de la commune" in form.errors["commune"][0]


def test_field_unknown_message(reference_data):
    form = Form({"commune": "Atlantide"})
    assert not form.is_valid()
    assert form.errors["commune"] == [
        "Nous ne trouvons pas la commune « Atlantide » en Bourgogne-Franche-Comté : "
        "vérifiez l'orthographe ou saisissez son code postal."
    ]


def test_suggest(reference_data):
    labels = [item["label"] for item in suggest("besan")]
    assert "Besançon (25)" in labels
    assert suggest("b") == []
    assert {item["postcode"] for item in suggest("25000")} == {"25000"}


def test_suggestion_endpoint(client, reference_data):
    from tests.factories import EmployerFactory

    client.force_login(EmployerFactory())
    response = client.get("/espace/communes/", {"q": "chalon sur"}, follow=True)
    assert response.status_code == 200
    assert "Chalon-sur-Saône (71)" in [item["label"] for item in response.json()["results"]]


def test_every_commune_field_points_at_the_one_suggestion_view(client):
    from django.urls import reverse

    from offers.forms import OfferForm
    from organisations.forms import OrganisationForm

    url = reverse("reference:commune_suggestions")
    for field in (OfferForm.base_fields["commune"], OrganisationForm.base_fields["commune"]):
        assert field.widget.attrs["data-commune-autocomplete"] == url
    assert f'data-commune-autocomplete="{url}"' in client.get(reverse("search:offers")).text


@pytest.mark.parametrize("former", ["offers:commune_suggestions", "search:communes"])
def test_former_suggestion_urls_redirect_with_the_query(client, former):
    from django.urls import reverse

    response = client.get(reverse(former), {"q": "besan"})
    assert response.status_code == 301
    assert response.url == reverse("reference:commune_suggestions") + "?q=besan"

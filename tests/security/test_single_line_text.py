"""One-line fields (titles, names) refuse line breaks and control characters, in French:
a title with a line break used to be accepted, then made its decision e-mail fail for ever."""

import pytest
from django.core.exceptions import ValidationError

from accounts.forms import SignupForm
from offers.forms import OfferEditor
from organisations.forms import OrganisationForm
from placements.forms import ClassForm, ExternalPlacementForm
from stages_bfc.forms import SINGLE_LINE_MESSAGE, validate_single_line
from tests.offers_employer.helpers import as_query_dict, offer_data

pytestmark = pytest.mark.django_db

MESSAGE = "Ce champ doit tenir sur une ligne, sans caractères de contrôle."
BAD = [
    "Boulangerie\nBcc: tous@exemple.fr",
    "Boulangerie\r\nSubject: gagné",
    "Tab\tulé",
    "Ligne\u2028séparée",
    "Nom\u202einversé",  # a bidi override turns the text around on screen
    "Espace\u200binvisible",
]


def test_the_message_is_french():
    assert SINGLE_LINE_MESSAGE == MESSAGE


@pytest.mark.parametrize("value", BAD)
def test_validator_refuses(value):
    with pytest.raises(ValidationError) as refused:
        validate_single_line(value)
    assert refused.value.messages == [MESSAGE]


@pytest.mark.parametrize("value", ["Découverte du métier de boulanger", "L'Œuf & Cie — 2de B"])
def test_validator_accepts_ordinary_text(value):
    validate_single_line(value)


@pytest.mark.parametrize("field", ["title", "tutor_name", "street", "lunch_break"])
def test_offer_title_with_a_line_break_is_refused(field):
    data = offer_data(**{field: "Découverte\ndu métier"})
    editor = OfferEditor(as_query_dict(data), organisation=None)
    assert not editor.is_valid()
    assert editor.form.errors[field] == [MESSAGE]


def test_offer_description_keeps_its_paragraphs():
    data = offer_data(description="Premier paragraphe.\n\nSecond paragraphe.")
    editor = OfferEditor(as_query_dict(data), organisation=None)
    editor.is_valid()
    assert "description" not in editor.form.errors


@pytest.mark.parametrize("field", ["name", "street"])
def test_organisation_name_is_one_line(field):
    form = OrganisationForm({field: "Fromagerie\ndu Haut-Doubs"})
    assert form.errors[field] == [MESSAGE]


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_signup_names_are_one_line(field):
    form = SignupForm({field: "Camille\r\nMartin"})
    assert form.errors[field] == [MESSAGE]


def test_class_and_host_names_are_one_line():
    assert ClassForm({"name": "2de\nB"}, current_year=2027).errors["name"] == [MESSAGE]
    form = ExternalPlacementForm({"host_name": "Garage\nMartin", "commune": "Dole\x07"})
    assert form.errors["host_name"] == [MESSAGE]
    assert form.errors["commune"] == [MESSAGE]

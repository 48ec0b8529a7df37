"""The sandbox follows the revised contract: street ≤ 200, the current school year's weeks,
the listing's shape, PATCH on deleted offers, the operator account, per-service limits."""

import datetime

import pytest
import requests

from national_sandbox import rules
from national_sandbox.api import make_token
from national_sandbox.models import SandboxOffer
from reference.periods import school_year_of, seconde_period
from tests.factories import SectorFactory

TODAY = datetime.date.today()
CURRENT = seconde_period(school_year_of(TODAY))
VALID = {
    "title": "Découverte de la boulangerie",
    "description": "Pétrir et cuire le pain.",
    "employer_name": "Boulangerie Comtoise",
    "employer_description": "Boulangerie artisanale.",
    "street": "12 rue des Granges",
    "zipcode": "25000",
    "city": "Besançon",
    "coordinates": {"latitude": 47.24, "longitude": 6.02},
    "sector_uuid": "s28",
    "grades": ["seconde"],
    "weeks": CURRENT.iso_weeks,
    "remote_id": "stages-bfc-7-seconde",
    "permalink": "https://stages.bfc.example/offres/7/",
}


@pytest.fixture
def call(sandbox, settings):
    base = settings.NATIONAL_API_URL
    headers = {"Authorization": f"Bearer {make_token(sandbox.config.email, 3600)}"}

    def send(method, path, body=None, url=None):
        return requests.request(method, url or base + path, json=body, headers=headers, timeout=5)

    return send


def test_a_201_character_street_is_a_validation_error_in_english(call):
    response = call(
        "POST", "/internship_offers", {"internship_offer": VALID | {"street": "x" * 201}}
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "VALIDATION_ERROR",
        "error": {"street": ["is too long (maximum is 200 characters)"]},
    }
    ok = call("POST", "/internship_offers", {"internship_offer": VALID | {"street": "x" * 200}})
    assert ok.status_code == 201


def test_an_unknown_sector_is_reported_under_sector(call):
    response = call(
        "POST", "/internship_offers", {"internship_offer": VALID | {"sector_uuid": "s99"}}
    )
    assert response.json()["error"] == {"sector": ["must exist"]}


def test_seconde_needs_the_current_years_two_weeks():
    later = seconde_period(school_year_of(TODAY) + 1).iso_weeks
    refused = rules.grades_and_weeks({"grades": ["seconde"], "weeks": later}, TODAY, True)
    assert refused[2] == (
        422,
        {
            "code": "WRONG_PARAMS",
            "error": "seconde internship offers must include both mandatory weeks",
        },
    )
    _, weeks, refusal = rules.grades_and_weeks(
        {"grades": ["seconde"], "weeks": CURRENT.iso_weeks}, TODAY, True
    )
    assert refusal is None and weeks == CURRENT.iso_weeks


def test_the_year_switches_on_1_july():
    june, july = datetime.date(2027, 6, 30), datetime.date(2027, 7, 1)
    body = {"grades": ["seconde"], "weeks": ["2028-W25", "2028-W26"]}
    assert rules.grades_and_weeks(body, june, True)[2][1]["code"] == "WRONG_PARAMS"
    assert rules.grades_and_weeks(body, july, True)[2] is None
    assert "2027-W40" not in rules.known_weeks(june)
    assert "2027-W40" in rules.known_weeks(july)
    assert "2027-W26" in rules.known_weeks(june) and "2027-W26" not in rules.known_weeks(july)


def test_unknown_weeks_and_grades_are_dropped_silently(call):
    unknown = f"{TODAY.year + 3}-W10"
    body = VALID | {"grades": ["troisieme", "cinquieme"], "weeks": [CURRENT.iso_weeks[0], unknown]}
    response = call("POST", "/internship_offers", {"internship_offer": body})
    assert response.status_code == 201
    assert response.json()["weeks"] == [CURRENT.iso_weeks[0]]
    assert response.json()["grades"] == ["troisieme"]
    assert SandboxOffer.objects.get().data["weeks"] == [CURRENT.iso_weeks[0]]


def test_an_empty_grade_list_means_seconde():
    grades, _, refusal = rules.grades_and_weeks(
        {"grades": [], "weeks": CURRENT.iso_weeks}, TODAY, True
    )
    assert refusal is None and grades == ["seconde"]


def test_patch_finds_deleted_offers_and_answers_200(call):
    assert call("POST", "/internship_offers", {"internship_offer": VALID}).status_code == 201
    path = f"/internship_offers/{VALID['remote_id']}"
    assert call("DELETE", path).status_code == 200
    response = call("PATCH", path, {"internship_offer": {"title": "Nouveau titre"}})
    assert response.status_code == 200
    stored = SandboxOffer.objects.get()
    assert stored.discarded_at is not None and stored.data["title"] == "Nouveau titre"
    assert call("PUT", path, {"internship_offer": {"title": "Encore"}}).status_code == 200
    assert call("DELETE", path).json()["code"] == "API_ALREADY_DESTROYED"
    again = call("POST", "/internship_offers", {"internship_offer": VALID})
    assert again.json()["code"] == "DUPLICATE_API"  # a deleted remote_id never comes back


def test_another_accounts_offer_is_403_on_patch_404_on_delete(call):
    SandboxOffer.objects.create(account="autre@exemple.fr", remote_id="theirs", data={})
    assert call("PATCH", "/internship_offers/theirs", {"internship_offer": {}}).status_code == 403
    assert call("DELETE", "/internship_offers/theirs").status_code == 404
    assert call("PATCH", "/internship_offers/nobody", {"internship_offer": {}}).status_code == 404


def test_the_listing_pages_by_full_urls_and_shows_what_the_platform_shows(call, settings):
    SectorFactory()
    for i in range(31):
        body = VALID | {"remote_id": f"stages-bfc-{i}-seconde"}
        assert call("POST", "/internship_offers", {"internship_offer": body}).status_code == 201
    first = call("GET", "/internship_offers?page=1").json()
    pagination = first["pagination"]
    assert pagination["nextPage"] == f"{settings.NATIONAL_API_URL}/internship_offers?page=2"
    assert pagination["isFirstPage"] and not pagination["isLastPage"]
    assert pagination["totalPages"] == 2 and len(first["internshipOffers"]) == 30
    item = first["internshipOffers"][0]
    assert not {"published_at", "sector_uuid", "max_candidates"} & set(item)
    assert item["sector"] == "Industrie alimentaire"
    monday = CURRENT.start
    assert item["weeks"].startswith(f"du {monday:%d/%m/%Y} au ")
    assert item["latitude"] == 47.24 and item["grades"] == ["seconde"]
    second = call("GET", None, url=pagination["nextPage"]).json()
    assert second["pagination"]["isLastPage"] and second["pagination"]["nextPage"] is None
    assert len(second["internshipOffers"]) == 1


def test_a_non_operator_account_is_denied_even_with_a_valid_token(call, sandbox):
    sandbox.config.is_operator = False
    sandbox.config.save()
    response = call("GET", "/internship_offers?page=1")
    assert response.status_code == 401
    assert response.json() == {"code": "UNAUTHORIZED", "error": "access denied"}


def test_the_limit_counts_offers_and_sectors_apart_and_not_the_login(call, sandbox, settings):
    sandbox.config.rate_limit = 2
    sandbox.config.window_seconds = 3600
    sandbox.config.save()
    statuses = [call("GET", "/internship_offers?page=1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert call("GET", "/sectors").status_code == 200  # its own counter
    login = {"email": sandbox.config.email, "password": sandbox.config.password}
    assert all(call("POST", "/auth/login", login).status_code == 200 for _ in range(3))

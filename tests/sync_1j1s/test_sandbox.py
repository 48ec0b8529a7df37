"""The sandbox answers malformed arguments as the national API does: 422, logged."""

import time

import pytest
import requests

from national_sandbox.api import make_token
from national_sandbox.models import SandboxCall, SandboxOffer


@pytest.fixture
def call(sandbox, settings):
    base = settings.NATIONAL_API_URL
    headers = {"Authorization": f"Bearer {make_token(sandbox.config.email, 3600)}"}

    def send(method, path, body):
        return requests.request(method, base + path, json=body, headers=headers, timeout=5)

    return send


def logged(method, status):
    """The sandbox logs a call just after answering it: wait a little for the row."""
    for _ in range(50):
        if found := SandboxCall.objects.filter(method=method, status=status).count():
            return found
        time.sleep(0.02)
    return 0


VALID = {
    "title": "Découverte de la boulangerie",
    "description": "Pétrir et cuire le pain.",
    "employer_name": "Boulangerie Comtoise",
    "employer_description": "Boulangerie artisanale.",
    "street": "12 rue des Granges",
    "zipcode": "25000",
    "city": "Besançon",
    "sector_uuid": "s12",
    "remote_id": "stages-bfc-2-college",
    "permalink": "https://stages.bfc.example/offres/2/",
}


@pytest.fixture
def stored(sandbox):
    return SandboxOffer.objects.create(
        account=sandbox.config.email, remote_id="stages-bfc-1-college", data={"title": "Stage"}
    )


@pytest.mark.parametrize("published_at", ["demain", "2027-13-45T00:00:00Z", 1718000000, ["x"]])
def test_malformed_published_at_is_422_bad_argument(call, stored, published_at):
    response = call(
        "PATCH",
        f"/internship_offers/{stored.remote_id}",
        {"internship_offer": {"published_at": published_at}},
    )
    assert response.status_code == 422
    assert response.json() == {"code": "BAD_ARGUMENT", "error": "published_at is invalid"}
    assert logged("PATCH", 422) == 1
    stored.refresh_from_db()
    assert stored.published_at is None and stored.writes == 1


def test_published_at_date_or_null_is_accepted(call, stored):
    path = f"/internship_offers/{stored.remote_id}"
    response = call("PATCH", path, {"internship_offer": {"published_at": "2026-09-01T08:00:00"}})
    assert response.status_code == 200
    assert response.json()["published_at"].startswith("2026-09-01T")
    response = call("PATCH", path, {"internship_offer": {"published_at": None}})
    assert response.status_code == 200 and response.json()["published_at"] is None


@pytest.mark.parametrize("grades", [[["troisieme"]], [{"grade": "seconde"}], [3], "troisieme"])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_grades_that_are_not_strings_are_422_bad_argument(call, stored, grades, method):
    body = {"internship_offer": VALID | {"grades": grades, "weeks": ["2027-W24"]}}
    if method == "PATCH":
        body = {"internship_offer": {"grades": grades, "weeks": ["2027-W24"]}}
    path = "/internship_offers" if method == "POST" else f"/internship_offers/{stored.remote_id}"
    response = call(method, path, body)
    assert response.status_code == 422
    assert response.json() == {"code": "BAD_ARGUMENT", "error": "grades is invalid"}
    assert logged(method, 422) == 1
    assert not SandboxOffer.objects.filter(remote_id=VALID["remote_id"]).exists()


def test_an_unexpected_error_is_a_logged_500_not_a_dropped_connection(call, monkeypatch):
    def broken(*args):
        raise TypeError("a bug")

    monkeypatch.setattr("national_sandbox.api.handle", broken)
    response = call("GET", "/sectors", None)
    assert response.status_code == 500
    assert logged("GET", 500) == 1

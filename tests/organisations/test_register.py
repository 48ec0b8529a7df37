"""The register client against its sandbox, served for real: found, closed, unknown, and
each fault the client must survive or report."""

import time

import pytest
import requests

from organisations.register import (
    InvalidSiret,
    RegisterClient,
    RegisterUnavailable,
    UnknownSiret,
)
from organisations.validators import luhn_valid
from register_sandbox import catalogue

NO_WAIT = {"wait": lambda retry_state: 0}


def _every():
    return [(u, e) for u in catalogue.units().values() for e in u.establishments]


def _first(test):
    return next((u, e) for u, e in _every() if test(u, e))


@pytest.mark.parametrize(
    ("siret", "valid"),
    [
        ("73282932000074", True),  # a real company's SIRET
        ("73282932000075", False),  # its last digit changed
        ("73282392000074", False),  # two digits swapped
        ("35600000010000", True),  # La Poste: digit sum a multiple of 5, not Luhn
        ("35600000010013", False),  # La Poste: Luhn-valid, its own rule fails
        ("7328293200007", False),  # 13 digits
        ("732829320000740", False),  # 15 digits
        ("7328293200007A", False),  # a letter
        ("", False),
    ],
)
def test_the_siret_is_checked_before_any_call(register, siret, valid):
    client = RegisterClient(**NO_WAIT)
    if valid:
        with pytest.raises(UnknownSiret):  # checked, then looked up: not in the sandbox
            client.lookup(siret)
        assert client.calls == 1
    else:
        with pytest.raises(InvalidSiret) as refusal:
            client.lookup(siret)
        assert client.calls == 0 and register.calls == []
        assert refusal.value.message in (
            "Le SIRET compte exactement 14 chiffres.",
            "Ce numéro SIRET n'existe pas : vérifiez-le sur votre avis de situation INSEE.",
        )


def test_luhn_of_the_sandbox_numbers():
    assert all(luhn_valid(e.siret) and luhn_valid(u.siren) for u, e in _every())
    assert len(catalogue.units()) == catalogue.SIZE


def test_spaces_in_a_siret_are_ignored(register):
    _unit, establishment = _first(lambda u, e: e.open)
    spaced = f"{establishment.siret[:3]} {establishment.siret[3:9]} {establishment.siret[9:]}"
    assert RegisterClient(**NO_WAIT).lookup(spaced).siret == establishment.siret


def test_an_open_company_is_found_with_its_address(register):
    unit, establishment = _first(lambda u, e: e.open and u.legal_category == "5710")
    found = RegisterClient(**NO_WAIT).lookup(establishment.siret)
    assert found.active
    assert found.name == unit.name
    assert (
        found.street
        == f"{establishment.number} {catalogue.STREET_TYPES[establishment.street_type]} {establishment.street}"
    )
    assert (found.postcode, found.commune_insee) == (establishment.postcode, establishment.insee)
    assert (found.legal_category, found.activity_code) == ("5710", establishment.activity)
    assert register.calls == [f"/search?q={establishment.siret}&page=1&per_page=1"]


def test_a_secondary_establishment_is_found_among_the_matching_ones(register):
    unit, establishment = _first(lambda u, e: not e.head_office)
    found = RegisterClient(**NO_WAIT).lookup(establishment.siret)
    assert found.commune_insee == establishment.insee
    assert found.commune_insee != unit.head_office.insee or found.street != unit.head_office.address


def test_a_closed_establishment_is_found_closed(register):
    unit, establishment = _first(lambda u, e: not e.open)
    found = RegisterClient(**NO_WAIT).lookup(establishment.siret)
    assert not found.active
    assert found.closed_message == (
        f"D'après le répertoire des entreprises, l'établissement {establishment.siret} "
        f"({unit.name}, {establishment.commune}) est fermé. Indiquez le SIRET de "
        "l'établissement, ouvert, où les stagiaires seront accueillis."
    )


def test_an_unknown_siret_of_a_known_company_is_unknown(register):
    unit, _establishment = _first(lambda u, e: len(u.establishments) == 1)
    other = catalogue.with_luhn_key(unit.siren + "0099")
    with pytest.raises(UnknownSiret) as refusal:
        RegisterClient(**NO_WAIT).lookup(other)
    assert "ne figure pas au répertoire des entreprises" in refusal.value.message


def test_the_demo_range_is_known():
    demo = catalogue.with_luhn_key("9000010000000")
    assert catalogue.find_siret(demo)[1].open


@pytest.mark.parametrize("fault", ["429", "500", "malformed", "drop", "slow"])
def test_one_fault_is_retried(register, fault):
    register.faults.slow_seconds = 1.5  # past the read timeout (1 s)
    register.faults.script.append(fault)
    unit, establishment = _first(lambda u, e: e.open)
    client = RegisterClient(**NO_WAIT)
    assert client.lookup(establishment.siret).name == unit.name
    assert client.calls == 2


@pytest.mark.parametrize("fault", ["429", "500", "malformed", "drop"])
def test_a_register_that_keeps_failing_is_unavailable(register, fault):
    register.faults.script.extend([fault] * 3)
    _unit, establishment = _first(lambda u, e: e.open)
    client = RegisterClient(attempts=3, **NO_WAIT)
    with pytest.raises(RegisterUnavailable) as refusal:
        client.lookup(establishment.siret)
    assert client.calls == 3
    assert refusal.value.message.startswith("Le répertoire des entreprises ne répond pas")


def test_the_budget_bounds_a_form_s_wait(register):
    register.faults.slow_seconds = 1.5
    register.faults.script.extend(["slow"] * 5)
    _unit, establishment = _first(lambda u, e: e.open)
    client = RegisterClient(attempts=5, budget=2, **NO_WAIT)
    started = time.monotonic()
    with pytest.raises(RegisterUnavailable):
        client.lookup(establishment.siret)
    assert client.calls == 2  # 1 s each (the read timeout), then the 2-s budget is spent
    assert time.monotonic() - started < 3


def test_a_429_waits_for_its_retry_after(register):
    register.faults.script.append("429")  # answered with Retry-After: 1
    _unit, establishment = _first(lambda u, e: e.open)
    client = RegisterClient(attempts=3, wait=lambda retry_state: 0.01)
    started = time.monotonic()
    assert client.lookup(establishment.siret).active
    assert client.calls == 2
    assert 1 <= time.monotonic() - started < 3


def test_the_sandbox_throttles_as_the_register(register):
    register.faults.rate_per_second = 1
    url = f"{register.url}/search?q={_first(lambda u, e: e.open)[1].siret}"
    statuses = [requests.get(url, timeout=2).status_code for _ in range(3)]
    assert 429 in statuses and 200 in statuses  # three calls span two seconds at most


def test_an_unconfigured_register_is_unavailable_without_a_call(settings):
    settings.COMPANY_REGISTER_URL = ""
    client = RegisterClient()
    with pytest.raises(RegisterUnavailable):
        client.lookup("73282932000074")
    assert client.calls == 0


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"q": ["12"]}, 400),
        ({"q": ["boulangerie"], "per_page": ["99"]}, 400),
        ({"q": ["boulangerie"]}, 200),
    ],
)
def test_the_sandbox_answers_bad_parameters_as_the_register(query, status):
    from register_sandbox import api

    answer_status, body = api.search(query)
    assert answer_status == status
    assert ("erreur" in body) == (status == 400)
    if status == 200:
        assert body["results"] and all("BOULANGERIE" in r["nom_complet"] for r in body["results"])

"""The client of the company register: the State's "API Recherche d'entreprises"
(`COMPANY_REGISTER_URL`, https://recherche-entreprises.api.gouv.fr, no key needed).

- the SIRET is checked (14 digits, Luhn key) before any call: a typo never leaves the building;
- `requests` with connect and read timeouts, tenacity retries with exponential back-off and
  jitter on 429 (its Retry-After, capped), 5xx, timeouts, dropped connections and bodies that
  are not the expected JSON; after the last try, `RegisterUnavailable`;
- an unknown SIRET is `UnknownSiret`; a closed establishment is found (`active` false): the
  callers (`organisations.checks`) decide what each means. Every error carries its French
  message.
"""

import logging
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from tenacity import (
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from .validators import validate_siret

log = logging.getLogger(__name__)


class RegisterError(Exception):
    message = "Le répertoire des entreprises n'a pas pu vérifier ce numéro SIRET."

    def __init__(self, message: str = ""):
        self.message = message or self.message
        super().__init__(self.message)


class InvalidSiret(RegisterError):
    """Not 14 digits, or a wrong key: refused before any call."""


class UnknownSiret(RegisterError):
    message = (
        "Ce numéro SIRET ne figure pas au répertoire des entreprises (Sirene) : vérifiez-le "
        "sur votre avis de situation INSEE ou sur annuaire-entreprises.data.gouv.fr."
    )


class RegisterUnavailable(RegisterError):
    message = (
        "Le répertoire des entreprises ne répond pas pour le moment : votre numéro SIRET sera "
        "vérifié automatiquement un peu plus tard."
    )


def check_number(siret: str) -> str:
    """The SIRET without its spaces, or InvalidSiret (14 digits, Luhn key)."""
    siret = "".join(str(siret).split())
    try:
        validate_siret(siret)
    except ValidationError as error:
        raise InvalidSiret(error.messages[0]) from error
    return siret


class _Retry(Exception):
    """One failed try worth another (429, 5xx, timeout, dropped connection, bad body)."""

    def __init__(self, reason: str, retry_after: float = 0):
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Establishment:
    """What the register says of one establishment (and of its legal unit)."""

    siret: str
    name: str
    street: str
    postcode: str
    commune_insee: str
    commune_name: str
    active: bool
    legal_category: str  # "nature juridique", 4 digits: 5710 SAS, 9220 association, 7210 commune
    activity_code: str  # APE / NAF, "10.71C"

    @property
    def closed_message(self) -> str:
        return (
            f"D'après le répertoire des entreprises, l'établissement {self.siret} "
            f"({self.name}, {self.commune_name}) est fermé. Indiquez le SIRET de "
            "l'établissement, ouvert, où les stagiaires seront accueillis."
        )


MAX_RETRY_AFTER = 5.0  # seconds: longer than that, the caller's own back-off takes over


BACKOFF = wait_random_exponential(multiplier=0.25, max=2)  # 0-0.25 s, 0-0.5 s, 0-1 s…


class RegisterClient:
    """`attempts` and `budget` (seconds for every try together) keep a form's wait short;
    the worker's recheck gives more of both."""

    def __init__(self, base_url=None, timeout=None, attempts=None, budget=None, wait=None):
        self.base_url = (
            base_url if base_url is not None else settings.COMPANY_REGISTER_URL
        ).rstrip("/")
        self.timeout = timeout or settings.COMPANY_REGISTER_TIMEOUT
        self.attempts = attempts or settings.COMPANY_REGISTER_ATTEMPTS
        self.budget = budget or settings.COMPANY_REGISTER_BUDGET
        self.backoff = wait or BACKOFF
        self.session = requests.Session()
        self.session.headers.update(
            {"Accept": "application/json", "User-Agent": "StagesBFC/1 (+plateforme des stages)"}
        )
        self.calls = 0

    def lookup(self, siret: str) -> Establishment:
        siret = check_number(siret)
        if not self.base_url:
            raise RegisterUnavailable
        try:
            data = self._search(siret)
        except _Retry as error:
            log.warning("company register unavailable for %s: %s", siret, error)
            raise RegisterUnavailable from error
        return _establishment(data, siret)

    def _search(self, siret: str) -> dict:
        for attempt in Retrying(
            stop=stop_after_attempt(self.attempts) | stop_after_delay(self.budget),
            wait=self._wait,
            retry=retry_if_exception_type(_Retry),
            reraise=True,
            sleep=time.sleep,
        ):
            with attempt:
                return self._get({"q": siret, "page": 1, "per_page": 1})
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, retry_state) -> float:
        """The back-off, or longer when a 429 said how long (capped)."""
        error = retry_state.outcome.exception()
        return max(
            self.backoff(retry_state), min(getattr(error, "retry_after", 0), MAX_RETRY_AFTER)
        )

    def _get(self, params: dict) -> dict:
        self.calls += 1
        try:
            response = self.session.get(
                f"{self.base_url}/search", params=params, timeout=self.timeout
            )
        except requests.Timeout as error:
            raise _Retry("timeout") from error
        except requests.ConnectionError as error:
            raise _Retry("connection") from error
        if response.status_code == 429:
            raise _Retry("429", retry_after=_seconds(response.headers.get("Retry-After")))
        if response.status_code >= 500:
            raise _Retry(str(response.status_code))
        if response.status_code != 200:
            # A 4xx for a checked SIRET is our request's fault (or a changed API): not the
            # host's; logged, and the number waits for a later check.
            log.error("company register refused %s: %s", params, response.text[:300])
            raise _Retry(str(response.status_code))
        try:
            data = response.json()
        except ValueError as error:
            raise _Retry("body is not JSON") from error
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise _Retry("body without results")
        return data


def _seconds(value: str | None) -> float:
    try:
        return max(float(value or 0), 0.0)
    except ValueError:
        return 0.0


def _establishment(data: dict, siret: str) -> Establishment:
    """The establishment `siret` among the results, or UnknownSiret."""
    for unit in data["results"]:
        if not isinstance(unit, dict) or unit.get("siren") != siret[:9]:
            continue
        candidates = [*(unit.get("matching_etablissements") or []), unit.get("siege") or {}]
        found = next(
            (e for e in candidates if isinstance(e, dict) and e.get("siret") == siret), None
        )
        if found:
            return _read(unit, found, siret)
    raise UnknownSiret


def _read(unit: dict, establishment: dict, siret: str) -> Establishment:
    postcode = str(establishment.get("code_postal") or "")
    commune = str(establishment.get("libelle_commune") or "")
    signs = establishment.get("liste_enseignes") or []
    name = (signs[0] if signs else "") or unit.get("nom_raison_sociale") or unit.get("nom_complet")
    return Establishment(
        siret=siret,
        name=str(name or "")[:150],
        street=_street(str(establishment.get("adresse") or ""), postcode, commune)[:250],
        postcode=postcode,
        commune_insee=str(establishment.get("commune") or ""),
        commune_name=commune,
        active=establishment.get("etat_administratif") == "A",
        legal_category=str(unit.get("nature_juridique") or ""),
        activity_code=str(
            establishment.get("activite_principale") or unit.get("activite_principale") or ""
        ),
    )


def _street(address: str, postcode: str, commune: str) -> str:
    """The register's one-line address without its trailing "<postcode> <commune>"."""
    tail = f" {postcode} {commune}".rstrip()
    if postcode and address.upper().endswith(tail.upper()):
        return address[: -len(tail)].strip()
    if postcode and f" {postcode} " in address:
        return address.split(f" {postcode} ")[0].strip()
    return address.strip()

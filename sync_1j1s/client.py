"""The HTTP client of the national partner API v2 (contract: national-push-api.md).

- `requests` with connect and read timeouts;
- the token cached in Django's shared cache (Redis or database), renewed once on a 401;
- every call paced by the shared rate limiter (`ratelimit`);
- tenacity retries with exponential back-off and jitter on 429, 5xx, timeouts and dropped
  connections; after the last try, `Transient` reaches the caller, which backs off longer;
- 404 and 409 come back as `NotFound` and `Conflict` (the caller decides what they mean);
  other 4xx are `Permanent`, carrying the national error body; a refused account (401
  "access denied", refused login) is `ConfigurationError`, never retried;
- the listing is walked by its `nextPage` URLs, on our own base URL (the token never goes
  to another host); reconciliation's pages also count against its own share of the budget.
"""

import base64
import json
import logging
import time
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.cache import cache
from tenacity import (
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from . import ratelimit

log = logging.getLogger(__name__)
TOKEN_KEY = "sync_1j1s:national-token"


class NationalError(Exception):
    def __init__(self, status: int | None, body=None, message: str = ""):
        super().__init__(message or f"{status}: {body}")
        self.status = status
        self.body = body


class Transient(NationalError):
    """Worth retrying later: 429, 5xx, timeout, dropped connection."""

    def __init__(self, *args, retry_after: float = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class Permanent(NationalError):
    """Refused for good (400, 403, 422…): not retried until someone acts."""


class ConfigurationError(Permanent):
    """The account itself is refused (not an operator, wrong credentials): staff must act."""


class NotFound(NationalError):
    pass


class Conflict(NationalError):
    pass


def _wait(retry_state):
    """Exponential back-off with full jitter; a 429 waits at least for the next window."""
    base = wait_random_exponential(multiplier=0.5, max=8)(retry_state)
    error = retry_state.outcome.exception()
    return max(base, getattr(error, "retry_after", 0))


class NationalClient:
    def __init__(self, base_url=None, email=None, password=None, rate_per_min=None, **options):
        self.base_url = (base_url or settings.NATIONAL_API_URL).rstrip("/")
        self.email = email if email is not None else settings.NATIONAL_API_EMAIL
        self.password = password if password is not None else settings.NATIONAL_API_PASSWORD
        self.rate_per_min = rate_per_min or settings.NATIONAL_API_RATE_PER_MIN
        self.timeout = options.get("timeout") or settings.NATIONAL_API_TIMEOUT
        self.attempts = options.get("attempts") or settings.NATIONAL_API_ATTEMPTS
        self.wait = options.get("wait") or _wait
        self.sleep = options.get("sleep") or time.sleep
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.calls = 0

    # --- public API ---

    def create(self, body: dict) -> dict:
        return self._call("POST", "/internship_offers", {"internship_offer": body})

    def update(self, remote_id: str, body: dict) -> dict:
        return self._call("PATCH", f"/internship_offers/{remote_id}", {"internship_offer": body})

    def delete(self, remote_id: str) -> dict:
        return self._call("DELETE", f"/internship_offers/{remote_id}")

    def sectors(self) -> list[dict]:
        return self._call("GET", "/sectors").get("sectors", [])

    def pages(self, share: float | None = None):
        """Each page of the account's national offers, following `nextPage` (30 a page).

        `share`: the part of a minute's budget these calls may take at most.
        """
        path, seen = "/internship_offers?page=1", set()
        while path and path not in seen:
            seen.add(path)
            data = self._call("GET", path, share=share)
            yield data.get("internshipOffers", [])
            pagination = data.get("pagination") or {}
            if pagination.get("isLastPage") or not pagination.get("nextPage"):
                return
            path = self._relative(pagination["nextPage"])

    def list_offers(self, share: float | None = None):
        """Every national offer of the account."""
        for items in self.pages(share):
            yield from items

    def _relative(self, url: str) -> str:
        """A URL the platform gave, as a path under our own base URL."""
        if url.startswith(self.base_url + "/"):
            return url[len(self.base_url) :]
        parts = urlsplit(url)
        base_path = urlsplit(self.base_url).path
        path = parts.path[len(base_path) :] if parts.path.startswith(base_path) else parts.path
        return path + (f"?{parts.query}" if parts.query else "")

    # --- machinery ---

    def _call(self, method, path, body=None, share=None):
        retrying = Retrying(
            retry=retry_if_exception_type(Transient),
            wait=self.wait,
            stop=stop_after_attempt(self.attempts),
            sleep=self.sleep,
            reraise=True,
        )
        return retrying(self._authorised, method, path, body, share)

    def _authorised(self, method, path, body, share=None):
        response = self._send(method, path, body, self._token(), share)
        if response.status_code == 401:
            _refused_account(response)
            response = self._send(method, path, body, self._token(renew=True), share)
            _refused_account(response)
        return self._result(response)

    def _send(self, method, path, body, token=None, share=None):
        if service := _service(path):  # the login is not counted
            if share:
                key = f"{service}:reconcile"
                ratelimit.acquire(max(1, int(self.rate_per_min * share)), key, sleep=self.sleep)
            ratelimit.acquire(self.rate_per_min, service, sleep=self.sleep)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.calls += 1
        try:
            return self.session.request(
                method, self.base_url + path, json=body, headers=headers, timeout=self.timeout
            )
        except requests.Timeout as error:
            raise Transient(None, message=f"délai dépassé ({error.__class__.__name__})") from error
        except requests.ConnectionError as error:
            raise Transient(None, message="connexion interrompue") from error

    def _result(self, response):
        status = response.status_code
        try:
            data = response.json()
        except ValueError:
            data = {"error": response.text[:500]}
        if status < 300:
            return data
        if status == 429:
            # Fixed one-minute windows on the national side: wait for the next one.
            window = settings.NATIONAL_API_WINDOW_SECONDS
            raise Transient(status, data, retry_after=window - time.time() % window)
        if status >= 500 or status in (408, 401):
            raise Transient(status, data)
        if status == 404:
            raise NotFound(status, data)
        if status == 409:
            raise Conflict(status, data)
        raise Permanent(status, data)

    def _token(self, renew=False):
        if not renew:
            try:
                token = cache.get(TOKEN_KEY)
            except Exception:  # the cache (Redis) may be down: log in instead
                log.warning("national token cache unavailable", exc_info=True)
                token = None
            if token:
                return token
        response = self._send(
            "POST", "/auth/login", {"email": self.email, "password": self.password}
        )
        if response.status_code == 401:
            raise ConfigurationError(401, _json(response), "identifiants refusés par la plateforme")
        data = self._result(response)
        token = data["token"]
        try:
            cache.set(TOKEN_KEY, token, timeout=_lifetime(token))
        except Exception:
            log.warning("national token cache unavailable", exc_info=True)
        return token


def _service(path: str) -> str | None:
    """The national rate counter a call goes to (None: the login, not counted)."""
    if path.startswith("/auth/"):
        return None
    return "sectors" if path.startswith("/sectors") else "offers"


def _refused_account(response):
    """401 "access denied": the account is not an operator; logging in again cannot help."""
    if response.status_code == 401 and _json(response).get("error") == "access denied":
        raise ConfigurationError(401, _json(response), "compte non opérateur")


def _json(response):
    try:
        return response.json()
    except ValueError:
        return {"error": response.text[:500]}


def _lifetime(token: str) -> int:
    """Seconds the token stays valid, less a safety margin (24 h if unreadable)."""
    try:
        claims = token.split(".")[1]
        claims += "=" * (-len(claims) % 4)
        expires = json.loads(base64.urlsafe_b64decode(claims))["exp"]
        return max(int(expires - time.time()) - 10, 1)
    except (IndexError, KeyError, ValueError, TypeError):
        return 24 * 3600 - 60

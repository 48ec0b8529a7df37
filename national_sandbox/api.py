"""The national partner API v2, as the contract describes it (national-push-api.md).

`handle(account_config, method, path, headers, body)` returns `(status, json_body)`; the HTTP
server (`server.py`) adds the throttle and the injected faults around it.
"""

import base64
import datetime
import hashlib
import hmac
import json
import re
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import rules
from .models import SandboxOffer

PAGE_SIZE = 30
UNAUTHORIZED = (401, {"code": "UNAUTHORIZED", "error": "wrong api token"})
ACCESS_DENIED = (401, {"code": "UNAUTHORIZED", "error": "access denied"})
NOT_FOUND = (404, {"code": "NOT_FOUND", "error": "can't find internship_offer with this remote_id"})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _secret() -> bytes:
    return hashlib.sha256(b"national-sandbox:" + settings.SECRET_KEY.encode()).digest()


def make_token(email: str, lifetime: int) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = _b64(json.dumps({"sub": email, "exp": int(time.time()) + lifetime}).encode())
    signature = hmac.new(_secret(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{_b64(signature)}"


def check_token(authorization: str) -> str | None:
    """The account e-mail of a valid, unexpired HS256 token; None otherwise."""
    if not authorization.startswith("Bearer "):
        return None
    try:
        header, claims, signature = authorization[7:].split(".")
        expected = hmac.new(_secret(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(_b64(expected), signature):
            return None
        data = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    except ValueError:
        return None
    return data["sub"] if data.get("exp", 0) > time.time() else None


def _published_at(value) -> datetime.datetime | None:
    """An ISO 8601 datetime (naive: the platform's time zone), or None; ValueError if not."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(value)
    moment = datetime.datetime.fromisoformat(value)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _as_json(offer: SandboxOffer) -> dict:
    """The answer to a write: the offer as stored (what the client checks the echo against)."""
    return {
        **offer.data,
        "remote_id": offer.remote_id,
        "published_at": offer.published_at.isoformat() if offer.published_at else None,
        "created_at": offer.created_at.isoformat(),
        "updated_at": offer.updated_at.isoformat(),
    }


def _offer_body(body):
    if not isinstance(body, dict) or not isinstance(body.get("internship_offer"), dict):
        return None
    return body["internship_offer"]


def _checked(data: dict, creating: bool):
    """(fields to store, None) or (None, (status, body)) of the refusal."""
    if errors := rules.validation_errors(data, creating=creating):
        return None, (400, {"code": "VALIDATION_ERROR", "error": errors})
    grades, weeks, refusal = rules.grades_and_weeks(data, timezone.localdate(), creating)
    if refusal:
        return None, refusal
    fields = {k: v for k, v in data.items() if k not in ("remote_id", "published_at")}
    if grades is not None:
        fields |= {"grades": grades, "weeks": weeks}
    return fields, None


def create(account: str, body) -> tuple[int, dict]:
    data = _offer_body(body)
    if data is None or "grades" not in data or "weeks" not in data:
        return 422, {"code": "BAD_PAYLOAD", "error": "internship_offer, grades or weeks missing"}
    fields, refusal = _checked(data, creating=True)
    if refusal:
        return refusal
    try:
        with transaction.atomic():
            offer = SandboxOffer.objects.create(
                account=account,
                remote_id=data["remote_id"],
                data=fields,
                published_at=timezone.now(),
            )
    except IntegrityError:  # deleted ones included: a deleted remote_id never comes back
        return 409, {"code": "DUPLICATE_API", "error": "remote_id already exists"}
    return 201, _as_json(offer)


def update(account: str, remote_id: str, body) -> tuple[int, dict]:
    """PATCH and PUT. The look-up includes deleted offers: they are updated, answered 200."""
    data = _offer_body(body)
    if data is None:
        return 422, {"code": "BAD_PAYLOAD", "error": "internship_offer missing"}
    fields, refusal = _checked(data, creating=False)
    if refusal:
        return refusal
    if "published_at" in data:
        try:
            published_at = _published_at(data["published_at"])
        except ValueError:
            return 422, {"code": "BAD_ARGUMENT", "error": "published_at is invalid"}
    with transaction.atomic():
        offer = (
            SandboxOffer.objects.select_for_update()
            .filter(account=account, remote_id=remote_id)
            .first()
        )
        if offer is None:
            if SandboxOffer.objects.filter(remote_id=remote_id).exists():
                return 403, {"code": "FORBIDDEN", "error": "internship_offer of another account"}
            return NOT_FOUND
        offer.data.update(fields)
        if "published_at" in data:
            offer.published_at = published_at
        offer.writes += 1
        offer.save()
    return 200, _as_json(offer)


def destroy(account: str, remote_id: str) -> tuple[int, dict]:
    with transaction.atomic():
        offer = (
            SandboxOffer.objects.select_for_update()
            .filter(account=account, remote_id=remote_id)
            .first()
        )
        if offer is None:  # another account's offer is not found either
            return NOT_FOUND
        if offer.discarded_at:
            return 409, {
                "code": "API_ALREADY_DESTROYED",
                "error": "internship_offer already destroyed",
            }
        offer.discarded_at = timezone.now()
        offer.writes += 1
        offer.save()
    return 200, _as_json(offer)


def _sector_names() -> dict:
    from reference.models import Sector

    return dict(Sector.objects.values_list("code", "label"))


def listing_item(offer: SandboxOffer, sectors: dict, base_url: str) -> dict:
    """One item of the listing: no published_at, no sector_uuid, no max_candidates."""
    data = offer.data
    coordinates = data.get("coordinates") or {}
    weeks = data.get("weeks") or []
    date_start, date_end = rules.date_bounds(weeks)
    site = base_url.split("/api/")[0]
    return {
        "id": offer.pk,
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "employer_name": data.get("employer_chosen_name") or data.get("employer_name", ""),
        "url": f"{site}/offres-de-stage/{offer.pk}?utm_source=api",
        "city": data.get("city", ""),
        "zipcode": data.get("zipcode", ""),
        "street": data.get("street", ""),
        "date_start": date_start,
        "date_end": date_end,
        "latitude": coordinates.get("latitude"),
        "longitude": coordinates.get("longitude"),
        "image": f"{site}/assets/sectors/{data.get('sector_uuid', '')}.svg",
        "sector": sectors.get(data.get("sector_uuid"), ""),
        "handicap_accessible": bool(data.get("handicap_accessible")),
        "period": 0,
        "weeks": rules.weeks_text(weeks),
        "remote_id": offer.remote_id,
        "is_public": bool(data.get("is_public")),
        "employer_website": data.get("employer_website", ""),
        "employer_description": data.get("employer_description", ""),
        "grades": data.get("grades", []),
        "permalink": data.get("permalink", ""),
        "rep": bool(data.get("rep")),
        "qpv": bool(data.get("qpv")),
    }


def index(account: str, page: int, base_url: str) -> tuple[int, dict]:
    offers = SandboxOffer.objects.filter(account=account, discarded_at__isnull=True)
    total = offers.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    chunk = offers.order_by("-created_at", "-pk")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    url = f"{base_url}/internship_offers"
    sectors = _sector_names()
    return 200, {
        "pagination": {
            "totalInternshipOffers": total,
            "internshipOffersPerPage": PAGE_SIZE,
            "totalPages": pages,
            "currentPage": page,
            "isFirstPage": page == 1,
            "isLastPage": page == pages,
            "nextPage": f"{url}?page={page + 1}" if page < pages else None,
            "prevPage": f"{url}?page={page - 1}" if page > 1 else None,
            "pageUrlBase": url,
        },
        "internshipOffers": [listing_item(offer, sectors, base_url) for offer in chunk],
    }


def sectors() -> tuple[int, dict]:
    from reference.models import Sector

    rows = Sector.objects.order_by("pk").values_list("code", "label")
    return 200, {
        "sectors": [{"id": int(code[1:]), "name": label, "uuid": code} for code, label in rows]
    }


def handle(config, method, path, query, authorization, body, base_url=""):
    """Route one request under /api/v2 (path without the prefix and query string)."""
    if method == "POST" and path == "/auth/login":
        if (
            isinstance(body, dict)
            and body.get("email") == config.email
            and body.get("password") == config.password
        ):
            return 200, {"token": make_token(config.email, config.token_lifetime)}
        return 401, {"error": "Invalid email or password"}
    account = check_token(authorization or _query_token(query))
    if account is None:
        return UNAUTHORIZED
    if not config.is_operator:  # a valid token of an account that is not an operator
        return ACCESS_DENIED
    if body is UNREADABLE:
        return 400, {"code": "BAD_REQUEST", "error": "unreadable JSON"}
    if path == "/sectors" and method == "GET":
        return sectors()
    if path == "/internship_offers":
        if method == "POST":
            return create(account, body)
        if method == "GET":
            return index(account, _int(query.get("page", ["1"])[0]), base_url)
    if match := re.fullmatch(r"/internship_offers/([^/]+)", path):
        if method in ("PATCH", "PUT"):
            return update(account, match[1], body)
        if method == "DELETE":
            return destroy(account, match[1])
    return 404, {"code": "NOT_FOUND", "error": "no such route"}


def _query_token(query: dict) -> str:
    token = (query.get("token") or [""])[0]
    return f"Bearer {token}" if token else ""


UNREADABLE = object()


def _int(value) -> int:
    try:
        return int(value)
    except ValueError:
        return 1

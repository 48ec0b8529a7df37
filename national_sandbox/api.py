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

from reference.periods import school_year_of, seconde_period

from .models import SandboxOffer

PAGE_SIZE = 30
LIMITS = {
    "title": 150,
    "description": 1500,
    "employer_name": 150,
    "employer_description": 275,
    "employer_website": 560,
    "street": 500,
    "city": 50,
    "remote_id": 60,
    "permalink": 200,
}
REQUIRED = [
    "title",
    "description",
    "employer_name",
    "employer_description",
    "street",
    "zipcode",
    "city",
    "sector_uuid",
    "remote_id",
    "permalink",
]
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
SECTOR = re.compile(r"^s([1-9]|[1-4][0-9]|5[01])$")
UNAUTHORIZED = (401, {"code": "UNAUTHORIZED", "error": "wrong api token"})


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


def _validation(data: dict, creating: bool):
    errors = {}
    for name in REQUIRED if creating else []:
        if not data.get(name):
            errors.setdefault(name, []).append("doit être rempli(e)")
    for name, limit in LIMITS.items():
        value = data.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            errors.setdefault(name, []).append(f"est trop long (pas plus de {limit} caractères)")
    if "zipcode" in data and not re.fullmatch(r"\d{5}", str(data["zipcode"] or "")):
        errors.setdefault("zipcode", []).append("n'est pas un code postal valide")
    if "sector_uuid" in data and not SECTOR.match(str(data["sector_uuid"] or "")):
        errors.setdefault("sector_uuid", []).append("n'existe pas")
    permalink = data.get("permalink")
    if permalink is not None and (
        not re.match(r"^https?://", str(permalink)) or re.search("test|staging", permalink, re.I)
    ):
        errors.setdefault("permalink", []).append("n'est pas valide")
    if "max_candidates" in data:
        value = data["max_candidates"]
        if not isinstance(value, int) or not 1 <= value <= 6000:
            errors.setdefault("max_candidates", []).append("doit être compris entre 1 et 6000")
    coordinates = data.get("coordinates")
    if coordinates is not None and not (
        isinstance(coordinates, dict)
        and all(isinstance(coordinates.get(k), int | float) for k in ("latitude", "longitude"))
    ):
        errors.setdefault("coordinates", []).append("sont invalides")
    hours = data.get("daily_hours")
    if hours is not None and not (
        isinstance(hours, dict)
        and set(hours) <= {"lundi", "mardi", "mercredi", "jeudi", "vendredi"}
        and all(isinstance(v, list) and len(v) == 2 for v in hours.values())
    ):
        errors.setdefault("daily_hours", []).append("sont invalides")
    return errors


def _wrong_params(data: dict):
    """The seconde rule: no mix with collège grades; both national weeks."""
    grades, weeks = data.get("grades"), data.get("weeks")
    if grades is None and weeks is None:
        return None
    if not (
        isinstance(grades, list)
        and all(isinstance(g, str) for g in grades)
        and set(grades) <= {"seconde", "troisieme", "quatrieme"}
    ):
        return (422, {"code": "BAD_ARGUMENT", "error": "grades is invalid"})
    if not isinstance(weeks, list) or not all(isinstance(w, str) and WEEK.match(w) for w in weeks):
        return (422, {"code": "BAD_ARGUMENT", "error": "weeks is invalid"})
    if "seconde" in grades and len(grades) > 1:
        return (422, {"code": "WRONG_PARAMS", "error": "seconde cannot be mixed with other grades"})
    if "seconde" in grades:
        year = school_year_of(timezone.localdate())
        mandatory = set(seconde_period(year).iso_weeks) | set(seconde_period(year + 1).iso_weeks)
        needed = [set(seconde_period(y).iso_weeks) for y in (year, year + 1)]
        if not any(n <= set(weeks) for n in needed) or not set(weeks) <= mandatory:
            return (422, {"code": "WRONG_PARAMS", "error": "seconde needs both mandatory weeks"})
    return None


def _published_at(value) -> datetime.datetime | None:
    """An ISO 8601 datetime (naive: the platform's time zone), or None; ValueError if not."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(value)
    moment = datetime.datetime.fromisoformat(value)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _as_json(offer: SandboxOffer) -> dict:
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


def create(account: str, body) -> tuple[int, dict]:
    data = _offer_body(body)
    if data is None or "grades" not in data or "weeks" not in data:
        return 422, {"code": "BAD_PAYLOAD", "error": "internship_offer, grades or weeks missing"}
    if errors := _validation(data, creating=True):
        return 400, {"code": "VALIDATION_ERROR", "error": errors}
    if wrong := _wrong_params(data):
        return wrong
    fields = {k: v for k, v in data.items() if k not in ("remote_id", "published_at")}
    try:
        with transaction.atomic():
            offer = SandboxOffer.objects.create(
                account=account,
                remote_id=data["remote_id"],
                data=fields,
                published_at=timezone.now(),
            )
    except IntegrityError:
        return 409, {"code": "DUPLICATE_API", "error": "remote_id already exists"}
    return 201, _as_json(offer)


def _find(account, remote_id, for_update=True):
    queryset = SandboxOffer.objects.filter(account=account, remote_id=remote_id)
    return (queryset.select_for_update() if for_update else queryset).first()


def update(account: str, remote_id: str, body) -> tuple[int, dict]:
    data = _offer_body(body)
    if data is None:
        return 422, {"code": "BAD_PAYLOAD", "error": "internship_offer missing"}
    if errors := _validation(data, creating=False):
        return 400, {"code": "VALIDATION_ERROR", "error": errors}
    if wrong := _wrong_params(data):
        return wrong
    if "published_at" in data:
        try:
            published_at = _published_at(data["published_at"])
        except ValueError:
            return 422, {"code": "BAD_ARGUMENT", "error": "published_at is invalid"}
    with transaction.atomic():
        offer = _find(account, remote_id)
        if offer is None or offer.discarded_at:
            return 404, {
                "code": "NOT_FOUND",
                "error": "can't find internship_offer with this remote_id",
            }
        for name, value in data.items():
            if name == "published_at":
                offer.published_at = published_at
            elif name != "remote_id":
                offer.data[name] = value
        offer.writes += 1
        offer.save()
    return 200, _as_json(offer)


def destroy(account: str, remote_id: str) -> tuple[int, dict]:
    with transaction.atomic():
        offer = _find(account, remote_id)
        if offer is None:
            return 404, {
                "code": "NOT_FOUND",
                "error": "can't find internship_offer with this remote_id",
            }
        if offer.discarded_at:
            return 409, {
                "code": "API_ALREADY_DESTROYED",
                "error": "internship_offer already destroyed",
            }
        offer.discarded_at = timezone.now()
        offer.writes += 1
        offer.save()
    return 200, _as_json(offer)


def index(account: str, page: int) -> tuple[int, dict]:
    offers = SandboxOffer.objects.filter(account=account, discarded_at__isnull=True)
    total = offers.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    chunk = offers.order_by("-created_at", "-pk")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return 200, {
        "pagination": {
            "totalInternshipOffers": total,
            "internshipOffersPerPage": PAGE_SIZE,
            "totalPages": pages,
            "currentPage": page,
            "nextPage": page + 1 if page < pages else None,
            "prevPage": page - 1 if page > 1 else None,
        },
        "internshipOffers": [_as_json(offer) for offer in chunk],
    }


def sectors() -> tuple[int, dict]:
    from reference.models import Sector

    rows = Sector.objects.order_by("pk").values_list("code", "label")
    return 200, {
        "sectors": [{"id": int(code[1:]), "name": label, "uuid": code} for code, label in rows]
    }


def handle(config, method: str, path: str, query: dict, authorization: str, body):
    """Route one request under /api/v2 (path without the prefix and query string)."""
    if method == "POST" and path == "/auth/login":
        if (
            isinstance(body, dict)
            and body.get("email") == config.email
            and body.get("password") == config.password
        ):
            return 200, {"token": make_token(config.email, config.token_lifetime)}
        return 401, {"error": "Invalid email or password"}
    account = check_token(authorization)
    if account is None:
        return UNAUTHORIZED
    if body is UNREADABLE:
        return 400, {"code": "BAD_REQUEST", "error": "unreadable JSON"}
    if path == "/sectors" and method == "GET":
        return sectors()
    if path == "/internship_offers":
        if method == "POST":
            return create(account, body)
        if method == "GET":
            return index(account, _int(query.get("page", ["1"])[0]))
    if match := re.fullmatch(r"/internship_offers/([^/]+)", path):
        if method == "PATCH":
            return update(account, match[1], body)
        if method == "DELETE":
            return destroy(account, match[1])
    return 404, {"code": "NOT_FOUND", "error": "no such route"}


UNREADABLE = object()


def _int(value) -> int:
    try:
        return int(value)
    except ValueError:
        return 1

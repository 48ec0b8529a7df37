"""A host's SIRET against the company register (`register.py`): at creation, where the form
waits a few seconds at most, and again later by beat.

Nothing a host typed is lost when the register is down: the Luhn-valid number is accepted
"à vérifier", and `recheck_due` asks again with a growing back-off. Verified, closed and
unknown ones are asked again every RECHECK_AFTER: establishments close (and reopen).
"""

import datetime
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from outbox.backoff import backoff
from reference.communes import label
from reference.models import Commune

from .models import Organisation, RegisterStatus
from .register import (
    Establishment,
    RegisterClient,
    RegisterUnavailable,
    UnknownSiret,
    check_number,
)

log = logging.getLogger(__name__)
HostType = Organisation.HostType

RECHECK_AFTER = datetime.timedelta(days=30)
BATCH = 100  # per beat run; the register allows 7 calls a second
ANSWER_SECONDS = 600  # a lookup's answer serves the form's next submit
DOWN_SECONDS = 60  # after a failure, forms do not wait for the register again for this long
DOWN_KEY = "organisations:register-down"
RUNNING_KEY = "organisations:register-recheck"
FIRST_RETRY = datetime.timedelta(minutes=5)
LONGEST_RETRY = datetime.timedelta(hours=6)


def host_type_of(legal_category: str) -> str:
    """The host type a legal category ("catégorie juridique") says: 71 the State, 72 local
    authorities, 73-74 public bodies (41: public industrial bodies), 92 associations."""
    head = legal_category[:2]
    if head == "71":
        return HostType.STATE
    if head == "72":
        return HostType.LOCAL_AUTHORITY
    if head in ("73", "74", "41"):
        return HostType.PUBLIC_BODY
    if head == "92":
        return HostType.ASSOCIATION
    return HostType.COMPANY


def lookup(siret: str) -> Establishment | None:
    """For a form: the establishment (open or closed), or None when the register cannot
    answer now. Raises InvalidSiret (before any call) and UnknownSiret."""
    siret = check_number(siret)  # a wrong number is refused, register or not
    key = f"organisations:register:{siret}"
    answer = cache.get(key)
    if answer is None:
        if cache.get(DOWN_KEY):
            return None
        try:
            answer = RegisterClient().lookup(siret)
        except UnknownSiret:
            answer = "unknown"
        except RegisterUnavailable:
            cache.set(DOWN_KEY, True, DOWN_SECONDS)
            return None
        cache.set(key, answer, ANSWER_SECONDS)
    if answer == "unknown":
        raise UnknownSiret
    return answer


def form_values(establishment: Establishment) -> dict:
    """What the organisation form takes from the register (its commune if in the region)."""
    commune = Commune.objects.filter(pk=establishment.commune_insee).first()
    return {
        "name": establishment.name,
        "street": establishment.street,
        "commune": label(commune) if commune else "",
        "host_type": host_type_of(establishment.legal_category),
    }


def apply(organisation: Organisation, establishment: Establishment | None, unknown=False):
    """Write the register's answer on the (unsaved) organisation; None: it did not answer."""
    now = timezone.now()
    if establishment is None and not unknown:
        organisation.register_status = organisation.register_status or RegisterStatus.PENDING
        organisation.register_failures += 1
        organisation.register_next_check = now + backoff(
            organisation.register_failures, FIRST_RETRY, LONGEST_RETRY, jitter=True
        )
        return
    organisation.register_failures = 0
    organisation.register_checked_at = now
    organisation.register_next_check = now + RECHECK_AFTER
    if unknown:
        organisation.register_status = RegisterStatus.UNKNOWN
        return
    organisation.register_status = (
        RegisterStatus.VERIFIED if establishment.active else RegisterStatus.CLOSED
    )
    organisation.legal_category = establishment.legal_category
    organisation.activity_code = establishment.activity_code[:6]


REGISTER_FIELDS = [
    "register_status",
    "register_checked_at",
    "register_next_check",
    "register_failures",
    "legal_category",
    "activity_code",
]


def due(now=None):
    """Never asked (organisations older than the check), due again after a failure, or
    answered longer than RECHECK_AFTER ago; the longest waiting first."""
    now = now or timezone.now()
    return Organisation.objects.filter(
        Q(register_next_check__isnull=True) | Q(register_next_check__lte=now)
    ).order_by(F("register_next_check").asc(nulls_first=True), "pk")


def recheck(organisation_id: int, client: RegisterClient) -> bool:
    """Ask the register about one organisation; False when it did not answer."""
    siret = Organisation.objects.values_list("siret", flat=True).get(pk=organisation_id)
    establishment, unknown = None, False
    try:
        establishment = client.lookup(siret)  # outside any transaction: no lock while waiting
    except UnknownSiret:
        unknown = True
    except RegisterUnavailable:
        pass
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        if organisation.siret != siret:  # edited meanwhile: its form checked the new one
            return True
        before = organisation.register_status
        apply(organisation, establishment, unknown)
        organisation.save(update_fields=REGISTER_FIELDS)
    if before != organisation.register_status:
        log.info("register: %s is now %s", siret, organisation.register_status)
    return establishment is not None or unknown


def recheck_due(limit: int = BATCH) -> dict:
    """Beat's pass: the organisations due, until the register stops answering."""
    if not cache.add(RUNNING_KEY, True, 600):  # a slow register: passes must not pile up
        return {"due": None, "checked": 0}
    try:
        client = RegisterClient(attempts=4, budget=30)
        ids = list(due().values_list("pk", flat=True)[:limit])
        done = 0
        for organisation_id in ids:
            if not recheck(organisation_id, client):
                break  # down: the others wait for the next pass, each with its own back-off
            done += 1
        return {"due": len(ids), "checked": done}
    finally:
        cache.delete(RUNNING_KEY)

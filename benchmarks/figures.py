"""The Region's figures at scale: pupils, classes and applications in bulk, and timed pages.

`seed` adds what `seed_demo --offers N` does not make: classes of the current school year
in the region's schools, their pupils (with the two optional answers for most), and
applications on the seeded offers' periods in every state. Rows are inserted in bulk, past
the services (their e-mails, locks and audit trail are not what is measured here); it is
idempotent: bench pupils already there are kept and only the missing part is added.
"""

import random
import statistics
import time

from django.db import transaction
from django.test import Client

from accounts.models import User
from figures import services
from offers.models import OfferPeriod, State
from placements.levels import Level, public_of
from placements.models import Application, AppState, Enrolment, PupilProfile, SchoolClass
from reference.models import School
from reference.periods import seconde_period

DOMAIN = "bench-figures.invalid"
PER_CLASS = 25
BATCH = 5000
# Levels of the seeded classes, with their weights (the region's lycée and collège mix).
LEVELS = [
    (Level.SECONDE, 30), (Level.TROISIEME, 30), (Level.QUATRIEME, 10), (Level.TROISIEME_PM, 5),
    (Level.CAP, 5), (Level.SECONDE_PRO, 8), (Level.PREMIERE_PRO, 6), (Level.TERMINALE_PRO, 6),
]  # fmt: skip
STATES = [
    (AppState.SUBMITTED, 35), (AppState.CONFIRMED, 30), (AppState.ACCEPTED, 8),
    (AppState.DECLINED, 17), (AppState.WITHDRAWN, 5), (AppState.LAPSED, 5),
]  # fmt: skip
GENDERS = [("fille", 45), ("garcon", 45), ("non_dit", 3), ("", 7)]
PAGES = {
    "sans filtre": {},
    "département": {"departement": "25"},
    "niveau seconde": {"niveau": "seconde"},
    "académie, niveau, type d'établissement": {
        "academie": "Besançon",
        "niveau": "seconde",
        "type_etablissement": "lycee",
    },
    "département, secteur, structure, public": {
        "departement": "21",
        "type_structure": "company",
        "public": "seconde",
    },
}


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@transaction.atomic
def seed(pupils: int, applications: int, seed: int = 1, write=print) -> dict:
    rng = random.Random(seed)
    year = services.current_school_year()
    have = User.objects.filter(email__endswith="@" + DOMAIN).count()
    schools = list(School.objects.order_by("uai").values_list("uai", "kind"))
    lycees = [uai for uai, kind in schools if kind != School.Kind.COLLEGE]
    colleges = [uai for uai, kind in schools if kind == School.Kind.COLLEGE]
    started = time.monotonic()
    if have < pupils:
        _pupils(rng, year, have, pupils, lycees, colleges)
    write(f"élèves : {pupils} ({pupils - have} ajoutés) en {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    have_apps = Application.objects.filter(pupil__email__endswith="@" + DOMAIN).count()
    if have_apps < applications:
        _applications(rng, year, applications - have_apps)
    write(f"candidatures : {applications} en {time.monotonic() - started:.0f} s")
    return {"pupils": pupils, "applications": applications}


def _pupils(rng, year, first, count, lycees, colleges):
    classes = []
    for n in range(first // PER_CLASS, -(-count // PER_CLASS)):
        level = _pick(rng, LEVELS)
        college = level in (Level.QUATRIEME, Level.TROISIEME, Level.TROISIEME_PM)
        school = rng.choice(colleges if college and colleges else lycees)
        classes.append(
            SchoolClass(
                school_id=school, name=f"Banc {n}", level=level, school_year=year,
                join_code=f"BENCH{n:06d}",
            )
        )  # fmt: skip
    SchoolClass.objects.bulk_create(classes, batch_size=BATCH, ignore_conflicts=True)
    by_code = dict(
        SchoolClass.objects.filter(join_code__startswith="BENCH").values_list("join_code", "pk")
    )
    users = [
        User(email=f"eleve{i}@{DOMAIN}", first_name="Élève", last_name=f"Banc {i}",
             role=User.Role.PUPIL, password="!")
        for i in range(first, count)
    ]  # fmt: skip
    User.objects.bulk_create(users, batch_size=BATCH)
    ids = dict(User.objects.filter(email__endswith="@" + DOMAIN).values_list("email", "pk"))
    enrolments, profiles = [], []
    for i in range(first, count):
        pupil = ids[f"eleve{i}@{DOMAIN}"]
        enrolments.append(
            Enrolment(pupil_id=pupil, school_class_id=by_code[f"BENCH{i // PER_CLASS:06d}"])
        )
        if rng.random() < 0.8:
            profiles.append(
                PupilProfile(pupil_id=pupil, gender=_pick(rng, GENDERS),
                             needs_accessible_place=rng.random() < 0.03)
            )  # fmt: skip
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
    PupilProfile.objects.bulk_create(profiles, batch_size=BATCH)


def _applications(rng, year, count):
    """Applications on periods open to each pupil's public; a seconde pupil's in June."""
    weeks = seconde_period(year).weeks
    periods: dict = {}
    rows = OfferPeriod.objects.filter(offer__state__in=[State.PUBLISHED, State.FILLED])
    for pk, offer, start, end, publics in rows.values_list(
        "pk", "offer_id", "start", "end", "offer__publics"
    ):
        for public in publics:
            periods.setdefault(public, []).append((pk, offer, start, end))
    june = [p for p in periods.get("seconde", []) if p[2] in weeks or p[2] <= weeks[0] <= p[3]]
    pupils = list(
        Enrolment.objects.filter(pupil__email__endswith="@" + DOMAIN).values_list(
            "pupil_id", "school_class_id", "school_class__level"
        )
    )
    taken = set(
        Application.objects.filter(pupil__email__endswith="@" + DOMAIN).values_list(
            "pupil_id", "offer_id"
        )
    )
    made = []
    while len(made) < count:
        pupil, school_class, level = rng.choice(pupils)
        public = public_of(level)
        choices = june if level == Level.SECONDE and june else periods.get(public)
        if not choices:
            continue
        period, offer, start, end = rng.choice(choices)
        if (pupil, offer) in taken:
            continue
        taken.add((pupil, offer))
        made.append(
            Application(pupil_id=pupil, offer_id=offer, period_id=period, start=start, end=end,
                        school_class_id=school_class, state=_pick(rng, STATES))
        )  # fmt: skip
    Application.objects.bulk_create(made, batch_size=BATCH)


def time_pages(user, runs: int, write=print) -> dict:
    """p50/p95 in ms of each dashboard page (the Django test client: no network), with this
    process's CPU time (p50) and the first request of each page, which builds the cells'
    sums for its filters (`figures.cube`; the first page after a refresh also reads them)."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    results = {}
    for name, params in PAGES.items():
        began = time.perf_counter()
        client.get("/chiffres/", params)  # templates compiled, the cells' sums built
        first = (time.perf_counter() - began) * 1000
        times, cpu = [], []
        for _ in range(runs):
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get("/chiffres/", params)
            times.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
            assert response.status_code == 200, response.status_code
        times.sort()
        row = {
            "p50": round(statistics.median(times), 1),
            "p95": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
            "cpu_p50": round(statistics.median(cpu), 1),
            "first": round(first, 1),
            "bytes": len(response.content),
        }
        results[name] = row
        write(
            f"{name:42} p50 {row['p50']:7.1f} ms   p95 {row['p95']:7.1f} ms   "
            f"CPU {row['cpu_p50']:6.1f} ms   1re {row['first']:7.1f} ms   {row['bytes']} o"
        )
    return results

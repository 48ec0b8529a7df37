"""The establishments the sandbox knows: a few hundred of the region, made up but shaped like
the register's (Luhn-valid SIRENs and SIRETs, real communes and postcodes, real legal
categories and activity codes), the same on every machine.

Besides them, every Luhn-valid SIRET of the demo range (first digit 9, `demo.offers.siret`)
is an open company: the demo's hosts are known to the register, as real hosts would be.
"""

import csv
import functools
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from organisations.validators import luhn_valid

COMMUNES_CSV = Path(__file__).resolve().parent.parent / "reference" / "data" / "communes.csv"
DEMO_RANGE = "9"
SIZE = 300

SURNAMES = [
    "Bourgeois", "Faivre", "Girardot", "Jacquot", "Mougin", "Perrin", "Vuillemin", "Cuenot",
    "Belorgey", "Roy", "Bonnot", "Grosjean", "Tissot", "Lambert", "Coulon", "Jeannin",
]  # fmt: skip
STREETS = [
    ("RUE", "DE LA REPUBLIQUE"), ("RUE", "VICTOR HUGO"), ("AV", "DU GENERAL DE GAULLE"),
    ("RUE", "DES GRANGES"), ("PL", "DE LA MAIRIE"), ("RTE", "DE BESANCON"), ("RUE", "DU LAVOIR"),
    ("BD", "JEAN JAURES"), ("RUE", "PASTEUR"), ("CHE", "DES VIGNES"), ("RUE", "DE L EGLISE"),
]  # fmt: skip
STREET_TYPES = {"RUE": "RUE", "AV": "AVENUE", "PL": "PLACE", "RTE": "ROUTE", "BD": "BOULEVARD",
                "CHE": "CHEMIN"}  # fmt: skip

# (weight, name pattern, legal category (nature juridique), activity code (NAF))
KINDS = [
    (8, "BOULANGERIE {surname}", "5499", "10.71C"),
    (6, "GARAGE {surname}", "5710", "45.20A"),
    (5, "FROMAGERIE DE {commune}", "5460", "10.51C"),
    (5, "MENUISERIE {surname}", "5499", "43.32A"),
    (4, "PHARMACIE {surname}", "5485", "47.73Z"),
    (4, "CABINET VETERINAIRE {surname}", "5385", "75.00Z"),
    (4, "HOTEL RESTAURANT {surname}", "5720", "55.10Z"),
    (3, "ATELIER D HORLOGERIE {surname}", "5710", "26.52Z"),
    (3, "TRANSPORTS {surname}", "5710", "49.41A"),
    (3, "LIBRAIRIE {surname}", "1000", "47.61Z"),
    (3, "AGENCE NUMERIQUE {surname}", "5720", "62.01Z"),
    (2, "CABINET D ARCHITECTURE {surname}", "5385", "71.11Z"),
    (5, "ASSOCIATION SPORTIVE DE {commune}", "9220", "93.12Z"),
    (3, "MAISON DES JEUNES ET DE LA CULTURE DE {commune}", "9220", "94.99Z"),
    (5, "COMMUNE DE {commune}", "7210", "84.11Z"),
    (2, "CENTRE HOSPITALIER DE {commune}", "7364", "86.10Z"),
    (2, "CENTRE COMMUNAL D ACTION SOCIALE DE {commune}", "7361", "88.99B"),
    (1, "DIRECTION DEPARTEMENTALE DES TERRITOIRES {department}", "7172", "84.11Z"),
]


@dataclass
class Establishment:
    siret: str
    head_office: bool
    number: str
    street_type: str
    street: str
    postcode: str
    insee: str
    commune: str
    open: bool
    activity: str
    signs: list[str] = field(default_factory=list)

    @property
    def address(self) -> str:
        kind = STREET_TYPES.get(self.street_type, self.street_type)
        return f"{self.number} {kind} {self.street} {self.postcode} {self.commune}".strip()


@dataclass
class Unit:
    siren: str
    name: str
    legal_category: str
    activity: str
    establishments: list[Establishment]

    @property
    def open(self) -> bool:
        return any(e.open for e in self.establishments)

    @property
    def head_office(self) -> Establishment:
        return next(e for e in self.establishments if e.head_office)


def with_luhn_key(prefix: str) -> str:
    return next(prefix + str(d) for d in range(10) if luhn_valid(prefix + str(d)))


@functools.cache
def _communes() -> list[dict]:
    with COMMUNES_CSV.open(encoding="utf-8") as file:
        return [row for row in csv.DictReader(file) if row["postcodes"]]


DEPARTMENTS = {"21": "DE LA COTE D OR", "25": "DU DOUBS", "39": "DU JURA", "58": "DE LA NIEVRE",
               "70": "DE LA HAUTE SAONE", "71": "DE SAONE ET LOIRE", "89": "DE L YONNE",
               "90": "DU TERRITOIRE DE BELFORT"}  # fmt: skip


def _establishment(rng, siren, nic, head_office, commune, activity, open_) -> Establishment:
    street_type, street = rng.choice(STREETS)
    return Establishment(
        siret=with_luhn_key(siren + nic),
        head_office=head_office,
        number=str(rng.randint(1, 120)),
        street_type=street_type,
        street=street,
        postcode=commune["postcodes"].split()[0],
        insee=commune["insee"],
        commune=fold(commune["name"]).upper(),
        open=open_,
        activity=activity,
    )


@functools.cache
def units() -> dict[str, Unit]:
    """SIREN → unit, deterministic: one seed, one order of communes."""
    rng = random.Random("register-sandbox")
    communes = _communes()
    weights = [kind[0] for kind in KINDS]
    found: dict[str, Unit] = {}
    while len(found) < SIZE:
        siren = with_luhn_key(str(rng.randint(30_000_000, 89_999_999)))
        if siren in found:
            continue
        _, pattern, category, activity = rng.choices(KINDS, weights)[0]
        commune = rng.choice(communes)
        name = pattern.format(
            surname=rng.choice(SURNAMES).upper(),
            commune=fold(commune["name"]).upper(),
            department=DEPARTMENTS.get(commune["department"], ""),
        )
        head_open = rng.random() > 0.1
        establishments = [_establishment(rng, siren, "0001", True, commune, activity, head_open)]
        if rng.random() < 0.15:  # a second establishment, elsewhere in the region
            establishments.append(
                _establishment(rng, siren, "0002", False, rng.choice(communes), activity, True)
            )
        found[siren] = Unit(siren, name, category, activity, establishments)
    return found


def demo_unit(siret: str) -> Unit | None:
    """The demo range: any Luhn-valid SIRET starting with 9 is an open company."""
    if not siret.startswith(DEMO_RANGE) or not luhn_valid(siret):
        return None
    rng = random.Random(siret)
    commune = rng.choice(_communes())
    establishment = _establishment(rng, siret[:9], siret[9:13], True, commune, "47.11F", True)
    establishment.siret = siret
    return Unit(
        siret[:9], f"STRUCTURE DE DEMONSTRATION {siret[:9]}", "5710", "47.11F", [establishment]
    )


def find_siret(siret: str) -> tuple[Unit, Establishment] | None:
    unit = units().get(siret[:9]) or demo_unit(siret)
    if unit is None:
        return None
    establishment = next((e for e in unit.establishments if e.siret == siret), None)
    return (unit, establishment) if establishment else None


def search_names(text: str, limit: int) -> list[Unit]:
    words = fold(text).upper().split()
    return [u for u in units().values() if all(w in u.name for w in words)][:limit]


def fold(text: str) -> str:
    """Accents and apostrophes away, as the register writes its names."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.replace("'", " ").replace("-", " ")


def examples() -> dict[str, str]:
    """A SIRET of each kind, for the command's banner and the docs."""
    every = [(u, e) for u in units().values() for e in u.establishments]
    return {
        "entreprise ouverte": next(
            e.siret for u, e in every if e.open and u.legal_category[0] == "5"
        ),
        "association": next(e.siret for u, e in every if e.open and u.legal_category == "9220"),
        "commune": next(e.siret for u, e in every if e.open and u.legal_category == "7210"),
        "établissement fermé": next(e.siret for u, e in every if not e.open),
    }

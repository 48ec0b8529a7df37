"""The demo school year, as data: three schools of the reference data, their classes, the
hosts and offers the pupils applied to, and what happened to each pupil.

Every situation the class table counts has a pupil: seconde with one week of two, with two
hosts, both weeks with one host, found elsewhere, nothing yet; 3e and 4e with a complete or
partial observation sequence; a lycée professionnel class with its PFMP periods, one of two
covered. demo/placements.py plays it through placements' services.
"""

import datetime
from dataclasses import dataclass

from offers.models import Public
from organisations.models import Organisation
from placements.levels import Level
from placements.models import AppState
from reference.periods import WEEK, monday_on_or_after, seconde_period

EXTERNAL = "external"
# The demo host's offers belong to the demo employer's own organisation.
EMPLOYER_HOST = "employer"


@dataclass(frozen=True)
class Host:
    name: str
    host_type: str
    commune: str  # INSEE code
    street: str


HOSTS = {
    "fromagerie": Host(
        "Fromagerie Bourgeois", Organisation.HostType.COMPANY, "21231", "12 rue Berbisey"
    ),
    "restaurant": Host(
        "Restaurant Le Bistrot des Halles",
        Organisation.HostType.COMPANY,
        "21231",
        "10 rue Bannelier",
    ),
    "mairie": Host(
        "Mairie d'Arnay-le-Duc",
        Organisation.HostType.LOCAL_AUTHORITY,
        "21023",
        "2 place Édouard Herriot",
    ),
    "atelier": Host(
        "Ateliers mécaniques de Bourgogne",
        Organisation.HostType.COMPANY,
        "21231",
        "5 rue de l'Industrie",
    ),
    "agence": Host(
        "Agence numérique Côté Web", Organisation.HostType.COMPANY, "21231", "8 rue Musette"
    ),
}


@dataclass(frozen=True)
class DemoOffer:
    host: str  # a HOSTS key, or EMPLOYER_HOST
    title: str
    sector: str
    publics: tuple[str, ...]
    periods: tuple[str, ...]  # keys of `dates()`
    places: int
    activities: str
    accessible: bool = False


OFFERS = {
    "A": DemoOffer(
        "fromagerie",
        "Fromagerie : du lait au comté",
        "s28",
        (Public.SECONDE,),
        ("w1", "w2"),
        4,
        "suivre la fabrication du fromage, l'affinage en cave et les contrôles qualité",
    ),
    "B": DemoOffer(
        EMPLOYER_HOST,
        "Vente et conseil en magasin",
        "s12",
        (Public.SECONDE,),
        ("w1", "w2"),
        4,
        "accueillir les clients, mettre en rayon, tenir la caisse et comprendre la gestion",
    ),
    "C": DemoOffer(
        "restaurant",
        "Cuisine et service en restaurant",
        "s26",
        (Public.SECONDE,),
        ("both",),
        3,
        "participer à la mise en place, observer la brigade en cuisine et le service en salle",
    ),
    "D": DemoOffer(
        "mairie",
        "Découverte des services d'une mairie",
        "s25",
        (Public.QUATRIEME, Public.TROISIEME),
        ("obs3", "obs4"),
        4,
        "découvrir l'état civil, l'urbanisme, les services techniques et le conseil municipal",
    ),
    "E": DemoOffer(
        EMPLOYER_HOST,
        "Découverte du commerce de proximité",
        "s12",
        (Public.TROISIEME,),
        ("obs3",),
        3,
        "observer la réception des marchandises, la mise en rayon et le conseil aux clients",
    ),
    "F": DemoOffer(
        "restaurant",
        "Commis de cuisine (PFMP)",
        "s26",
        (Public.LYCEE_PRO,),
        ("pfmp1", "pfmp2"),
        3,
        "préparer les entrées et les desserts avec le chef et tenir un poste au service",
    ),
    "G": DemoOffer(
        "fromagerie",
        "Vente en fromagerie (PFMP)",
        "s28",
        (Public.LYCEE_PRO,),
        ("pfmp2",),
        2,
        "conseiller les clients au comptoir, découper et emballer, tenir la caisse",
    ),
    # The 2de C's two weeks, in two sectors the Region watches for gender mix.
    "H": DemoOffer(
        "atelier",
        "Usinage et maintenance industrielle",
        "s30",
        (Public.SECONDE,),
        ("w1", "w2"),
        8,
        "observer l'usinage des pièces, le contrôle et la maintenance des machines",
        accessible=True,
    ),
    "I": DemoOffer(
        "agence",
        "Développement web et réseaux",
        "s31",
        (Public.SECONDE,),
        ("w1", "w2"),
        8,
        "suivre la création d'un site, de la maquette à la mise en ligne, et le support",
        accessible=True,
    ),
}


@dataclass(frozen=True)
class Pupil:
    first_name: str
    last_name: str
    # ("A", "w1", AppState.CONFIRMED): applied to offer A for its period w1, taken to that
    # state; (EXTERNAL, "w2", host name): a placement found elsewhere for those dates.
    steps: tuple[tuple[str, str, str], ...] = ()
    # The profile's two optional answers (placements.services.save_profile); none by default.
    gender: str = ""
    needs_accessible_place: bool | None = None


def _apply(offer, period, state):
    return (offer, period, state)


def _external(period, host):
    return (EXTERNAL, period, host)


CONFIRMED, ACCEPTED = AppState.CONFIRMED, AppState.ACCEPTED
SUBMITTED, DECLINED = AppState.SUBMITTED, AppState.DECLINED


# The 2de C answered the profile's two questions (the Region's gender and access figures
# count 5 pupils at least): 7 girls and 6 boys, 5 of them needing an accessible place, each
# with the two seconde weeks confirmed, one in industry (H) and one in digital (I).
ANSWERING = [
    ("Léa", "Bonnet", "fille"), ("Alice", "Faure", "fille"), ("Louise", "Chevalier", "fille"),
    ("Anna", "Gauthier", "fille"), ("Julia", "Perret", "fille"), ("Mila", "Jeannin", "fille"),
    ("Lou", "Vernier", "fille"), ("Arthur", "Lemoine", "garcon"), ("Jules", "Mathieu", "garcon"),
    ("Raphaël", "Boyer", "garcon"), ("Noah", "Cuenot", "garcon"), ("Sacha", "Grosjean", "garcon"),
    ("Ethan", "Vallet", "garcon"),
]  # fmt: skip


def _answering() -> tuple[Pupil, ...]:
    weeks = [("H", "I"), ("I", "H")]
    return tuple(
        Pupil(
            first, last,
            (_apply(weeks[i % 2][0], "w1", CONFIRMED), _apply(weeks[i % 2][1], "w2", CONFIRMED)),
            gender=gender, needs_accessible_place=i % 3 == 0,
        )
        for i, (first, last, gender) in enumerate(ANSWERING)
    )  # fmt: skip


@dataclass(frozen=True)
class DemoClass:
    uai: str
    name: str
    level: str
    join_code: str
    teacher: str  # a TEACHERS key
    pupils: tuple[Pupil, ...]
    training_periods: tuple[str, ...] = ()


# Teachers by e-mail: (first name, last name, school UAI).
TEACHERS = {
    "enseignant.demo@ac-besancon.fr": ("Anne", "Mougin", "0210015C"),
    "enseignant.college@ac-dijon.fr": ("Paul", "Bernard", "0210001M"),
    "enseignant.lp@ac-dijon.fr": ("Sophie", "Renaud", "0210056X"),
}
DEMO_SCHOOL = "0210015C"  # Lycée général et technologique Carnot, Dijon

# The first pupil of 2de A logs in by e-mail (demo/accounts.py); the second with DEMO-2027.
CLASSES = [
    DemoClass(
        DEMO_SCHOOL,
        "2de A",
        Level.SECONDE,
        "DEMO2A",
        "enseignant.demo@ac-besancon.fr",
        (
            # Léo (eleve@…): week 1 confirmed, week 2 waiting for the demo employer's answer.
            Pupil("Léo", "Perrin", (_apply("A", "w1", CONFIRMED), _apply("B", "w2", SUBMITTED))),
            Pupil("Inès", "Bouvier", (_apply("A", "w1", CONFIRMED), _apply("B", "w2", CONFIRMED))),
            Pupil("Hugo", "Lambert", (_apply("C", "both", CONFIRMED),)),
            Pupil("Chloé", "Mercier", (_apply("B", "w1", SUBMITTED),)),
            Pupil(
                "Nathan",
                "Guyot",
                (_external("w1", "Pharmacie du Centre"), _apply("A", "w2", ACCEPTED)),
            ),
            Pupil("Manon", "Pernot"),
            Pupil("Yanis", "Girard", (_apply("C", "both", DECLINED),)),
        ),
    ),
    DemoClass(
        DEMO_SCHOOL,
        "2de B",
        Level.SECONDE,
        "DEMO2B",
        "enseignant.demo@ac-besancon.fr",
        (
            Pupil("Emma", "Roy", (_external("both", "Cabinet vétérinaire des Lacs"),)),
            Pupil("Lucas", "Vuillemin", (_apply("A", "w2", CONFIRMED),)),
            Pupil(
                "Tom",
                "Bailly",
                (_apply("B", "w1", CONFIRMED), _external("w2", "Librairie Grangier")),
            ),
            Pupil("Sarah", "Colin"),
        ),
    ),
    DemoClass(
        "0210001M",  # Collège Claude Guyot, Arnay-le-Duc
        "3e A",
        Level.TROISIEME,
        "DEMO3A",
        "enseignant.college@ac-dijon.fr",
        (
            Pupil("Jade", "Petit", (_apply("D", "obs3", CONFIRMED),)),
            Pupil("Louis", "Masson", (_external("obs3_part", "Garage Central"),)),
            Pupil("Lina", "Roux", (_apply("E", "obs3", SUBMITTED),)),
            Pupil("Adam", "Garnier"),
        ),
    ),
    DemoClass(
        "0210001M",
        "4e B",
        Level.QUATRIEME,
        "DEMO4B",
        "enseignant.college@ac-dijon.fr",
        (
            Pupil("Rose", "Morel", (_apply("D", "obs4", CONFIRMED),)),
            Pupil("Gabriel", "Fournier"),
        ),
    ),
    DemoClass(
        "0210056X",  # Lycée professionnel Eugène Guillaume, Montbard
        "1re pro Cuisine",
        Level.PREMIERE_PRO,
        "DEMOPRO",
        "enseignant.lp@ac-dijon.fr",
        (
            Pupil(
                "Zoé", "Michel", (_apply("F", "pfmp1", CONFIRMED), _apply("G", "pfmp2", CONFIRMED))
            ),
            Pupil("Théo", "Blanc", (_apply("F", "pfmp1", CONFIRMED),)),
            Pupil("Camille", "David", (_apply("F", "pfmp2", SUBMITTED),)),
        ),
        training_periods=("pfmp1", "pfmp2"),
    ),
    DemoClass(
        DEMO_SCHOOL,
        "2de C",
        Level.SECONDE,
        "DEMO2C",
        "enseignant.demo@ac-besancon.fr",
        _answering(),
    ),
]


def _upcoming(day: datetime.date, today: datetime.date) -> datetime.date:
    """The Monday on or after `day`, or the first one a week from today if that is past:
    pupils apply only for periods that have not started."""
    return max(monday_on_or_after(day), monday_on_or_after(today + WEEK))


def dates(school_year: int, today: datetime.date) -> dict[str, tuple[datetime.date, datetime.date]]:
    """Each period key's (start, end): the national seconde weeks, and for the other
    levels weeks of the school year that are still to come."""
    national = seconde_period(school_year)
    (w1, w2) = national.working_weeks
    friday = datetime.timedelta(days=4)
    obs3 = _upcoming(datetime.date(school_year, 1, 25), today)
    obs4 = max(_upcoming(datetime.date(school_year, 3, 22), today), obs3 + WEEK)
    pfmp1 = _upcoming(datetime.date(school_year, 2, 8), today)
    pfmp2 = max(_upcoming(datetime.date(school_year, 4, 26), today), pfmp1 + 4 * WEEK)
    return {
        "w1": w1,
        "w2": w2,
        "both": (national.start, national.end),
        "obs3": (obs3, obs3 + friday),
        "obs3_part": (obs3, obs3 + datetime.timedelta(days=2)),  # 3 days of 5
        "obs4": (obs4, obs4 + friday),
        "pfmp1": (pfmp1, pfmp1 + WEEK + friday),  # two weeks
        "pfmp2": (pfmp2, pfmp2 + WEEK + friday),
    }

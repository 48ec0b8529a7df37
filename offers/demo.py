"""Deterministic, realistic demo data: organisations, offers and periods, demo accounts.

Everything derives from one seed, so `seed_demo --offers N --seed S` gives the same rows on
every machine. Offers are bulk-inserted (100,000 in well under two minutes).
"""

import datetime
import random
from itertools import islice

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.attachments import mark_confirmed
from accounts.models import User
from organisations.models import Membership, Organisation
from organisations.validators import luhn_valid
from reference.models import Commune, School, Sector
from reference.periods import school_year_of, seconde_period

from .models import Offer, OfferPeriod, Public, State

DEMO_PASSWORD = "demo-stages-bfc"
# Region staff must use TOTP: the demo accounts share this known secret (development only).
DEMO_TOTP_SECRET = "DEMOSTAGESBFCREGIONMODERATIONXYZ"
DEMO_DOMAIN = "demo.stages-bfc.fr"
OFFERS_PER_ORGANISATION = 4
BATCH = 2000

# Job families by national sector code: (job title, what the pupil sees and does).
JOBS = {
    "s51": [
        (
            "Découverte d'une exploitation agricole",
            "soigner les animaux, suivre les cultures et comprendre le travail de la terre au fil des saisons",
        )
    ],
    "s10": [
        (
            "Les métiers du chantier",
            "suivre un chef d'équipe sur un chantier de construction, découvrir la maçonnerie, la lecture de plans et la sécurité",
        )
    ],
    "s12": [
        (
            "Vente et conseil en magasin",
            "accueillir les clients, mettre en rayon, tenir la caisse et comprendre la gestion d'un magasin",
        )
    ],
    "s26": [
        (
            "Cuisine et service en restaurant",
            "participer à la mise en place, observer la brigade en cuisine et le service en salle",
        )
    ],
    "s28": [
        (
            "Boulangerie et pâtisserie",
            "pétrir, façonner et cuire le pain, préparer les viennoiseries et découvrir l'hygiène alimentaire",
        ),
        (
            "Fromagerie : du lait au comté",
            "suivre la fabrication du fromage, l'affinage en cave et les contrôles qualité",
        ),
    ],
    "s31": [
        (
            "Développement web et réseaux",
            "observer une équipe de développeurs, découvrir le code, les serveurs et la cybersécurité",
        )
    ],
    "s43": [
        (
            "Découverte des métiers de l'hôpital",
            "suivre des soignants, découvrir l'accueil des patients, la pharmacie et la logistique hospitalière",
        )
    ],
    "s41": [
        (
            "Pharmacie et soins",
            "découvrir la préparation des commandes, le conseil aux patients et le travail d'équipe en officine",
        )
    ],
    "s25": [
        (
            "Au service des habitants en mairie",
            "découvrir l'état civil, l'urbanisme, les services techniques et le conseil municipal",
        )
    ],
    "s24": [
        (
            "Menuiserie et travail du bois",
            "observer la découpe, l'assemblage et la finition des pièces, de la scierie à l'atelier",
        )
    ],
    "s8": [
        (
            "Atelier de réparation automobile",
            "observer le diagnostic, l'entretien des véhicules et l'accueil des clients au garage",
        )
    ],
    "s37": [
        (
            "Usinage et mécanique de précision",
            "découvrir les machines à commande numérique, la métrologie et le contrôle des pièces",
        )
    ],
    "s23": [
        (
            "Protection de l'environnement",
            "suivre des relevés sur le terrain, la gestion des déchets et la sensibilisation du public",
        )
    ],
    "s17": [
        (
            "Coulisses d'un musée",
            "découvrir la conservation des œuvres, la médiation et la préparation d'une exposition",
        )
    ],
    "s34": [
        (
            "Logistique d'un entrepôt",
            "suivre la réception, le stockage et l'expédition des marchandises",
        )
    ],
    "s46": [
        (
            "Accompagnement social",
            "découvrir l'accueil des familles, l'écoute et le travail en réseau avec les partenaires",
        )
    ],
    "s47": [
        (
            "Animation sportive",
            "aider à préparer les séances, observer l'encadrement des groupes et l'organisation d'un club",
        )
    ],
    "s48": [
        (
            "Accueil touristique",
            "renseigner les visiteurs, préparer des circuits et découvrir la promotion d'un territoire",
        )
    ],
    "s21": [
        (
            "Métiers de l'énergie",
            "découvrir la production et la distribution d'électricité, la maintenance et la sécurité",
        )
    ],
    "s9": [
        (
            "Banque et conseil",
            "observer l'accueil des clients, le conseil et le traitement des dossiers en agence",
        )
    ],
}
HOSTS = {
    Organisation.HostType.COMPANY: [
        "Boulangerie",
        "Garage",
        "Atelier",
        "Fromagerie",
        "Menuiserie",
        "Société",
        "Laboratoire",
        "Imprimerie",
        "Agence",
        "Transports",
    ],
    Organisation.HostType.ASSOCIATION: [
        "Association",
        "Club sportif",
        "Centre social",
        "Maison des jeunes",
    ],
    Organisation.HostType.STATE: ["Préfecture", "Direction départementale des territoires"],
    Organisation.HostType.PUBLIC_BODY: [
        "Centre hospitalier",
        "Office de tourisme",
        "Lycée agricole",
    ],
    Organisation.HostType.LOCAL_AUTHORITY: [
        "Mairie",
        "Communauté de communes",
        "Conseil départemental",
    ],
}
SURNAMES = [
    "Bernard",
    "Girard",
    "Morel",
    "Mercier",
    "Faivre",
    "Cuenot",
    "Vuillemin",
    "Jacquot",
    "Perrin",
    "Roy",
    "Bourgeois",
    "Guyot",
    "Lambert",
    "Mougin",
    "Pernot",
    "Bouvier",
]
STREETS = [
    "rue de la République",
    "avenue Jean Jaurès",
    "rue Pasteur",
    "place de la Mairie",
    "rue Victor Hugo",
    "chemin des Vignes",
    "zone artisanale des Prés",
    "rue du Moulin",
]
PUBLIC_MIX = [
    ([Public.SECONDE], 45),
    ([Public.TROISIEME], 12),
    ([Public.QUATRIEME, Public.TROISIEME], 6),
    ([Public.SECONDE, Public.TROISIEME], 6),
    ([Public.LYCEE_PRO], 10),
    ([Public.POST_BAC], 8),
    ([Public.APPRENTI], 5),
    ([Public.ADULTE], 4),
    ([Public.POST_BAC, Public.ADULTE], 4),
]
STATE_MIX = [
    (State.PUBLISHED, 82),
    (State.SUBMITTED, 7),
    (State.DRAFT, 4),
    (State.CHANGES_REQUESTED, 2),
    (State.REJECTED, 1),
    (State.FILLED, 2),
    (State.WITHDRAWN, 1),
    (State.EXPIRED, 1),
    (State.ARCHIVED, 1),
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _siret(n: int) -> str:
    prefix = f"9{n:012d}"
    return next(prefix + str(d) for d in range(10) if luhn_valid(prefix + str(d)))


class DemoBuilder:
    def __init__(self, seed: int, today: datetime.date | None = None):
        self.seed = seed
        self.today = today or timezone.localdate()
        self.school_year = school_year_of(self.today)
        self.period = seconde_period(self.school_year)
        self.communes = list(Commune.objects.order_by("insee").values_list("insee", "latitude"))
        self.sectors = dict(Sector.objects.values_list("code", "label"))
        if not self.communes or not self.sectors:
            raise RuntimeError("Chargez d'abord les référentiels : manage.py load_reference")

    def _rng(self, kind: str, index: int) -> random.Random:
        return random.Random(f"{self.seed}:{kind}:{index}")

    def organisation(self, index: int) -> Organisation:
        rng = self._rng("org", index)
        host_type = _weighted(
            rng, [(t, w) for t, w in zip(HOSTS, [60, 15, 5, 10, 10], strict=True)]
        )
        insee = rng.choice(self.communes)[0]
        name = f"{rng.choice(HOSTS[host_type])} {rng.choice(SURNAMES)}"
        return Organisation(
            name=name,
            siret=_siret(self.seed * 10_000_000 + index),
            host_type=host_type,
            street=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
            commune_id=insee,
            description=f"{name} accueille chaque année des jeunes pour leur faire découvrir ses métiers.",
        )

    def offer(self, index: int, organisation: Organisation) -> tuple[Offer, list[tuple]]:
        rng = self._rng("offer", index)
        code = rng.choice(sorted(self.sectors))
        title, activities = rng.choice(
            JOBS.get(
                code,
                [
                    (
                        f"Découverte des métiers : {self.sectors[code].lower()}",
                        f"observer les professionnels du secteur {self.sectors[code].lower()} et participer aux tâches du quotidien",
                    )
                ],
            )
        )
        publics = list(_weighted(rng, PUBLIC_MIX))
        state = _weighted(rng, STATE_MIX)
        accessible = rng.random() < 0.4
        offer = Offer(
            organisation=organisation,
            title=title,
            sector_id=code,
            publics=publics,
            description=(
                f"Pendant votre stage, vous allez {activities}. "
                f"Vous serez accompagné(e) par un tuteur ou une tutrice de {organisation.name}. "
                "Tenue correcte demandée ; le programme s'adapte à vos questions."
            ),
            street=organisation.street
            if rng.random() < 0.7
            else f"{rng.randint(1, 80)} {rng.choice(STREETS)}",
            commune_id=organisation.commune_id
            if rng.random() < 0.7
            else rng.choice(self.communes)[0],
            hours_start=datetime.time(rng.choice([8, 9]), rng.choice([0, 30])),
            hours_end=datetime.time(rng.choice([16, 17, 18]), 0),
            lunch_break="Pause de 12 h à 13 h 30, repas possible sur place"
            if rng.random() < 0.5
            else "",
            accessible=accessible,
            accessibility_details="Locaux de plain-pied, ascenseur et toilettes adaptées."
            if accessible
            else "",
            transport=f"Arrêt de bus « {rng.choice(STREETS).split(' ', 1)[1].title()} » à {rng.randint(2, 15)} minutes à pied."
            if rng.random() < 0.6
            else "",
            tutor_name=f"{rng.choice(['Claire', 'Julien', 'Sophie', 'Karim', 'Nadia', 'Luc'])} {rng.choice(SURNAMES)}",
            tutor_email=f"tuteur{index}@{DEMO_DOMAIN}",
            state=state,
            submitted_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 60)),
            published_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 40))
            if state in (State.PUBLISHED, State.FILLED, State.WITHDRAWN, State.EXPIRED)
            else None,
        )
        return offer, self.periods(rng, publics)

    def periods(self, rng, publics) -> list[tuple]:
        places = rng.choice([1, 1, 2, 2, 3, 4, 6, 10, 35])
        if Public.SECONDE in publics:
            week = datetime.timedelta(days=7)
            weeks = rng.choice([[0], [1], [0, 1], [0, 1]])
            if len(weeks) == 2 and rng.random() < 0.7:
                return [(self.period.start, self.period.end, places)]
            return [
                (
                    self.period.start + i * week,
                    self.period.start + i * week + datetime.timedelta(days=4),
                    places,
                )
                for i in weeks
            ]
        # Other publics: one or two ranges between January and May of the school year.
        ranges = []
        for _ in range(rng.choice([1, 1, 2])):
            start = datetime.date(self.school_year, rng.randint(1, 5), 1)
            start += datetime.timedelta(days=(7 - start.weekday()) % 7 + 7 * rng.randint(0, 3))
            ranges.append((start, start + datetime.timedelta(days=rng.choice([4, 11, 18])), places))
        return ranges


def _bulk(model, objects):
    return model.objects.bulk_create(objects, batch_size=BATCH)


def seed_offers(count: int, seed: int) -> int:
    """Create demo offers up to `count` (idempotent: existing demo offers are kept)."""
    builder = DemoBuilder(seed)
    existing = Offer.objects.filter(tutor_email__endswith=f"@{DEMO_DOMAIN}").count()
    needed_orgs = -(-count // OFFERS_PER_ORGANISATION)
    known = set(Organisation.objects.filter(siret__startswith="9").values_list("siret", flat=True))
    new_orgs = [
        o for o in (builder.organisation(i) for i in range(needed_orgs)) if o.siret not in known
    ]
    _bulk(Organisation, new_orgs)
    organisations = {o.siret: o for o in Organisation.objects.filter(siret__startswith="9")}
    ordered = [organisations[_siret(seed * 10_000_000 + i)] for i in range(needed_orgs)]
    created = 0
    indexes = iter(range(existing, count))
    while batch := list(islice(indexes, BATCH)):
        with transaction.atomic():
            pairs = [builder.offer(i, ordered[i // OFFERS_PER_ORGANISATION]) for i in batch]
            offers = _bulk(Offer, [offer for offer, _ in pairs])
            _bulk(
                OfferPeriod,
                [
                    OfferPeriod(offer=offer, start=start, end=end, places=places)
                    for offer, (_, periods) in zip(offers, pairs, strict=True)
                    for start, end, places in periods
                ],
            )
        created += len(batch)
    return created


def _account(email, role, **extra):
    user, created = User.objects.get_or_create(email=email, defaults={"role": role, **extra})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _with_totp(user):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def seed_accounts(seed: int) -> list[User]:
    builder = DemoBuilder(seed)
    school = School.objects.order_by("uai").first()
    employer = _account(
        f"employeur@{DEMO_DOMAIN}", User.Role.EMPLOYER, first_name="Élise", last_name="Faivre"
    )
    first_org = Organisation.objects.filter(siret=_siret(seed * 10_000_000)).first()
    if first_org is None:
        first_org = builder.organisation(0)
        first_org.save()
    colleague = _account(
        f"collegue@{DEMO_DOMAIN}", User.Role.EMPLOYER, first_name="Hugo", last_name="Faivre"
    )
    for member in (employer, colleague):
        Membership.objects.get_or_create(user=member, defaults={"organisation": first_org})
    staff = [
        _account(
            f"moderation@{DEMO_DOMAIN}",
            User.Role.MODERATOR,
            first_name="Marc",
            last_name="Jacquot",
            is_staff=True,
        ),
        _account(
            f"admin@{DEMO_DOMAIN}",
            User.Role.ADMIN,
            first_name="Admin",
            last_name="Région",
            is_staff=True,
            is_superuser=True,
        ),
    ]
    for user in staff:
        _with_totp(user)
    teacher = _account(
        "enseignant.demo@ac-besancon.fr",
        User.Role.TEACHER,
        first_name="Anne",
        last_name="Mougin",
        school=school,
    )
    pupil = _account(
        f"eleve@{DEMO_DOMAIN}",
        User.Role.PUPIL,
        first_name="Léo",
        last_name="Perrin",
        school=school,
    )
    mark_confirmed(teacher)  # the demo teacher works at the demo school
    # The teacher's class, its pupils and their applications (placements app).
    from placements.demo import seed_placements

    seed_placements(teacher, pupil, employer)
    return [employer, *staff, teacher, pupil]

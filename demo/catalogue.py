"""What the demo offers are made of: job families, host names, streets, and how publics and
states are mixed (weights)."""

from offers.models import Public, State
from organisations.models import Organisation

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

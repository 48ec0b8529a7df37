"""Our sectors (the national list s1…s51) → 1 jeune 1 solution `domaines` (exact strings).

An explicit table, reviewed by hand and tested: every sector has at least one domaine,
and every value is one of the 39 of `DOMAINES` (copied from the 1j1s reference list).
"""

DOMAINES = [
    "achats",
    "activités sociales et culturelles",
    "agriculture",
    "architecture / urbanisme / immobilier",
    "audit",
    "chimie / biologie / agronomie",
    "commerce",
    "communication",
    "community management",
    "comptabilité / contrôle de gestion",
    "conception / génie civil / génie industriel",
    "conseil",
    "design / UX / UI",
    "développement informatique",
    "direction d'entreprise",
    "énergie / matériaux / mécanique / électronique",
    "enseignement",
    "environnement",
    "évènementiel",
    "études / statistiques / data",
    "fiscalite / finance / assurance",
    "gestion de projet / produit",
    "graphisme / illustration",
    "infra / réseaux / télécoms",
    "hôtellerie - restauration",
    "journalisme / rp / médias",
    "juridique",
    "logistique",
    "luxe / mode / textile",
    "marketing",
    "production / fabrication / exploitation",
    "qualité / maintenance",
    "rh / formation",
    "santé / services à la personne",
    "secteur public",
    "relation client / support",
    "travaux / chantiers",
    "ventes",
    "non renseigné",
]

SECTOR_DOMAINES = {
    "s1": ["agriculture", "énergie / matériaux / mécanique / électronique"],  # Agroéquipement
    "s2": ["architecture / urbanisme / immobilier"],  # Architecture, urbanisme et paysage
    "s3": ["secteur public"],  # Armée - Défense
    "s4": ["design / UX / UI", "graphisme / illustration"],  # Art et design
    "s5": ["production / fabrication / exploitation"],  # Artisanat d'art
    "s6": ["activités sociales et culturelles", "évènementiel"],  # Arts du spectacle
    "s7": ["journalisme / rp / médias"],  # Audiovisuel
    "s8": ["qualité / maintenance", "énergie / matériaux / mécanique / électronique"],  # Automobile
    "s9": ["fiscalite / finance / assurance"],  # Banque et assurance
    "s10": ["travaux / chantiers", "conception / génie civil / génie industriel"],  # BTP
    "s11": ["santé / services à la personne"],  # Bien-être
    "s12": ["commerce", "ventes"],  # Commerce et distribution
    "s13": ["communication"],  # Communication
    "s14": ["comptabilité / contrôle de gestion", "rh / formation"],  # Comptabilité, gestion, RH
    "s15": ["conseil", "audit"],  # Conseil et audit
    "s16": ["conception / génie civil / génie industriel"],  # Construction aéro, ferro, navale
    "s17": ["activités sociales et culturelles"],  # Culture et patrimoine
    "s18": ["juridique"],  # Droit et justice
    "s19": ["activités sociales et culturelles", "commerce"],  # Édition, librairie, bibliothèque
    "s20": ["énergie / matériaux / mécanique / électronique"],  # Électronique
    "s21": ["énergie / matériaux / mécanique / électronique"],  # Énergie
    "s22": ["enseignement"],  # Enseignement
    "s23": ["environnement"],  # Environnement
    "s24": ["production / fabrication / exploitation"],  # Filière bois
    "s25": ["secteur public"],  # Fonction publique
    "s26": ["hôtellerie - restauration"],  # Hôtellerie, restauration
    "s27": ["architecture / urbanisme / immobilier"],  # Immobilier, transactions immobilières
    "s28": ["production / fabrication / exploitation"],  # Industrie alimentaire
    "s29": ["chimie / biologie / agronomie"],  # Industrie chimique
    "s30": ["conception / génie civil / génie industriel"],  # Industrie, ingénierie industrielle
    "s31": ["développement informatique", "infra / réseaux / télécoms"],  # Informatique et réseaux
    "s32": ["développement informatique", "graphisme / illustration"],  # Jeu vidéo
    "s33": ["journalisme / rp / médias"],  # Journalisme
    "s34": ["logistique"],  # Logistique et transport
    "s35": ["qualité / maintenance"],  # Maintenance
    "s36": ["marketing", "communication"],  # Marketing, publicité
    "s37": ["énergie / matériaux / mécanique / électronique"],  # Mécanique
    "s38": ["production / fabrication / exploitation"],  # Métiers d'art
    "s39": ["luxe / mode / textile"],  # Mode
    "s40": ["production / fabrication / exploitation"],  # Papiers Cartons
    "s41": ["santé / services à la personne"],  # Paramédical
    "s42": ["chimie / biologie / agronomie", "études / statistiques / data"],  # Recherche
    "s43": ["santé / services à la personne"],  # Santé
    "s44": ["secteur public"],  # Sécurité
    "s45": ["logistique"],  # Services postaux
    "s46": ["santé / services à la personne", "activités sociales et culturelles"],  # Social
    "s47": ["activités sociales et culturelles"],  # Sport
    "s48": ["hôtellerie - restauration", "évènementiel"],  # Tourisme
    "s49": ["communication"],  # Traduction, interprétation
    "s50": ["production / fabrication / exploitation"],  # Verre, béton, céramique
    "s51": ["agriculture"],  # Agriculture
}


def domaines_of(sector_code: str) -> list[str]:
    return SECTOR_DOMAINES.get(sector_code, ["non renseigné"])

"""`GET /search`, as the register's "API Recherche d'entreprises" answers it: units (unités
légales) with their head office and, for a SIRET or SIREN query, the establishments that
match; 400 with `erreur` for bad parameters."""

import datetime

from . import catalogue

MAX_PER_PAGE = 25


def _establishment(unit, e) -> dict:
    return {
        "siret": e.siret,
        "est_siege": e.head_office,
        "adresse": e.address,
        "numero_voie": e.number,
        "type_voie": e.street_type,
        "libelle_voie": e.street,
        "code_postal": e.postcode,
        "commune": e.insee,
        "libelle_commune": e.commune,
        "etat_administratif": "A" if e.open else "F",
        "date_fermeture": None if e.open else "2024-06-30",
        "activite_principale": e.activity,
        "liste_enseignes": e.signs or None,
        "nom_commercial": None,
    }


def _unit(unit, matching) -> dict:
    category = unit.legal_category
    return {
        "siren": unit.siren,
        "nom_complet": unit.name,
        "nom_raison_sociale": unit.name,
        "sigle": None,
        "nature_juridique": category,
        "activite_principale": unit.activity,
        "section_activite_principale": None,
        "etat_administratif": "A" if unit.open else "C",
        "nombre_etablissements": len(unit.establishments),
        "nombre_etablissements_ouverts": sum(e.open for e in unit.establishments),
        "siege": _establishment(unit, unit.head_office),
        "matching_etablissements": [_establishment(unit, e) for e in matching],
        "complements": {
            "est_association": category.startswith("92"),
            "est_service_public": category.startswith("7"),
            "collectivite_territoriale": {"code_insee": unit.head_office.insee, "niveau": "commune"}
            if category.startswith("72")
            else None,
        },
        "date_mise_a_jour": datetime.date.today().isoformat(),
    }


def _page(units, page, per_page, matching=lambda unit: []) -> dict:
    total = len(units)
    shown = units[(page - 1) * per_page : page * per_page]
    return {
        "results": [_unit(unit, matching(unit)) for unit in shown],
        "total_results": total,
        "page": page,
        "per_page": per_page,
        "total_pages": max(1, -(-total // per_page)),
    }


def _integer(params, name, default):
    try:
        return int(params.get(name, [default])[0])
    except ValueError:
        return None


def search(params: dict[str, list[str]]) -> tuple[int, dict]:
    query = "".join(params.get("q", [""])[0].split())
    page, per_page = _integer(params, "page", 1), _integer(params, "per_page", 10)
    if page is None or page < 1:
        return 400, {"erreur": "Veuillez indiquer un numéro de page entier supérieur à 0."}
    if per_page is None or not 1 <= per_page <= MAX_PER_PAGE:
        return 400, {"erreur": f"Veuillez indiquer un per_page entier entre 1 et {MAX_PER_PAGE}."}
    if len(query) < 3:
        return 400, {"erreur": "Veuillez indiquer un terme de recherche d'au moins 3 caractères."}
    if query.isdigit() and len(query) == 14:
        found = catalogue.find_siret(query)
        if not found:
            return 200, _page([], page, per_page)
        unit, establishment = found
        return 200, _page([unit], page, per_page, lambda _: [establishment])
    if query.isdigit() and len(query) == 9:
        unit = catalogue.units().get(query)
        return 200, _page([unit] if unit else [], page, per_page)
    text = params["q"][0]
    return 200, _page(catalogue.search_names(text, 200), page, per_page)

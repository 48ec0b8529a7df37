"""National refusals, explained in French to the employer and to Region staff."""

FIELDS = {
    "title": "l'intitulé",
    "description": "la description",
    "employer_name": "le nom de la structure",
    "employer_description": "la présentation de la structure",
    "employer_website": "le site internet de la structure",
    "street": "l'adresse",
    "zipcode": "le code postal",
    "city": "la commune",
    "coordinates": "les coordonnées du lieu",
    "sector_uuid": "le secteur",
    "grades": "les niveaux (4e, 3e, seconde)",
    "weeks": "les semaines de stage",
    "remote_id": "l'identifiant de l'offre",
    "permalink": "l'adresse de l'offre sur notre site",
    "max_candidates": "le nombre de places",
    "daily_hours": "les horaires",
}


def explain(error) -> str:
    """One sentence: what the national platform refused and who must act."""
    body = error.body if isinstance(error.body, dict) else {}
    code, detail = body.get("code", ""), body.get("error", "")
    if code == "VALIDATION_ERROR" and isinstance(detail, dict):
        parts = [
            f"{FIELDS.get(name, name)} ({', '.join(map(str, messages))})"
            for name, messages in detail.items()
        ]
        return (
            "La plateforme nationale refuse " + " ; ".join(parts) + ". Corrigez l'offre : "
            "elle repartira après validation par la Région."
        )
    if code == "WRONG_PARAMS":
        return (
            f"La plateforme nationale refuse les niveaux ou les semaines ({detail}). "
            "Vérifiez les publics et les périodes d'accueil de l'offre."
        )
    if error.status == 403:
        return (
            "Sur la plateforme nationale, cette offre appartient à un autre compte : "
            "la Région doit contacter l'équipe nationale."
        )
    if error.status == 401:
        return (
            "La plateforme nationale refuse les identifiants de la Région : "
            "vérifiez NATIONAL_API_EMAIL et NATIONAL_API_PASSWORD, puis relancez l'envoi."
        )
    if str(error) == "remote_id supprimé":
        return (
            "L'offre a été supprimée définitivement de la plateforme nationale et ne peut pas "
            "y revenir : dupliquez-la pour la proposer de nouveau."
        )
    return (
        f"La plateforme nationale refuse l'offre (erreur {error.status} {code} : {detail}). "
        "La Région doit vérifier l'envoi avant de relancer."
    )

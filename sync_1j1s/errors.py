"""National refusals, explained in French to the employer and to Region staff.

`VALIDATION_ERROR` carries English messages keyed by the platform's attribute names (an
unknown `sector_uuid` comes back under `sector`): both are translated here.
"""

import re

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
    "sector": "le secteur",
    "employer_chosen_name": "le nom affiché de la structure",
    "is_public": "le type de structure (publique ou privée)",
    "handicap_accessible": "l'accessibilité aux élèves en situation de handicap",
    "rep": "la mention REP",
    "qpv": "la mention QPV",
    "lunch_break": "la pause déjeuner",
    "published_at": "la date de publication",
    "grades": "les niveaux (4e, 3e, seconde)",
    "weeks": "les semaines de stage",
    "remote_id": "l'identifiant de l'offre",
    "permalink": "l'adresse de l'offre sur notre site",
    "max_candidates": "le nombre de places",
    "daily_hours": "les horaires",
}


WRONG_PARAMS = {
    "seconde cannot be mixed with other grades": "la seconde ne peut pas être mêlée aux 4e et 3e",
    "seconde internship offers must include both mandatory weeks": (
        "une offre de seconde doit comprendre les deux semaines nationales de l'année scolaire "
        "en cours"
    ),
}
MESSAGES = [
    (re.compile(r"can't be blank|must be filled"), "à renseigner"),
    (
        re.compile(r"is too long \(maximum is (\d+) characters?\)"),
        r"trop long : \1 caractères au plus",
    ),
    (
        re.compile(r"is too short \(minimum is (\d+) characters?\)"),
        r"trop court : \1 caractères au moins",
    ),
    (re.compile(r"must exist|is not included in the list"), "absent de la liste nationale"),
    (re.compile(r"is not a number"), "pas un nombre"),
    (re.compile(r"must be greater than (\d+)"), r"doit être supérieur à \1"),
    (re.compile(r"must be less than or equal to (\d+)"), r"doit valoir au plus \1"),
    (re.compile(r"has already been taken"), "déjà utilisé"),
    (re.compile(r"is invalid"), "invalide"),
]


def french_message(message: str) -> str:
    for pattern, french in MESSAGES:
        if pattern.fullmatch(message.strip()):
            return pattern.sub(french, message.strip())
    return f"refusé (« {message} »)"


def validation_parts(detail: dict) -> list[str]:
    """["l'adresse est trop long…", …]: each field in French, each message translated."""
    parts = []
    for name, messages in detail.items():
        if not isinstance(messages, list):
            messages = [messages]
        said = ", ".join(french_message(str(m)) for m in messages)
        parts.append(f"{FIELDS.get(name, f'le champ « {name} »')} ({said})")
    return parts


def explain(error) -> str:
    """One sentence: what the national platform refused and who must act."""
    body = error.body if isinstance(error.body, dict) else {}
    code, detail = body.get("code", ""), body.get("error", "")
    if getattr(error, "weeks", None) is not None:  # the echo check (pusher.EchoMismatch)
        return (
            f"La plateforme nationale a enregistré l'offre incomplète : {error}. Corrigez les "
            "périodes d'accueil de l'offre, puis relancez l'envoi."
        )
    if code == "VALIDATION_ERROR" and isinstance(detail, dict):
        parts = validation_parts(detail)
        return (
            "La plateforme nationale refuse " + " ; ".join(parts) + ". Corrigez l'offre : "
            "elle repartira après validation par la Région."
        )
    if code == "WRONG_PARAMS":
        why = WRONG_PARAMS.get(detail, f"« {detail} »")
        return (
            f"La plateforme nationale refuse les niveaux ou les semaines : {why}. "
            "Vérifiez les publics et les périodes d'accueil de l'offre."
        )
    if error.status == 403:
        return (
            "Sur la plateforme nationale, cette offre appartient à un autre compte : "
            "la Région doit contacter l'équipe nationale."
        )
    if error.status == 401 and detail == "access denied":
        return (
            "La plateforme nationale refuse l'accès au compte de la Région : ce compte n'est "
            "pas un compte opérateur. Demandez un compte opérateur à l'équipe nationale ou "
            "corrigez NATIONAL_API_EMAIL et NATIONAL_API_PASSWORD, puis fermez l'alarme sur la page « Plateforme nationale »."
        )
    if error.status == 401:
        return (
            "La plateforme nationale refuse les identifiants de la Région : "
            "vérifiez NATIONAL_API_EMAIL et NATIONAL_API_PASSWORD, puis fermez l'alarme sur la page « Plateforme nationale »."
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

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free form: "Saint-Étienne" -> "saint etienne"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", bare).strip()


# School names: the national directories write them in capitals, often without accents
# ("COLLEGE CLAUDE GUYOT"). What they are made of, in normal case:
_COMMON = {
    word: normal
    for normal in [
        "collège",
        "lycée",
        "privé",
        "privée",
        "public",
        "publique",
        "professionnel",
        "professionnelle",
        "général",
        "générale",
        "technologique",
        "polyvalent",
        "polyvalente",
        "agricole",
        "section",
        "métiers",
        "enseignement",
        "institution",
        "centre",
        "scolaire",
        "site",
        "sites",
        "cité",
        "militaire",
        "pôle",
    ]
    for word in {fold(normal).upper(), normal.upper()}
}
_SMALL = {"de", "du", "des", "et", "en", "sur", "sous", "aux", "au"}
_ARTICLES = {"le", "la", "les"}
_ELIDED = {"D": "d'", "L": "l'"}
_ACRONYMS = {"LPO", "LPA", "LP", "LEGTA", "EREA", "CFA", "UFA", "MFR", "SEGPA", "LGT"}
# First names and words whose accents the directories drop most often.
_ACCENTS = {
    "ANDRE": "André",
    "RENE": "René",
    "EMILE": "Émile",
    "FRANCOIS": "François",
    "FELIX": "Félix",
    "JAURES": "Jaurès",
    "AYME": "Aymé",
    "EXUPERY": "Exupéry",
    "LUMIERE": "Lumière",
    "COTE": "Côte",
    "COEUR": "Cœur",
    "SACRE": "Sacré",
    "PRE": "Pré",
    "ELIE": "Élie",
    "DESIRE": "Désiré",
    "GREVY": "Grévy",
    "BRUYERES": "Bruyères",
    "RIVIERES": "Rivières",
    "FORET": "Forêt",
    "FORÈT": "Forêt",
}


def _proper(word: str) -> str:
    """ "SAINT-JOSEPH" -> "Saint-Joseph", "D'ARC" -> "d'Arc", "JEAN" -> "Jean"."""
    if word in _ACRONYMS:
        return word
    if "-" in word.strip("-"):
        return "-".join(_proper(part) for part in word.split("-"))
    if len(word) > 2 and word[1] == "'" and word[0] in _ELIDED:
        return _ELIDED[word[0]] + _proper(word[2:])
    return _ACCENTS.get(word) or word[:1].upper() + word[1:].lower()


def school_name(raw: str) -> str:
    """A school's name in normal case, from the directories' capitals:
    "COLLEGE CLAUDE GUYOT" -> "Collège Claude Guyot", "LYCÉE GÉNÉRAL ET TECHNOLOGIQUE CARNOT"
    -> "Lycée général et technologique Carnot", "COLLEGE ROUGET DE L ISLE" -> "Collège
    Rouget de l'Isle". Names already in mixed case are kept as they are."""
    if raw != raw.upper():
        return raw
    words = raw.split()
    # "D ARC" -> "D'ARC": the directories sometimes drop the apostrophe.
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] in _ELIDED:
            joined[-1] = f"{joined[-1]}'{word}"
        else:
            joined.append(word)
    out: list[str] = []
    in_common = True  # still in "Lycée professionnel privé…", before the proper name
    for index, word in enumerate(joined):
        lower = word.lower()
        following = joined[index + 1] if index + 1 < len(joined) else ""
        if word in _COMMON:
            out.append(_COMMON[word])
        elif lower in _SMALL and out:
            out.append(lower)
            continue  # "des" of "Lycée des métiers": still before the proper name
        elif (
            lower in _ARTICLES
            and out
            and not (in_common and following not in _COMMON and out[-1] not in _SMALL)
        ):
            out.append(lower)
            continue
        elif word == "-":
            out.append(word)
            in_common = True
            continue
        else:
            out.append(_proper(word))
        in_common = word in _COMMON or word in _ACRONYMS
    text = " ".join(out)
    # Each part of "Centre scolaire Notre-Dame - Lycée polyvalent" starts with a capital.
    return re.sub(r"(^| - )(\w)", lambda m: m.group(1) + m.group(2).upper(), text)

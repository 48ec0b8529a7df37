"""The sectors in families, so that the search's filters can fold the 51 sectors of the
national list into a few groups a pupil can scan.

The national list has no families: this grouping is the platform's own, made for reading
(by what a pupil would look for), not an official nomenclature. A sector missing here (one
added through the admin) falls under OTHERS.
"""

FAMILIES = (
    ("Agriculture, nature et environnement", ("s51", "s1", "s23", "s24")),
    (
        "Industrie et techniques",
        ("s30", "s8", "s16", "s20", "s21", "s28", "s29", "s35", "s37", "s40", "s50"),
    ),
    ("Bâtiment, architecture et immobilier", ("s10", "s2", "s27")),
    ("Numérique, communication et médias", ("s31", "s32", "s13", "s36", "s7", "s33", "s19")),
    ("Arts, culture et mode", ("s4", "s5", "s6", "s17", "s38", "s39")),
    ("Commerce, gestion et droit", ("s12", "s9", "s14", "s15", "s18", "s49")),
    ("Santé, social et sport", ("s43", "s41", "s46", "s11", "s47")),
    ("Services publics, sécurité et enseignement", ("s25", "s3", "s44", "s22", "s42", "s45")),
    ("Hôtellerie, tourisme et transport", ("s26", "s48", "s34")),
)
OTHERS = "Autres secteurs"

FAMILY_OF = {code: label for label, codes in FAMILIES for code in codes}


def family_of(code: str) -> str:
    return FAMILY_OF.get(code, OTHERS)

"""The convention's content as data: its title, its parties and its articles, read by the
page (a template) and the PDF (`pdf.py`) alike, so that both say the same thing.

The articles are models per level (`templates/conventions/texts/<model>.txt`, "# " starts
an article), followed by the school's own clauses when its conseil d'administration
approved some for the level.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string

from placements.levels import Need, need_of
from stages_bfc import french

from . import amendments

TITLES = {
    "seconde": "Convention relative à la séquence d'observation en milieu professionnel "
    "pour les classes de seconde générale et technologique",
    "college": "Convention relative à la séquence d'observation en milieu professionnel "
    "des élèves de collège",
    "pfmp": "Convention relative à la période de formation en milieu professionnel",
}
MODEL_OF_NEED = {
    Need.SECONDE_WEEKS: "seconde",
    Need.DAYS: "college",
    Need.PERIODS: "pfmp",
    Need.CHOICE: "pfmp",
}


@dataclass
class Section:
    title: str
    lines: list[str]


def model_of(convention) -> str:
    return MODEL_OF_NEED[need_of(convention.level)]


def title(convention) -> str:
    text = TITLES[model_of(convention)]
    return f"Avenant à la {text[0].lower()}{text[1:]}" if convention.is_amendment else text


def number(convention) -> str:
    if convention.is_amendment:
        return f"Avenant n° {convention.pk} à la convention n° {convention.amends_id}"
    return f"Convention n° {convention.pk}"


def dates(convention) -> str:
    return french.date_range(convention.start, convention.end)


def _or_dash(value) -> str:
    return str(value) if value not in (None, "") else "à compléter"


def parties(convention) -> list[Section]:
    c = convention
    return [
        Section(
            "L'établissement",
            [
                f"{c.school_name} (UAI {c.school_uai})",
                f"Adresse : {_or_dash(c.school_address)}",
                f"Représenté par : {_or_dash(c.head_name)}, chef d'établissement",
                f"Enseignant référent : {_or_dash(c.teacher_name)}",
            ],
        ),
        Section(
            "La structure d'accueil",
            [
                f"{_or_dash(c.host_name)} (SIRET {_or_dash(c.host_siret)})",
                f"Adresse : {_or_dash(c.host_address)}",
                f"Lieu du stage : {_or_dash(c.place_address)}",
                f"Représentée par : {_or_dash(c.host_signatory_name)}",
                f"Tuteur ou tutrice : {_or_dash(c.tutor_name)}",
            ],
        ),
        Section(
            "L'élève",
            [
                f"{c.pupil_name}, classe {_or_dash(c.class_name)}",
                f"Né ou née le : {french.date(c.birth_date)}"
                if c.birth_date
                else "Date de naissance : à compléter",
                f"Adresse : {_or_dash(c.postal_address)}",
                f"Représentant légal : {_or_dash(c.guardian_name)}",
            ],
        ),
    ]


def articles(convention) -> list[Section]:
    text = render_to_string(f"conventions/texts/{model_of(convention)}.txt", {"c": convention})
    sections: list[Section] = []
    if convention.is_amendment:
        sections.append(
            Section(
                "Objet de l'avenant",
                [
                    f"Le présent avenant modifie la convention n° {convention.amends_id}, "
                    "dont les autres dispositions demeurent inchangées.",
                    *amendments.changes(convention),
                ],
            )
        )
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("# "):
            sections.append(Section(line[2:], []))
        elif line and sections:
            sections[-1].lines.append(line)
    if convention.clauses_text:
        approved = convention.clauses_approved_on
        sections.append(
            Section(
                "Clauses particulières de l'établissement",
                [
                    f"Approuvées par le conseil d'administration le {french.date(approved)}."
                    if approved
                    else "Approuvées par le conseil d'administration.",
                    *convention.clauses_text.splitlines(),
                ],
            )
        )
    return sections

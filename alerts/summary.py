"""A saved search in words, from its bound search form: what its list and e-mail show."""

from search.filters import RADIUS_DEFAULT, SearchForm, SearchParams
from stages_bfc import french

MAX_NAMED = 3  # beyond, "5 secteurs"


def _choices(form: SearchForm, name: str, values) -> str:
    labels = dict(form.fields[name].choices)
    named = [str(labels.get(value, value)) for value in values]
    if len(named) > MAX_NAMED:
        return f"{len(named)} choix"
    return ", ".join(named)


def summarise(form: SearchForm, params: SearchParams) -> str:
    """« boulangerie » · Dole, 20 km · Jura · …; "Toutes les offres" when nothing narrows."""
    p = params
    parts = []
    if p.keyword:
        parts.append(f"« {p.keyword} »")
    if p.place:
        parts.append(f"{p.place.name}, {p.radius or RADIUS_DEFAULT} km")
    for name, values in (
        ("departement", p.departments),
        ("secteur", p.sectors),
        ("public", p.publics),
        ("structure", p.host_types),
    ):
        if values:
            parts.append(f"{form.fields[name].label} : {_choices(form, name, values)}")
    if p.week:
        parts.append(dict(form.fields["semaine"].choices).get(p.week, ""))
    if p.start:
        parts.append(f"à partir du {french.date(p.start)}")
    if p.end:
        parts.append(f"jusqu'au {french.date(p.end)}")
    if p.accessible:
        parts.append("accessible aux élèves en situation de handicap")
    if p.places > 1:
        parts.append(f"au moins {p.places} places")
    return " · ".join(parts) or "Toutes les offres"

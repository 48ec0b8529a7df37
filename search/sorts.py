"""The search's sorts: their names, which the page offers, and the default of each search.

One default per kind of search, named on the page as it is: "Les plus pertinentes" when a
keyword is typed, "Les plus proches" when a place is given, "Les plus récentes" otherwise.
The menu's first option is that default, with an empty value: a search that keeps it
follows its keyword and place (type a keyword and the offers come by relevance), one that
picks another sort keeps it. A sort that cannot apply (relevance without a keyword, distance
without a place) is not offered, and a URL that asks for it gets the default.

The values in URLs are those of the first search page (`tri=pertinence`, `distance`,
`recent`, `date`): links shared since then still sort the same. A few spellings people
write by hand are understood too (ALIASES); anything else is ignored with a notice.
"""


class Sort:
    RELEVANCE = "pertinence"
    DISTANCE = "distance"
    NEWEST = "recent"
    SOONEST = "date"
    LABELS = {
        RELEVANCE: "Les plus pertinentes",
        DISTANCE: "Les plus proches",
        NEWEST: "Les plus récentes",
        SOONEST: "Les premières dates de stage",
    }
    CHOICES = list(LABELS.items())


# Other spellings of a sort in a hand-written or older URL.
ALIASES = {
    "pertinentes": Sort.RELEVANCE,
    "relevance": Sort.RELEVANCE,
    "proches": Sort.DISTANCE,
    "proximite": Sort.DISTANCE,
    "recentes": Sort.NEWEST,
    "dates": Sort.SOONEST,
}


def default(keyword: bool, place: bool) -> str:
    """Relevance with a keyword, else distance with a place, else the newest."""
    return Sort.RELEVANCE if keyword else (Sort.DISTANCE if place else Sort.NEWEST)


def applicable(sort: str, keyword: bool, place: bool) -> bool:
    return not (sort == Sort.RELEVANCE and not keyword) and not (
        sort == Sort.DISTANCE and not place
    )


def applied(sort: str, keyword: bool, place: bool) -> str:
    """The sort asked for when it applies, else the default."""
    if sort and applicable(sort, keyword, place):
        return sort
    return default(keyword, place)


def menu(keyword: bool, place: bool) -> list[tuple[str, str]]:
    """The sort menu's (value, label): the default first, with an empty value, then the other
    sorts that apply."""
    first = default(keyword, place)
    others = [
        (value, label)
        for value, label in Sort.CHOICES
        if value != first and applicable(value, keyword, place)
    ]
    return [("", Sort.LABELS[first]), *others]


def cleaned(raw: str) -> tuple[str, bool]:
    """(the sort's value or "", whether the raw value was understood)."""
    value = (raw or "").strip().lower()
    value = ALIASES.get(value, value)
    if not value or value in Sort.LABELS:
        return value, True
    return "", False

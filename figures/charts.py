"""Charts of the figures as data: the boxes, labels and sentences a template draws as SVG.

Why no charting library: pygal (the maintained one that renders SVG on the server) writes
its own markup with an inline <style>, which the site's Content Security Policy blocks, on a
fixed 800-unit canvas whose 10-16 px labels shrink to 4-7 px on a 375 px phone, and with no
role or label for assistive technologies. Here Python computes only numbers and sentences;
`templates/figures/_chart_*.html` hold the SVG markup and `static/css/figures.css` its
colours (the platform's). Every chart comes with a text summary and sits beside its table.

Secret cells (None) are never estimated: a bar's unknown part is drawn grey, "secret".
"""

from dataclasses import dataclass, field

from . import secrecy
from .access_figures import FAR_KM
from .charts_map import Map, departments_map
from .tables import Table

WIDTH = 340  # SVG units: one unit is one CSS pixel on a 375 px phone (margins aside)
LABEL = 19  # the line a row's label takes above its bar
BAR = 16
GAP = 10
SHOWN_INSIDE = 30  # narrower segments carry no label (the table has the value)


@dataclass
class Segment:
    x: float
    y: float
    width: float
    css: str  # series class: the colour, from figures.css
    text: str = ""
    text_x: float = 0
    text_y: float = 0
    inside: bool = True  # the text sits inside the bar (centred) or after its end
    height: float | None = None  # the chart's bar height unless given


@dataclass
class Row:
    label: str
    y: float  # the label's baseline; bars sit below it
    x: float = 0
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Chart:
    slug: str
    kind: str  # "stack" (shares of a whole) or "bars" (counts side by side)
    legend: list[tuple[str, str]]  # (css, label)
    rows: list[Row]
    summary: str
    height: float
    width: int = WIDTH
    bar_height: int = BAR

    @property
    def drawn(self) -> list[tuple]:
        """The rows as the template writes them, numbers already in SVG form: (label, x, y,
        [(css, x, y, width, height, text, text class, text x, text y)]). Formatted here
        once rather than through a template filter per attribute (a page draws some 1,500
        rectangles: the filters took most of its rendering)."""
        columns = self.kind == "columns"
        out = []
        for row in self.rows:
            segments = []
            for s in row.segments:
                place = f" inside {s.css}-text" if s.inside else " inside" if columns else ""
                height = self.bar_height if s.height is None else s.height
                segments.append(
                    (s.css, _svg(s.x), _svg(s.y), _svg(s.width), _svg(height), s.text,
                     "chart-value" + place, _svg(s.text_x), _svg(s.text_y))
                )  # fmt: skip
            out.append((row.label, _svg(row.x), _svg(row.y), segments))
        return out


def _svg(number: float) -> str:
    """12.0 as "12", 12.5 as "12.5": what the SVG attributes hold."""
    return f"{number:g}"


def _percent(share: float) -> str:
    return f"{round(100 * share)} %"


def _count(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _short(label: str, most: int = 42) -> str:
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _inside(x, y, width, css, text) -> Segment:
    return Segment(round(x, 1), y, round(width, 1), css, text, round(x + width / 2, 1), y + BAR - 4)


def _bar(i: int, label: str, values: dict, series: list, empty: str = "aucun élève") -> Row:
    """Row i: its values as 100 % of their total (`values[TOTAL]`), cut by `series`."""
    y = i * (LABEL + BAR + GAP)
    row = Row(_short(label), y + LABEL - 4)
    bar_y = y + LABEL
    total = values.get(secrecy.TOTAL)
    if not total:
        text = empty if total == 0 else "secret statistique"
        row.segments.append(_inside(0, bar_y, WIDTH, "c-secret", text))
        return row
    # The secret cells' sum is known (the total less the others), each of them is not:
    # one grey part, where they stand when they are side by side, else at the end.
    secret_at = _secret_place([values.get(key) for key, _ in series])
    x, secret = 0.0, WIDTH * (total - sum(values.get(k) or 0 for k, _ in series)) / total
    for j, (key, css) in enumerate(series):
        if j == secret_at and secret >= 0.5:
            row.segments.append(_inside(x, bar_y, secret, "c-secret", ""))
            x += secret
        value = values.get(key)
        if value is None:
            continue
        width = WIDTH * value / total
        text = _percent(value / total) if width >= SHOWN_INSIDE else ""
        row.segments.append(_inside(x, bar_y, width, css, text))
        x += width
    if secret_at == len(series) and secret >= 0.5:
        row.segments.append(_inside(x, bar_y, secret, "c-secret", ""))
    return row


def _stack(slug: str, rows: list[Row], legend: list, summary: str) -> Chart:
    if any(s.css == "c-secret" for row in rows for s in row.segments):
        legend.append(("c-secret", "Secret statistique"))
    height = round(len(rows) * (LABEL + BAR + GAP), 1)
    return Chart(slug, "stack", legend, rows, summary, height)


def stacked(table: Table, series: list[tuple[str, str]], highlight: str, noun: str) -> Chart:
    """Each row as 100 % of its total, cut by `series` (column key, css class)."""
    labels = dict(table.columns)
    rows = [_bar(i, label, values, series) for i, (label, values) in enumerate(table.rows)]
    shares = [
        (values[highlight] / values[secrecy.TOTAL], label)
        for label, values in table.rows
        if values.get(secrecy.TOTAL) and values.get(highlight) is not None
    ]
    legend = [(css, labels[key]) for key, css in series]
    return _stack(table.slug, rows, legend, _extremes(shares, noun))


def _secret_place(values: list) -> int:
    """Where the grey part goes: before the first secret series if the secret ones follow
    each other, else after the last series."""
    hidden = [j for j, v in enumerate(values) if v is None]
    if hidden and hidden == list(range(hidden[0], hidden[-1] + 1)):
        return hidden[0]
    return len(values)


def _of(noun: str) -> str:
    """French elision: "d'élèves", but "de filles"."""
    return f"d'{noun}" if noun[:1].lower() in "aeiouyéèêàâîôh" else f"de {noun}"


def _extremes(shares, noun) -> str:
    if not shares:
        return f"Aucune part {_of(noun)} n'est publiable pour ces filtres."
    high, low = max(shares), min(shares)
    if len(shares) == 1 or high[0] == low[0]:
        return f"Part {_of(noun)} : {_percent(high[0])}, {high[1]}."
    return (
        f"Part {_of(noun)} : la plus forte, {_percent(high[0])}, {high[1]} ; "
        f"la plus faible, {_percent(low[0])}, {low[1]}."
    )


def side_by_side(table: Table, series: list[tuple[str, str]], summary: str = "") -> Chart:
    """Each row's values as bars one under the other, on one scale for the whole chart."""
    labels = dict(table.columns)
    top = max([v for _, values in table.rows for key, _ in series if (v := values.get(key))] or [1])
    rows, y = [], 0.0
    for label, values in table.rows:
        row = Row(_short(label), y + LABEL - 4)
        for j, (key, css) in enumerate(series):
            value = values.get(key)
            bar_y = y + LABEL + j * BAR
            width = 0 if value is None else (WIDTH - 56) * value / top
            text = secrecy.SECRET_LABEL if value is None else _count(value)
            row.segments.append(
                Segment(0, bar_y, round(width, 1), css, text, round(width + 4, 1),
                        bar_y + BAR - 5, inside=False)
            )  # fmt: skip
        rows.append(row)
        y += LABEL + len(series) * BAR + GAP
    legend = [(css, labels[key]) for key, css in series]
    return Chart(table.slug, "bars", legend, rows, summary, round(y, 1), bar_height=BAR - 3)


MONTHS = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
]  # fmt: skip
PLOT = 120  # the columns' height at the highest value


def columns(table: Table, key: str, marked: set, marked_label: str) -> Chart:
    """One column per row (weeks, in order), `marked` rows (the seconde weeks) in the accent
    colour; months named under the first week of each. Values are in the summary and the
    table: on top of columns a phone's width apart, they would overlap."""
    values = [v.get(key) or 0 for _, v in table.rows]
    top = max(values or [1]) or 1
    slot = WIDTH / max(len(values), 1)
    rows, month = [], None
    for i, (monday, value) in enumerate(zip(table.row_keys, values, strict=True)):
        x, height = i * slot, PLOT * value / top
        is_marked = monday in marked
        segment = Segment(
            round(x + slot * 0.1, 1), round(16 + PLOT - height, 1), round(slot * 0.8, 1),
            "c-wanted" if is_marked else "c-offered", "",
            round(x + slot / 2, 1), round(12 + PLOT - height, 1), height=round(height, 1),
        )  # fmt: skip
        label = MONTHS[monday.month - 1] if monday.month != month else ""
        month = monday.month
        rows.append(Row(label, 16 + PLOT + 16, round(x, 1), [segment]))
    legend = [("c-offered", dict(table.columns)[key]), ("c-wanted", marked_label)]
    others = sorted(v for m, v in zip(table.row_keys, values, strict=True) if m not in marked)
    summary = ""
    if values:
        shown = [_count(v) for m, v in zip(table.row_keys, values, strict=True) if m in marked]
        summary = f"{dict(table.columns)[key]} : " + (
            f"{' et '.join(shown)} pendant les semaines de seconde ; " if shown else ""
        )
        if others:
            summary += f"{_count(others[len(others) // 2])} une semaine ordinaire (médiane)."
    return Chart(table.slug, "columns", legend, rows, summary.rstrip(" ;"), 16 + PLOT + 22)


def shortfall(table: Table, offered: str, wanted: str) -> str:
    """The rows where fewer places are offered than pupils look for them."""
    short = [
        label
        for label, values in table.rows
        if values.get(wanted) is not None and (values.get(offered) or 0) < values[wanted]
    ]
    if not table.rows:
        return ""
    if not short:
        return (
            "Partout, les places libres sont au moins aussi nombreuses que les élèves en recherche."
        )
    return "Moins de places libres que d'élèves en recherche : " + ", ".join(short) + "."


def coverage_map(table: Table, key: str = "complete") -> Map:
    """The departments coloured by the share of their pupils whose stage is complete."""
    chart = departments_map(table, key)
    chart.summary = _extremes(chart.shares, "élèves au stage complet")
    return chart


STATUS_SERIES = [("complete", "c-complete"), ("partial", "c-partial"), ("none", "c-none")]
DEMAND_SERIES = [("places_left", "c-offered"), ("looking", "c-wanted")]
SUPPLY_SERIES = [("places", "c-places"), ("places_left", "c-offered")]
GENDER_SERIES = [
    ("fille", "c-girls"),
    ("garcon", "c-boys"),
    ("non_dit", "c-unsaid"),
    ("", "c-none"),
]
COVERED = "élèves au stage complet"


ACCESS_SERIES = [("accessible", "c-access"), ("other", "c-other")]
ACCESS_ROWS = [  # (key in Table.raw, label, series, text of an empty bar)
    ("offers", "Offres", ACCESS_SERIES, "aucune offre"),
    ("needing", "Élèves ayant besoin d'un lieu accessible", STATUS_SERIES, "aucun élève"),
    ("placements", "Leurs stages", ACCESS_SERIES, "aucun stage"),
]
ACCESS_LEGEND = [
    ("c-access", "Offre déclarée accessible"), ("c-other", "Autre offre"),
    ("c-complete", "Stage complet"), ("c-partial", "Stage incomplet"), ("c-none", "Sans stage"),
]  # fmt: skip


def access_chart(table: Table) -> Chart:
    """The accessibility figure as three bars of 100 %: offers declared accessible or not,
    pupils needing an accessible place by their stage, and where their stages are."""
    raw = table.raw
    rows = [
        _bar(i, label, raw[key], series, empty)
        for i, (key, label, series, empty) in enumerate(ACCESS_ROWS)
    ]
    return _stack(table.slug, rows, list(ACCESS_LEGEND), _access_summary(raw))


def _share_of(values: dict, key: str) -> str | None:
    total, part = values.get(secrecy.TOTAL), values.get(key)
    return None if not total or part is None else _percent(part / total)


NEEDING_STATES = [
    ("complete", "au stage complet"),
    ("partial", "au stage incomplet"),
    ("none", "sans stage"),
]


def _access_summary(raw: dict) -> str:
    needing, total = raw["needing"], raw["needing"][secrecy.TOTAL]
    offers = _share_of(raw["offers"], "accessible")
    out = [f"Offres déclarées accessibles : {offers}." if offers else "Aucune offre."]
    if total is None:
        out.append("Élèves ayant besoin d'un lieu accessible : secret statistique.")
    elif total == 0:
        out.append("Aucun élève n'a dit avoir besoin d'un lieu accessible.")
    elif shares := [
        f"{share} {label}" for key, label in NEEDING_STATES if (share := _share_of(needing, key))
    ]:
        out.append(f"Élèves ayant besoin d'un lieu accessible : {', '.join(shares)}.")
    if placed := _share_of(raw["placements"], "accessible"):
        out.append(f"Leurs stages dans une offre déclarée accessible : {placed}.")
    return " ".join(out)


DISTANCE_SERIES = [("near", "c-near"), ("far", "c-far")]


def distance_chart(table: Table) -> Chart:
    """Each department's stages within FAR_KM or further, as 100 %: drawn from the share the
    table publishes (rounded), never from the counts behind it."""
    far = table.raw["far"]
    rows, shares = [], []
    for i, (label, _) in enumerate(table.rows):
        share = far.get(label)
        bar = {secrecy.TOTAL: None}
        if share is not None:
            bar = {"near": 100 - share, "far": share, secrecy.TOTAL: 100}
            if i < len(table.rows) - 1:  # the last row is the whole selection
                shares.append((share / 100, label))
        rows.append(_bar(i, label, bar, DISTANCE_SERIES, "aucun stage"))
    summary = _extremes(shares, f"stages à plus de {FAR_KM} km")
    label, whole = table.rows[-1]
    if whole.get("median"):
        summary += (
            f" {label} : distance médiane {whole['median']}, {whole['far']} à plus de {FAR_KM} km."
        )
    legend = [("c-near", f"{FAR_KM} km ou moins"), ("c-far", f"Plus de {FAR_KM} km")]
    return _stack(table.slug, rows, legend, summary)


def _most(table: Table, key: str, noun: str) -> str:
    known = [(values[key], label) for label, values in table.rows if values.get(key)]
    if not known:
        return ""
    value, label = max(known)
    return f"Le plus de {noun} : {label} ({_count(value)})."


def attach(sections: dict) -> None:
    """Gives the dashboard's tables their charts (`Table.charts`), by the figure's slug."""
    tables = {t.slug: t for t in _all_tables(sections)}

    def add(slug, make):
        if slug in tables and tables[slug].rows:
            tables[slug].charts.append(make(tables[slug]))

    add("couverture-departement", coverage_map)
    for slug in ("couverture-departement", "couverture-niveau", "couverture-etablissements"):
        add(slug, lambda t: stacked(t, STATUS_SERIES, "complete", COVERED))
    add("couverture-evolution", lambda t: stacked(t, STATUS_SERIES, "complete", COVERED))
    add(
        "couverture-semaines-seconde",
        lambda t: stacked(
            t, [("covered", "c-complete"), ("missing", "c-none")], "covered",
            "élèves ayant trouvé la semaine",
        ),
    )  # fmt: skip
    for slug in ("offre-demande-semaine", "offre-demande-departement"):
        add(slug, lambda t: side_by_side(t, DEMAND_SERIES, shortfall(t, "places_left", "looking")))
    add(
        "offres-departement", lambda t: side_by_side(t, SUPPLY_SERIES, _most(t, "places", "places"))
    )
    weeks = set(sections["supply"].get("seconde_weeks", []))
    add("offres-semaine", lambda t: columns(t, "places_left", weeks, "Semaines de seconde"))
    add(
        "egalite-genre-secteur",
        lambda t: stacked(t, GENDER_SERIES, "fille", "filles parmi tous les stagiaires"),
    )
    add("egalite-accessibilite", access_chart)
    add("egalite-distance", distance_chart)


def _all_tables(sections: dict):
    yield from sections["supply"]["tables"]
    yield from sections["coverage"]["tables"]
    yield sections["trend"]
    yield from sections["demand"]
    yield from sections["access"]

"""Facets: the total and the counts per sector, department and public, with the page's ids."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Value

from offers.models import Public
from search import cache as search_cache

from .live import today


@dataclass
class Facets:
    total: int = 0
    sectors: dict[str, int] = field(default_factory=dict)
    departments: dict[str, int] = field(default_factory=dict)
    publics: dict[str, int] = field(default_factory=dict)
    page_ids: list[int] | None = None  # when asked for (`page`), in order


@dataclass
class PageSlice:
    """The ids of one page of matches: sort keys (expression, descending) and the slice."""

    keys: list[tuple]
    offset: int
    limit: int

    def ordering(self):
        return [key.desc() if descending else key.asc() for key, descending in self.keys]


def facets(
    queryset,
    sectors: list[str],
    departments: list[str],
    publics: list[str],
    *,
    every_live=False,
    page: PageSlice | None = None,
) -> Facets:
    """Total and counts per sector, department and public, from one query.

    `queryset` carries every filter but these three. Each facet is counted with the other
    two facets' selections applied but not its own, so checking "Doubs" still shows how many
    offers the Jura has: one pass over the matches, grouped by sector, by department and by
    publics (GROUPING SETS), each with its own FILTER; about seventy rows come back.

    `every_live`: no filter but the facets, so the matches are every live offer; they are
    then read from search_facets_live() (today's counts per sector, department and publics,
    kept by triggers: search/sql/read_model.sql), a few thousand rows instead of the whole
    table.

    `page`: the page's ids come back too, sorted and sliced from the same matches (a
    materialised CTE read twice), so that the offers are read once: for a common keyword
    that is thousands of heap pages a query. Not with `every_live`, where an index gives them.

    Cached (search/cache.py) per set of filters, whatever the page and the sort: pages 2, 3…
    and the other sorts of a search reuse its counts, and only their ids are read (the
    caller's own query when `page_ids` is None).
    """
    page = None if every_live else page
    if every_live:
        source = "SELECT sector_id, department, publics, n FROM search_facets_live(%s)"
        source_params = [today()]
    else:
        source, source_params = _source(queryset, page)
    counts = Counts(sectors, departments, publics)
    counts_source = _source(queryset, None) if page else (source, source_params)
    cached = counts.cached(*counts_source)
    if cached:
        return cached
    ids, ids_params = "NULL", []
    if page:
        order = ", ".join(
            f"m.k{i} {'DESC' if descending else 'ASC'}"
            for i, (_, descending) in enumerate(page.keys)
        )
        ids = (
            f"(SELECT array_agg(t.id) FROM (SELECT m.id FROM m WHERE {counts.selected}"
            f" ORDER BY {order} LIMIT %s OFFSET %s) t)"
        )
        ids_params = [*counts.selected_params, page.limit, page.offset]
    if page:
        # The matches are read twice (counts, page): materialised once.
        keys = ", ".join(["s", "d", "p", "n", "id", *(f"k{i}" for i in range(len(page.keys)))])
        sql, params = counts.sql("m", ids, ids_params)
        sql = f"WITH m ({keys}) AS MATERIALIZED ({source}) {sql}"
        params = [*source_params, *params]
    else:
        sql, params = counts.sql(f"({source}) m (s, d, p, n)", ids, ids_params)
        params = [*params, *source_params]
    return counts.read(sql, params, with_ids=bool(page))


class Counts:
    """The counts of one set of facet selections over a source of (s, d, p, n) rows: sector,
    department, publics and how many matches have them."""

    def __init__(self, sectors, departments, publics, *, masks: bool = False):
        # `masks`: the source's publics are bits (publics_mask) rather than arrays.
        self.masks = masks
        s_ok = "m.s = ANY(%s)" if sectors else "TRUE"
        d_ok = "m.d = ANY(%s)" if departments else "TRUE"
        p_ok = "TRUE"
        if publics:
            p_ok = "m.p & %s <> 0" if masks else "m.p && %s::varchar(10)[]"
        conditions = {
            s_ok: [list(sectors)] if sectors else [],
            d_ok: [list(departments)] if departments else [],
            p_ok: [publics_mask(publics) if masks else list(publics)] if publics else [],
        }
        # Each facet's counts with the other two selections applied, then the total.
        sums = [(d_ok, p_ok), (s_ok, p_ok), (s_ok, d_ok), (s_ok, d_ok, p_ok)]
        self.columns, self.params = [], []
        for parts in sums:
            self.columns.append(f"sum(m.n) FILTER (WHERE {' AND '.join(parts)})")
            for part in parts:
                self.params.extend(conditions[part])
        # Every selection, for the page's matches (over the same m columns).
        self.selected = f"{s_ok} AND {d_ok} AND {p_ok}"
        self.selected_params = [*conditions[s_ok], *conditions[d_ok], *conditions[p_ok]]
        self.cache_key = None

    def cached(self, counts_sql: str, counts_params: list) -> Facets | None:
        """The counts kept for this source (its SQL and parameters) and these selections."""
        timeout = search_cache.timeout()
        if not timeout:
            return None
        self.cache_key = search_cache.key(
            "facets", counts_sql, repr(counts_params), *self.columns, repr(self.params)
        )
        rows = cache.get(self.cache_key)
        return None if rows is None else _result(rows, with_ids=False, masks=self.masks)

    def sql(self, source_as: str, ids: str, ids_params: list) -> tuple[str, list]:
        """The counts over `source_as` (m), and the `ids` column (an array, or NULL)."""
        sql = (
            "SELECT GROUPING(m.s), GROUPING(m.d), GROUPING(m.p), m.s, m.d, m.p,"
            f" {', '.join(self.columns)}, {ids}"
            f" FROM {source_as} GROUP BY GROUPING SETS ((m.s), (m.d), (m.p), ())"
        )
        return sql, [*self.params, *ids_params]

    def read(self, sql: str, params: list, with_ids: bool) -> Facets:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if self.cache_key:
            cache.set(self.cache_key, [(*row[:-1], None) for row in rows], search_cache.timeout())
        return _result(rows, with_ids=with_ids, masks=self.masks)


def _source(queryset, page: PageSlice | None) -> tuple[str, list]:
    """The matches' SQL: sector, department, publics, 1, and with a page the id and the
    sort keys."""
    keys = {f"k{i}": key for i, (key, _) in enumerate(page.keys)} if page else {}
    ids = ["pk", *keys] if page else []
    sql, params = (
        queryset.order_by()
        .annotate(n=Value(1), **keys)
        .values_list("sector_id", "department", "publics", "n", *ids)
        .query.sql_with_params()
    )
    return sql, list(params)


def publics_mask(codes) -> int:
    """Publics as bits: bit i for the i-th of Public (search_term's column, and
    search_publics_mask() in search/sql/terms.sql)."""
    return sum(1 << Public.values.index(code) for code in set(codes) if code in Public.values)


def _codes(mask: int) -> list[str]:
    return [code for i, code in enumerate(Public.values) if mask & (1 << i)]


def _result(rows, with_ids: bool, masks: bool = False) -> Facets:
    result = Facets(publics=dict.fromkeys(Public.values, 0))
    for no_s, no_d, no_p, sector, department, publics, by_s, by_d, by_p, total, ids in rows:
        codes = _codes(publics or 0) if masks else publics
        if not no_s and no_d and no_p:
            if by_s:
                result.sectors[sector] = int(by_s)
        elif no_s and not no_d and no_p:
            if by_d:
                result.departments[department] = int(by_d)
        elif no_s and no_d and not no_p:
            for code in codes:
                if code in result.publics and by_p:
                    result.publics[code] += int(by_p)
        else:
            result.total = int(total or 0)
            if with_ids:
                result.page_ids = list(ids or [])
    return result

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
    s_ok = "m.s = ANY(%s)" if sectors else "TRUE"
    d_ok = "m.d = ANY(%s)" if departments else "TRUE"
    p_ok = "m.p && %s::varchar(10)[]" if publics else "TRUE"
    conditions = {
        s_ok: [list(sectors)] if sectors else [],
        d_ok: [list(departments)] if departments else [],
        p_ok: [list(publics)] if publics else [],
    }
    sums = [(d_ok, p_ok), (s_ok, p_ok), (s_ok, d_ok), (s_ok, d_ok, p_ok)]
    columns, params = [], []
    for parts in sums:
        columns.append(f"sum(m.n) FILTER (WHERE {' AND '.join(parts)})")
        for part in parts:
            params.extend(conditions[part])
    timeout = search_cache.timeout()
    if timeout:
        # The counts' key: the matches and the facets' selections, not the page or its sort.
        counts_source, counts_params = _source(queryset, None) if page else (source, source_params)
        cache_key = search_cache.key(
            "facets", counts_source, repr(counts_params), *columns, repr(params)
        )
        rows = cache.get(cache_key)
        if rows is not None:
            return _result(rows, with_ids=False)
    if page:
        order = ", ".join(
            f"m.k{i} {'DESC' if descending else 'ASC'}"
            for i, (_, descending) in enumerate(page.keys)
        )
        columns.append(
            f"(SELECT array_agg(t.id) FROM (SELECT m.id FROM m WHERE {s_ok} AND {d_ok} AND {p_ok}"
            f" ORDER BY {order} LIMIT %s OFFSET %s) t)"
        )
        params.extend([*conditions[s_ok], *conditions[d_ok], *conditions[p_ok]])
        params.extend([page.limit, page.offset])
    else:
        columns.append("NULL")
    # With a page, the matches are read twice (counts, page): materialised once.
    source_as = "m" if page else f"({source}) m (s, d, p, n)"
    sql = (
        f"SELECT GROUPING(m.s), GROUPING(m.d), GROUPING(m.p), m.s, m.d, m.p, {', '.join(columns)}"
        f" FROM {source_as} GROUP BY GROUPING SETS ((m.s), (m.d), (m.p), ())"
    )
    if page:
        keys = [f"k{i}" for i in range(len(page.keys))]
        sql = f"WITH m ({', '.join(['s', 'd', 'p', 'n', 'id', *keys])}) AS MATERIALIZED ({source}) {sql}"
        params = [*source_params, *params]
    else:
        params = [*params, *source_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if timeout:
        cache.set(cache_key, [(*row[:-1], None) for row in rows], timeout)
    return _result(rows, with_ids=bool(page))


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


def _result(rows, with_ids: bool) -> Facets:
    result = Facets(publics=dict.fromkeys(Public.values, 0))
    for no_s, no_d, no_p, sector, department, codes, by_s, by_d, by_p, total, ids in rows:
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

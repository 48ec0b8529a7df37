"""A keyword's counts and page from the term index (search_term: search/sql/terms.sql).

For a keyword with no filter but the facets: each of its lexemes is an index-only range
scan of search_term (the rows of every lexeme that starts with it lie side by side), the
rows are summed per offer (its score, and which lexemes it has), and the offers that have
every lexeme are the matches. Their counts are grouped by (sector, department, publics)
before the facet sums, and the page is sorted from the same matches. One query.
"""

from django.db import connection

from .facets import Counts, Facets
from .live import today

# The page's order per sort: relevance (search_score's sum), or the newest first; the id
# last, so that pages never overlap.
ORDERS = {
    "relevance": "m.score DESC, m.published_at DESC, m.id DESC",
    "newest": "m.published_at DESC, m.id DESC",
}

HITS = """
WITH q AS MATERIALIZED (
  SELECT l.lexeme, 1 << (l.i - 1)::integer AS bit
    FROM unnest(search_query_lexemes(%s::text[])) WITH ORDINALITY l(lexeme, i)
), h AS MATERIALIZED (
  SELECT t.offer_id AS id, t.sector_id AS s, t.department AS d, t.publics AS p,
         t.published_at, sum(t.score) AS score
    FROM q CROSS JOIN LATERAL (
      SELECT * FROM search_term t
       WHERE t.term >= q.lexeme AND t.term < q.lexeme || chr(1114111)
         AND t.periods_end >= %s AND t.periods_max_places >= 1
    ) t
   GROUP BY 1, 2, 3, 4, 5
  HAVING bit_or(q.bit) = (SELECT (1 << count(*)::integer) - 1 FROM q)
), m (s, d, p, n) AS (
  SELECT s, d, p, count(*) FROM h GROUP BY s, d, p
)
"""


def keyword_facets(
    words: list[str],
    sectors: list[str],
    departments: list[str],
    publics: list[str],
    *,
    order: str | None,
    offset: int = 0,
    limit: int = 20,
) -> Facets:
    """The live offers with every word: total, counts per facet (see facets.facets), and
    with `order` (a key of ORDERS) the ids of one page of those the selections keep."""
    counts = Counts(sectors, departments, publics, masks=True)
    params = [list(words), today()]
    ids, ids_params = "NULL", []
    if order:
        # The matches under the counts' names (m.s, m.d, m.p): the same selections apply.
        ids = (
            f"(SELECT array_agg(t.id) FROM (SELECT m.id FROM h m WHERE {counts.selected}"
            f" ORDER BY {ORDERS[order]} LIMIT %s OFFSET %s) t)"
        )
        ids_params = [*counts.selected_params, limit, offset]
    cached = counts.cached("terms" + HITS, params)
    if cached:
        if order:  # another page or sort of counted matches: its ids only
            with connection.cursor() as cursor:
                cursor.execute(f"{HITS} SELECT {ids}", [*params, *ids_params])
                cached.page_ids = list(cursor.fetchone()[0] or [])
        return cached
    sql, counts_params = counts.sql("m", ids, ids_params)
    return counts.read(HITS + sql, [*params, *counts_params], with_ids=bool(order))

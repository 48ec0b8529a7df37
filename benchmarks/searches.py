"""The search benchmark: a fixed mix of searches, their server time, their query plans.

Used by `manage.py bench_search` (see docs/performance.md). Each search kind has several
variants (communes, keywords, sectors) so that the figures are not those of one cached plan.
The URL lists of the throughput runs are in benchmarks/stream.py.
"""

import itertools
import json
import re
import statistics
import time
from contextlib import contextmanager
from urllib.parse import urlencode

from django.db import connection
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext

COMMUNES = [
    "Dijon (21)",
    "Besançon (25)",
    "Belfort (90)",
    "Auxerre (89)",
    "Nevers (58)",
    "Vesoul (70)",
    "Lons-le-Saunier (39)",
    "Dole (39)",
    "Mâcon (71)",
    "Montbéliard (25)",
    "Pontarlier (25)",
    "Beaune (21)",
    "Autun (71)",
    "Sens (89)",
    "Chalon-sur-Saône (71)",
    "Gray (70)",
]
KEYWORDS = [
    "boulangerie",
    "hopital",
    "menuiserie",
    "informatique",
    "mairie",
    "fromage",
    "vente",
    "cuisine",
    "garage",
    "musée",
    "logistique",
    "banque",
]
SECTORS = ["s28", "s43", "s12", "s31", "s25", "s24", "s8", "s10"]
DEPARTMENTS = ["21", "25", "39", "58", "70", "71", "89", "90"]
PUBLICS = ["seconde", "3e", "lycee_pro", "post_bac"]
SORTS = ["pertinence", "distance", "recent", "date"]
# A sequential scan of these is flagged: search_entry today, offers_offer in older refs.
SEARCHED_TABLES = ("search_entry", "offers_offer")


def _variants(kind: str, i: int) -> dict:
    commune = COMMUNES[i % len(COMMUNES)]
    department = commune[-3:-1]
    sector = SECTORS[i % len(SECTORS)]
    if kind == "keyword":
        return {"q": KEYWORDS[i % len(KEYWORDS)]}
    if kind == "place":
        return {"commune": commune, "rayon": "20"}
    if kind == "place_sector_period":
        return {"commune": commune, "rayon": "30", "secteur": sector, "semaine": "1"}
    if kind == "every_filter":
        return {
            "q": ["découverte", "stage", "métiers", "accueil"][i % 4],
            "commune": commune,
            "rayon": "50",
            "departement": department,
            "secteur": [sector, SECTORS[(i + 3) % len(SECTORS)]],
            "public": "seconde",
            "semaine": "1",
            "structure": "company",
            "accessible": "on",
            "places": "2",
            "tri": "distance",
        }
    if kind == "broad_page_50":
        return {"departement": DEPARTMENTS[i % len(DEPARTMENTS)], "tri": "recent", "page": "50"}
    raise ValueError(kind)


KINDS = {
    "keyword": "mot-clé seul",
    "place": "commune + rayon 20 km",
    "place_sector_period": "commune + rayon + secteur + 1re semaine",
    "every_filter": "tous les filtres, tri par distance",
    "broad_page_50": "page 50 d'une recherche large (un département)",
}


def search_url(params: dict) -> str:
    return "/stages/?" + urlencode(params, doseq=True)


def distinct_urls(count: int = 1200) -> list[str]:
    """A varied mix of distinct search URLs, for the throughput run."""
    urls = []
    for i in itertools.count():
        kind = list(KINDS)[i % len(KINDS)]
        params = _variants(kind, i // len(KINDS))
        # More variety: radius, sort and page move independently of the kind's variant.
        if "commune" in params and kind != "every_filter":
            params["rayon"] = ["10", "20", "30", "50"][(i // 7) % 4]
        if kind in ("keyword", "place"):
            params["tri"] = SORTS[(i // 11) % 4]
            params["page"] = str(1 + (i // 13) % 3)
        if kind == "keyword":
            params["public"] = PUBLICS[(i // 17) % 4]
        url = search_url(params)
        if url not in urls:
            urls.append(url)
        if len(urls) >= count:
            return urls
    return urls


def percentile(values, p):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _total(html: str) -> int:
    status = re.search(r'id="search-status"[^>]*>\s*([\d\u202f ]*)', html)
    digits = re.sub(r"\D", "", status.group(1)) if status else ""
    return int(digits or 0)


def time_searches(runs: int, kinds=KINDS) -> dict[str, dict]:
    """Server time (full Django request: middleware, view, template) per search kind."""
    client = Client(HTTP_HOST="localhost")
    report = {}
    for kind in kinds:
        for i in range(5):  # warm-up: connections, plans, caches
            client.get(search_url(_variants(kind, i)))
        timings, queries, totals = [], set(), []
        for i in range(runs):
            url = search_url(_variants(kind, i))
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries.add(len(captured))
            totals.append(_total(response.content.decode()))
        report[kind] = {
            "p50": statistics.median(timings),
            "p95": percentile(timings, 95),
            "max": max(timings),
            "queries": sorted(queries),
            "results_median": statistics.median(totals),
        }
    return report


@contextmanager
def _stages():
    """Seconds spent in SQL and in template rendering (outermost render, its SQL apart)."""
    spent = {"sql": 0.0, "template": 0.0, "sql_in_template": 0.0}
    depth = [0]

    def timed_sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            spent["sql"] += elapsed
            if depth[0]:
                spent["sql_in_template"] += elapsed

    def timed_render(original):
        def render(self, *args, **kwargs):
            depth[0] += 1
            started = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                depth[0] -= 1
                if not depth[0]:
                    spent["template"] += time.perf_counter() - started

        return render

    # Every configured backend's template class (Django's, and Jinja2's when there is one).
    classes = {type(engine.from_string("")) for engine in engines.all()}
    originals = {cls: cls.render for cls in classes}
    for cls, original in originals.items():
        cls.render = timed_render(original)
    try:
        with connection.execute_wrapper(timed_sql):
            yield spent
    finally:
        for cls, original in originals.items():
            cls.render = original


def breakdown(runs: int, kinds=KINDS) -> dict[str, dict]:
    """Median ms per request of SQL, template rendering (its SQL apart) and the other Python.

    Measured apart from time_searches (the hooks cost a little): SQL is the database's
    execute and fetch as the driver sees them; "python" is the rest of the full request
    (middleware, form, ORM building and row conversion, view).
    """
    client = Client(HTTP_HOST="localhost")
    report = {}
    for kind in kinds:
        for i in range(3):
            client.get(search_url(_variants(kind, i)))
        rows = []
        for i in range(runs):
            with _stages() as spent:
                started = time.perf_counter()
                client.get(search_url(_variants(kind, i)))
                total = time.perf_counter() - started
            template = spent["template"] - spent["sql_in_template"]
            rows.append((total, spent["sql"], template, total - spent["sql"] - template))
        report[kind] = {
            name: statistics.median(row[n] for row in rows) * 1000
            for n, name in enumerate(("total", "sql", "template", "python"))
        }
    return report


def _walk(plan, found):
    relation = plan.get("Relation Name")
    found.append((plan["Node Type"], relation, plan.get("Index Name")))
    for child in plan.get("Plans", []):
        _walk(child, found)
    return found


def explain(kind: str) -> list[dict]:
    """EXPLAIN ANALYZE of each query of one search that reads offers (or their counts)."""
    client = Client(HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as captured:
        client.get(search_url(_variants(kind, 1)))
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            # search_entry today; offers_offer in refs before search had its own table.
            reads_offers = any(
                table in sql
                for table in ("search_entry", "search_term", "search_facet", "offers_offer")
            )
            if not reads_offers or sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            raw = cursor.fetchone()[0]
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql)
            text = "\n".join(row[0] for row in cursor.fetchall())
            nodes = _walk(plan["Plan"], [])
            plans.append(
                {
                    "sql": sql,
                    "ms": plan["Execution Time"],
                    "seq_scan_offers": any(
                        node == "Seq Scan" and rel in SEARCHED_TABLES for node, rel, _ in nodes
                    ),
                    "indexes": sorted({index for _, _, index in nodes if index}),
                    "text": text,
                }
            )
    return plans

"""A realistic stream of searches for the throughput benchmark: what a day of visitors asks.

A few searches are asked again and again (a class looking up the same town), most are asked
once: each request's URL is drawn from a ranked population of distinct searches with a Zipf
popularity (rank r weighs 1 / r^ZIPF_EXPONENT). With 2,000 requests, about two thirds of
the requests are of a URL seen once in the list. Deterministic for a seed.

The load generator is wrk, with LUA below: thread k of n starts at offset k * len / n and
walks its own slice, one connection per thread, so that the stream is served in parallel
without any two threads asking the same URL at once. A thread that reaches the end of its
slice writes a marker file and stops; the caller then stops wrk (SIGINT), so that the
figure is that of the whole stream in flight, never of a slice replayed from the cache.
"""

import collections
import itertools
import random
from functools import cache
from urllib.parse import urlencode

from benchmarks.searches import COMMUNES as BENCH_COMMUNES
from benchmarks.searches import KEYWORDS as BENCH_KEYWORDS
from benchmarks.searches import PUBLICS, SECTORS, SORTS

ZIPF_EXPONENT = 0.72
POPULATION = 20_000  # distinct searches to draw from

COMMUNES = [
    *BENCH_COMMUNES,
    "Le Creusot (71)",
    "Montceau-les-Mines (71)",
    "Héricourt (70)",
    "Audincourt (25)",
    "Chenôve (21)",
    "Talant (21)",
    "Quetigny (21)",
    "Lure (70)",
    "Luxeuil-les-Bains (70)",
    "Cosne-Cours-sur-Loire (58)",
    "Joigny (89)",
    "Paray-le-Monial (71)",
    "Saint-Claude (39)",
    "Champagnole (39)",
    "Morteau (25)",
    "Valentigney (25)",
    "Digoin (71)",
    "Avallon (89)",
    "Tonnerre (89)",
    "Decize (58)",
    "Clamecy (58)",
    "Montbard (21)",
    "Ornans (25)",
]
KEYWORDS = [
    *BENCH_KEYWORDS,
    "coiffure",
    "pharmacie",
    "ecole",
    "vétérinaire",
    "journalisme",
    "architecte",
    "mécanique",
    "commerce",
    "animaux",
    "sport",
    "hotel",
    "crèche",
    "electricien",
    "avocat",
    "agriculture",
    "theatre",
    "pompiers",
    "bibliothèque",
]
MORE_SECTORS = [f"s{n}" for n in range(1, 52)]
DEPARTMENTS = ["21", "25", "39", "58", "70", "71", "89", "90"]
RADII = ["5", "10", "20", "30", "50"]

# What visitors ask, and how often (weights): a place or a word mostly, every filter rarely.
KINDS = {
    "commune": 26,
    "keyword": 22,
    "commune_keyword": 12,
    "commune_sector": 12,
    "commune_week": 8,
    "department": 8,
    "browse": 6,
    "many_filters": 6,
}


def _params(rng: random.Random, kind: str) -> dict:
    commune = rng.choice(COMMUNES)
    params: dict = {}
    if kind in ("keyword", "commune_keyword"):
        params["q"] = rng.choice(KEYWORDS)
    if kind.startswith("commune") or kind == "many_filters":
        params["commune"] = commune
        params["rayon"] = rng.choice(RADII)
    if kind == "commune_sector":
        params["secteur"] = rng.sample(MORE_SECTORS, rng.choice((1, 1, 2)))
    if kind == "commune_week":
        params["semaine"] = rng.choice(("1", "2", "both"))
    if kind == "department":
        params["departement"] = rng.choice(DEPARTMENTS)
        params["secteur"] = rng.choice(SECTORS)
    if kind == "many_filters":
        params.update(
            q=rng.choice(KEYWORDS),
            secteur=rng.choice(SECTORS),
            public=rng.choice(PUBLICS),
            semaine="1",
            accessible="on",
            tri="distance",
        )
    if rng.random() < 0.3:
        params["public"] = rng.choice(PUBLICS)
    if rng.random() < 0.2:
        params["tri"] = rng.choice(SORTS)
    if kind == "browse" or rng.random() < 0.15:
        params["page"] = str(rng.choice((2, 2, 2, 3, 3, 4, 5, 8, 12, 40)))
    return params


def population(seed: int, size: int) -> list[str]:
    """`size` distinct searches, ranked by popularity (0 the most asked), the same for a seed."""
    rng = random.Random(seed)
    ranked, seen = [], set()
    while len(ranked) < size:
        kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
        url = "/stages/?" + urlencode(_params(rng, kind), doseq=True)
        if url not in seen:
            seen.add(url)
            ranked.append(url)
    return ranked


@cache
def _cumulative_weights() -> list[float]:
    return list(itertools.accumulate(r**-ZIPF_EXPONENT for r in range(1, POPULATION + 1)))


def stream_urls(count: int = 2000, seed: int = 1) -> list[str]:
    """`count` requests in arrival order, each URL drawn by popularity."""
    ranks = random.Random(seed).choices(
        range(POPULATION), cum_weights=_cumulative_weights(), k=count
    )
    ranked = population(seed, max(ranks) + 1)
    return [ranked[rank] for rank in ranks]


def stream_stats(urls: list[str]) -> dict:
    seen = collections.Counter(urls)
    return {
        "requests": len(urls),
        "distinct": len(seen),
        "seen_once": sum(1 for url in urls if seen[url] == 1) / len(urls),
        "most_asked": seen.most_common(1)[0][1],
    }


# wrk script: %(urls)s is the file of URLs (one a line), %(threads)d the number of threads,
# %(marker)s a path prefix for the "slice done" markers.
LUA = """
local threads, count = {}, 0
function setup(thread)
  thread:set("index", count)
  count = count + 1
  threads[#threads + 1] = thread
end

function init(args)
  urls = {}
  for line in io.lines("%(urls)s") do urls[#urls + 1] = line end
  local size = math.floor(#urls / %(threads)d)
  first = index * size + 1
  last = first + size - 1
  nxt, answered, failed = first, 0, 0
end

function request()
  local path = urls[math.min(nxt, last)]
  nxt = nxt + 1
  return wrk.format("GET", path)
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then failed = failed + 1 end
  if answered >= last - first + 1 then
    local marker = io.open("%(marker)s" .. index, "w")
    marker:write(answered)
    marker:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local answered, failed = 0, 0
  for _, thread in ipairs(threads) do
    answered = answered + thread:get("answered")
    failed = failed + thread:get("failed")
  end
  io.write(string.format("stream: %%d answered, %%d not 200\\n", answered, failed))
end
"""

"""The benchmark's own parts: the realistic stream, the time split, the settings it measures."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from benchmarks import searches as bench
from benchmarks import stream as bench_stream


def test_stream_is_deterministic_and_mostly_of_urls_seen_once():
    urls = bench_stream.stream_urls(2000, seed=1)
    assert urls == bench_stream.stream_urls(2000, seed=1)
    assert urls != bench_stream.stream_urls(2000, seed=2)
    stats = bench_stream.stream_stats(urls)
    assert stats["requests"] == 2000
    assert 0.6 <= stats["seen_once"] <= 0.72  # about two thirds
    assert 20 <= stats["most_asked"] <= 200  # a few very popular searches
    assert all(url.startswith("/stages/?") for url in urls)


def test_stream_population_is_distinct_searches_of_every_kind():
    ranked = bench_stream.population(seed=1, size=3000)
    assert len(set(ranked)) == 3000
    keys = {key for url in ranked for key in parse_qs(urlsplit(url).query)}
    assert {"q", "commune", "rayon", "secteur", "semaine", "departement", "page"} <= keys


def test_stream_script_splits_the_list_between_threads():
    script = bench_stream.LUA % {"urls": "/x/urls.txt", "threads": 8, "marker": "/x/done-"}
    assert 'io.lines("/x/urls.txt")' in script
    assert "math.floor(#urls / 8)" in script and "wrk.thread:stop()" in script


@pytest.mark.django_db
def test_breakdown_splits_a_request_into_sql_template_and_python(make_offer):
    make_offer(title="Boulangerie")
    row = bench.breakdown(2, kinds=["keyword"])["keyword"]
    assert row["sql"] > 0 and row["template"] > 0 and row["python"] > 0
    assert row["sql"] + row["template"] + row["python"] == pytest.approx(row["total"], rel=0.05)


def test_development_keeps_database_connections_as_production_does():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True

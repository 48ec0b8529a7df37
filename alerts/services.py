"""Writes of alerts: save, delete and unsubscribe (the nightly match is in matching.py)."""

from urllib.parse import urlencode

from django.db import transaction
from django.http import QueryDict

from search.filters import SearchForm, SearchParams, parse
from search.queries import communes_within
from search.queries.keyword import ts_query

from .models import SavedSearch
from .summary import summarise

MAX_PER_OWNER = 20


class TooManySearches(Exception):
    """The owner already has MAX_PER_OWNER saved searches."""


def query_string(query: dict) -> str:
    """The saved parameters as a URL's query string (the search page's link)."""
    return urlencode(query, doseq=True)


def parsed(raw: str) -> tuple[SearchForm, SearchParams]:
    """A query string, through the search's own parsing."""
    return parse(QueryDict(raw or ""))


ANY = "*"


def match_keys(params: SearchParams) -> list[str]:
    """The "department:sector" keys an offer must hit: the departments asked for, or those
    the circle reaches, or any; the sectors asked for, or any (alerts/sql/match.sql)."""
    p = params
    departments = list(p.departments)
    if not departments and p.place:
        departments = sorted(
            set(communes_within(p.place, p.radius).values_list("department_id", flat=True))
        )
    return [
        f"{department}:{sector}"
        for department in departments or [ANY]
        for sector in p.sectors or [ANY]
    ]


def matching_columns(params: SearchParams) -> dict:
    p = params
    return {
        "match_keys": match_keys(params),
        "latitude": p.place.latitude if p.place else None,
        "longitude": p.place.longitude if p.place else None,
        "radius_km": p.radius if p.place else None,
        "departments": list(p.departments),
        "sectors": list(p.sectors),
        "publics": list(p.publics),
        "host_types": list(p.host_types),
        "week": p.week,
        "start": p.start,
        "end": p.end,
        "accessible": p.accessible,
        "places": p.places,
    }


@transaction.atomic
def save_search(owner, raw_query: str, name: str = "", school_class=None) -> SavedSearch:
    """Save the search of this query string, as the search cleaned it. Its watermark is now:
    only offers published from now on are sent."""
    if SavedSearch.objects.of_owner(owner).filter(active=True).count() >= MAX_PER_OWNER:
        raise TooManySearches
    form, params = parsed(raw_query)
    summary = summarise(form, params)
    saved = SavedSearch.objects.create(
        owner=owner,
        school_class=school_class,
        name=(name or summary)[:80],
        query=form.cleaned_query(),
        summary=summary[:400],
        **matching_columns(params),
    )
    if params.words:
        # The search's own tsquery (prefixes, accents, French stemming), parsed once here.
        SavedSearch.objects.filter(pk=saved.pk).update(keyword=ts_query(list(params.words)))
    return saved


def delete_search(saved: SavedSearch) -> None:
    saved.delete()


def unsubscribe(payload: dict) -> int:
    """Stop the alerts a signed link names: one saved search, or all of a person's. Returns
    how many were stopped (0 when already stopped or deleted)."""
    if "s" in payload:
        searches = SavedSearch.objects.filter(pk=payload["s"])
    else:
        searches = SavedSearch.objects.filter(owner_id=payload["u"])
    return searches.filter(active=True).update(active=False)


def forget_owner(user) -> None:
    SavedSearch.objects.filter(owner=user).delete()

"""Geography: the communes within a radius, and the offers of those communes."""

import functools
import math

from django.db.models import BooleanField, F, FloatField, Func, QuerySet
from django.db.models.expressions import RawSQL

from reference.models import Commune

EARTH_RADIUS_M = 6378168  # earthdistance's sphere, as before: same distances
KM_PER_DEGREE = 110.0  # a little under the true 111.2: the box is never too small


class _EqualsAny(Func):
    """a = ANY(b), as a boolean filter."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


class _DistanceOf(Func):
    """The row commune's distance in a {insee: metres} JSON object."""

    arg_joiner = " ->> "
    template = "((%(expressions)s)::float8)"
    output_field = FloatField()


class _GreatCircleM(Func):
    """Haversine distance (m) from a point to the row's latitude/longitude, in plain
    arithmetic (ll_to_earth per row costs 10 µs: 15 ms for a 50 km circle). Written as one
    SQL template: the same tree of Django math functions costs milliseconds to resolve."""

    output_field = FloatField()

    def __init__(self, latitude: float, longitude: float):
        super().__init__(F("latitude"), F("longitude"))
        self.lat0, self.lon0 = math.radians(latitude), math.radians(longitude)

    def as_sql(self, compiler, connection, **extra):
        lat, lat_params = compiler.compile(self.source_expressions[0])
        lon, lon_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"(%s * asin(sqrt(power(sin((radians({lat}) - %s) / 2), 2)"
            f" + %s * cos(radians({lat})) * power(sin((radians({lon}) - %s) / 2), 2))))"
        )
        params = [2 * EARTH_RADIUS_M, *lat_params, self.lat0, math.cos(self.lat0)]
        return sql, [*params, *lat_params, *lon_params, self.lon0]


def communes_within(commune: Commune, radius_km: int) -> QuerySet[Commune]:
    """Communes whose centre lies within the radius, nearest first: a latitude/longitude box,
    then the exact great circle, over the region's 3,685 communes."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = dlat / max(0.1, math.cos(math.radians(abs(commune.latitude) + dlat)))
    return (
        Commune.objects.filter(
            latitude__range=(commune.latitude - dlat, commune.latitude + dlat),
            longitude__range=(commune.longitude - dlon, commune.longitude + dlon),
        )
        .annotate(metres=_GreatCircleM(commune.latitude, commune.longitude))
        .filter(metres__lte=radius_km * 1000)
        .order_by("metres", "insee")
    )


@functools.lru_cache(maxsize=1024)
def _circle_sql(latitude: float, longitude: float, radius_km: int) -> tuple[str, tuple]:
    """The SQL of communes_within (insee, metres), compiled once per place and radius: both
    the filter and the distance sort read it."""
    commune = Commune(latitude=latitude, longitude=longitude)
    query = communes_within(commune, radius_km).values("insee", "metres").query
    sql, params = query.sql_with_params()
    return sql, tuple(params)


def _circle(commune: Commune, radius_km: int, select: str) -> RawSQL:
    # Uncorrelated: PostgreSQL computes it once per query (an InitPlan).
    sql, params = _circle_sql(commune.latitude, commune.longitude, radius_km)
    return RawSQL(f"SELECT {select} FROM ({sql}) c", params)


def within_radius(queryset, commune: Commune, radius_km: int):
    """The offers of the communes inside the circle: an offer's place is its commune's, so
    this is the exact circle. The covering index search_entry_commune answers it, the other
    filters, the facet counts and the distance sort with an index-only scan."""
    insee = Func(
        _circle(commune, radius_km, "c.insee"), function="ARRAY", template="ARRAY%(expressions)s"
    )
    return queryset.filter(_EqualsAny(F("commune_id"), insee))


def nearest_first(commune: Commune, radius_km: int):
    """Sort key: the offer's commune's distance, looked up in a {insee: metres} object built
    once per query (an InitPlan). A key lookup per offer, where array_position walked the
    whole commune list: 15 ms for 1,400 offers in a 50 km circle."""
    metres = _circle(commune, radius_km, "jsonb_object_agg(c.insee, c.metres)")
    return _DistanceOf(metres, F("commune_id"))


def distance_km(offer, commune: Commune) -> float:
    """Great-circle distance from the offer's commune, for the 20 offers of a page (same
    sphere as the SQL)."""
    return commune_distance_km(offer.commune, commune)


def commune_distance_km(one: Commune, other: Commune) -> float:
    lat1, lon1 = math.radians(one.latitude), math.radians(one.longitude)
    lat2, lon2 = math.radians(other.latitude), math.radians(other.longitude)
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a))) / 1000

-- The nightly match of saved searches: ONE pass over the offers published in
-- (since, until], joined with every active saved search whose watermark is older than the
-- offer, found through its "department:sector" keys (GIN). The conditions are the search's (search/selectors.py `matches`), on the same
-- read model (search_entry): live entries, department, sector, publics, host type,
-- accessibility, the circle (great circle from the place's centre, on the same sphere as
-- search/queries/geography.py), the seconde weeks, the keyword's tsquery (saved with the
-- search), and the periods with places left (offers/places.py's rule, compiled by Django
-- into the `periods` CTE). Writes each match once (alerts_match_once).
-- Parameters: since, until, today, week1, week2 (Mondays of the coming seconde weeks, NULL
-- once over), km_per_degree, earth_diameter_m, and the periods CTE's own.
WITH periods AS MATERIALIZED (
    {periods}
),
new_offers AS MATERIALIZED (
    SELECT e.offer_id, e.department, e.sector_id, e.publics, e.host_type, e.accessible,
           e.published_at, e.periods_max_places, e.periods_weeks, e.search_vector,
           c.latitude AS lat_deg, radians(c.latitude) AS lat, radians(c.longitude) AS lon
      FROM search_entry e
      JOIN reference_commune c ON c.insee = e.commune_id
     WHERE e.published_at > %(since)s AND e.published_at <= %(until)s
       AND e.periods_end >= %(today)s AND e.periods_max_places >= 1
)
INSERT INTO alerts_alertmatch (saved_search_id, offer_id, found_at)
SELECT s.id, e.offer_id, %(until)s
  FROM new_offers e
  JOIN alerts_savedsearch s
    ON s.match_keys && ARRAY[e.department || ':' || e.sector_id, e.department || ':*',
                             '*:' || e.sector_id, '*:*']::varchar[]
   AND s.active AND s.checked_until < e.published_at
 WHERE (s.departments = '{{}}' OR e.department = ANY (s.departments))
   AND (s.sectors = '{{}}' OR e.sector_id = ANY (s.sectors))
   AND (s.publics = '{{}}' OR e.publics && s.publics)
   AND (s.host_types = '{{}}' OR e.host_type = ANY (s.host_types))
   AND (NOT s.accessible OR e.accessible)
   AND e.periods_max_places >= s.places
   AND (s.week = '' OR e.periods_weeks @> CASE s.week
            WHEN '1' THEN ARRAY[%(week1)s::date]
            WHEN '2' THEN ARRAY[%(week2)s::date]
            ELSE ARRAY[%(week1)s::date, %(week2)s::date] END)
   AND (s.latitude IS NULL OR (
            abs(e.lat_deg - s.latitude) <= s.radius_km / %(km_per_degree)s
        AND %(earth_diameter_m)s * asin(sqrt(
                power(sin((e.lat - radians(s.latitude)) / 2), 2)
                + cos(radians(s.latitude)) * cos(e.lat)
                  * power(sin((e.lon - radians(s.longitude)) / 2), 2)))
            <= s.radius_km * 1000))
   AND (s.keyword IS NULL OR e.search_vector @@ s.keyword)
   AND (s.start IS NULL AND s."end" IS NULL OR EXISTS (
            SELECT 1 FROM periods p
             WHERE p.offer_id = e.offer_id
               AND (s.start IS NULL OR p."end" >= s.start)
               AND (s."end" IS NULL OR p.start <= s."end")))
   AND (s.places <= 1 OR EXISTS (
            SELECT 1 FROM periods p WHERE p.offer_id = e.offer_id AND p."left" >= s.places))
ON CONFLICT ON CONSTRAINT alerts_match_once DO NOTHING

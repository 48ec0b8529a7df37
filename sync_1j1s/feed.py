"""The pull feed for 1 jeune 1 solution (contract: 1j1s-stage-feed.md; schema: stages-1j1s.xsd).

A full snapshot of the published offers open to publics other than collège and seconde,
in XML with the national field names. It is written once per change to a file named after
its ETag (the count and the latest `updated_at` of those offers), then served from that
file: a warm request costs one aggregate query and a file send, with 304s on
`If-None-Match` / `If-Modified-Since`.
"""

import datetime
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db.models import Count, Max
from django.http import FileResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe

from offers.models import Offer, Public

from .domaines import domaines_of

FEED_PUBLICS = [Public.LYCEE_PRO, Public.POST_BAC, Public.APPRENTI, Public.ADULTE]
REGION = "Bourgogne-Franche-Comté"
SCHEMA = Path(__file__).with_name("stages-1j1s.xsd")
# Characters XML 1.0 forbids even escaped: one in an employer's text would make the whole
# feed malformed. Tab, line feed and carriage return are allowed.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_offers():
    return Offer.objects.published().filter(publics__overlap=FEED_PUBLICS)


def _folder() -> Path:
    folder = Path(settings.SYNC_FEED_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def version() -> tuple[str, datetime.datetime]:
    figures = feed_offers().aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    last = figures["last"] or datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    key = f"{figures['n']}:{figures['top']}:{last.isoformat()}:{settings.SITE_URL}"
    return hashlib.sha256(key.encode()).hexdigest()[:32], last


def _element(name, value):
    if value is None or value == "":
        return ""
    return f"<{name}>{escape(NOT_XML.sub('', str(value)))}</{name}>"


def offer_xml(offer) -> str:
    periods = list(offer.periods.all())
    organisation, commune = offer.organisation, offer.commune
    starts = [p.start for p in periods]
    durations = [(p.end - p.start).days + 1 for p in periods]
    parts = [
        "<offre>",
        _element("identifiantSource", f"stages-bfc-{offer.pk}"),
        _element("titre", offer.title),
        _element("description", offer.description),
        _element("urlDeCandidature", settings.SITE_URL + offer.get_absolute_url()),
        _element("sourceUpdatedAt", offer.updated_at.isoformat()),
        _element("dateDeDebutMin", min(starts).isoformat() if starts else None),
        _element("dateDeDebutMax", max(starts).isoformat() if starts else None),
        _element("dureeEnJour", min(durations) if durations else None),
        _element("dureeEnJourMax", max(durations) if durations else None),
        _element("teletravailPossible", "false"),
        "<employeur>",
        _element("nom", organisation.name),
        _element("description", organisation.description),
        _element("siteUrl", organisation.website),
        "</employeur>",
        "<localisation>",
        _element("adresse", offer.street),
        _element("ville", commune.name),
        _element("codePostal", commune.main_postcode),
        _element("departement", commune.department.name),
        _element("region", REGION),
        _element("pays", "FR"),
        _element("latitude", commune.latitude),
        _element("longitude", commune.longitude),
        "</localisation>",
        "<domaines>",
        *(_element("domaine", d) for d in domaines_of(offer.sector_id)),
        "</domaines>",
        "</offre>\n",
    ]
    return "".join(parts)


def write(path: Path, generated: datetime.datetime) -> BinaryIO:
    """Write the snapshot to `path` atomically (a temporary file, then a rename).

    Returns the snapshot opened for reading, opened before the rename: a concurrent request
    that deletes it as an old snapshot (the offers changed meanwhile) cannot take it away.
    """
    offers = (
        feed_offers()
        .select_related("organisation", "commune__department")
        .prefetch_related("periods")
        .order_by("pk")
    )
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
            out.write(f'<offres source="stages-bfc" genereLe={quoteattr(generated.isoformat())}>\n')
            for offer in offers.iterator(chunk_size=2000):
                out.write(offer_xml(offer))
            out.write("</offres>\n")
        snapshot = open(temporary, "rb")  # noqa: SIM115 (the caller's response closes it)
        try:
            os.replace(temporary, path)
        except BaseException:
            snapshot.close()
            raise
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return snapshot


def _open_snapshot(etag: str) -> BinaryIO:
    """The snapshot of this version, opened; written first if it is not there.

    Opened, never just checked for: between a check and an open, a concurrent request that
    wrote a newer version may delete it. Old snapshots are deleted only once ours is open.
    """
    path = _folder() / f"1j1s-{etag}.xml"
    try:
        return open(path, "rb")  # the caller's response closes it
    except FileNotFoundError:
        pass
    snapshot = write(path, timezone.now())
    for old in path.parent.glob("1j1s-*.xml"):
        if old != path:
            old.unlink(missing_ok=True)
    return snapshot


def response(request):
    etag, last = version()
    quoted = f'"{etag}"'
    if_none_match = request.headers.get("If-None-Match")
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    last_modified = int(last.timestamp())
    if (if_none_match and quoted in if_none_match) or (
        not if_none_match and since is not None and since >= last_modified
    ):
        answer = HttpResponseNotModified()  # before any file is touched, let alone written
    else:
        # FileResponse closes the file once sent.
        answer = FileResponse(
            _open_snapshot(etag),
            filename=f"1j1s-{etag}.xml",
            content_type="application/xml; charset=utf-8",
        )
    answer["ETag"] = quoted
    answer["Last-Modified"] = http_date(last_modified)
    answer["Cache-Control"] = "public, max-age=300"
    return answer

"""The result cards of a search page, as HTML built in Python.

Twenty cards through the template engine cost 3.5 ms a page, a tenth of a search; built
with format_html they cost a fraction of that, with the same escaping. The markup is that of
an ordered list of articles whose link is the title (templates/search/_results.html shows
where it goes).
"""

from django.template.defaultfilters import pluralize
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from offers.templatetags.offers_tags import public_labels

CARD = """<li class="result-card">
<h3><a href="{url}">{title}</a></h3>
<p class="result-host">{host} · {host_type}</p>
<dl class="result-facts">
<div><dt>Lieu</dt><dd>{commune} ({department}){distance}</dd></div>
<div><dt>Secteur</dt><dd>{sector}</dd></div>
<div><dt>Périodes</dt><dd><ul class="plain-list">{periods}</ul></dd></div>
<div><dt>Public</dt><dd>{publics}</dd></div>
<div><dt>Accessibilité</dt><dd>{accessible}</dd></div>
</dl>
</li>
"""


def _distance(km: int | None) -> str:
    if km is None:
        return ""
    return " · moins de 1 km" if km < 1 else f" · à {km} km"


def _period(period, left: int) -> tuple:
    return (
        format_date(period.start, "j F"),
        format_date(period.end, "j F Y"),
        left,
        pluralize(left),
        pluralize(left),
    )


def card_html(card) -> SafeString:
    offer = card.offer
    periods = format_html_join(
        "",
        "<li>du {} au {} : {} place{} restante{}</li>",
        (_period(period, left) for period, left in card.periods),
    )
    return format_html(
        CARD,
        url=offer.get_absolute_url(),
        title=offer.title,
        host=offer.organisation.name,
        host_type=offer.organisation.get_host_type_display(),
        commune=offer.commune.name,
        department=offer.commune.department_id,
        distance=_distance(card.distance_km),
        sector=offer.sector.label,
        periods=periods,
        publics=", ".join(public_labels(offer.publics)),
        accessible=(
            "Accessible aux élèves en situation de handicap" if offer.accessible else "Non précisée"
        ),
    )


def cards_html(cards) -> SafeString:
    return mark_safe("".join(card_html(card) for card in cards))

from django import template

register = template.Library()


@register.filter
def count_of(counts: dict, key) -> int:
    """{{ page.facets.sectors|count_of:value }}: a facet's count, 0 when absent."""
    return counts.get(str(key), 0)


@register.filter
def facet_counts(page, name) -> dict:
    """The counts of the facet behind a form field name."""
    return {
        "secteur": page.facets.sectors,
        "departement": page.facets.departments,
        "public": page.facets.publics,
    }[name]

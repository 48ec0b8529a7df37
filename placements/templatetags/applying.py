"""The offer page's "Candidater" box, owned by placements: what this visitor can do with
the offer and why not (`placements.eligibility.for_visitor`). A template tag, so that the
offer page (offers, a floor below) never imports placements."""

from django import template

from .. import eligibility

register = template.Library()


@register.inclusion_tag("placements/_applying.html", takes_context=True)
def applying(context, offer, periods):
    choice = eligibility.for_visitor(context["request"].user, offer, periods)
    return {"offer": offer, "choice": choice, "kinds": eligibility}

"""Jinja2, Django's second template backend, for the search's result page.

Through Django's template engine the page's markup (twenty cards, seventy-odd checkboxes
with their counts, nine widgets) cost 12 ms of CPU a page, a third of the request's
Python; through Jinja2, 5.5 ms (as Python strings it was 2.6 ms). The page's layout stays a
Django template (templates/search/search.html), which includes the search's Jinja2
templates (search/jinja2/search/) with the `jinja` tag of search_tags; the htmx fragment is
Jinja2 alone.
"""

import html

from django.forms.renderers import BaseRenderer
from django.template import defaultfilters, engines
from django.urls import reverse
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from offers.templatetags.offers_tags import public_labels
from stages_bfc.templatetags import french as french_filters


def _escape(value):
    # Django's escaping (html.escape: &#x27;, &quot;) rather than MarkupSafe's (&#39;,
    # &#34;), so that both engines write the same bytes; safe values pass as they are.
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


def environment(**options) -> Environment:
    # Strict: a misspelt name fails the tests, as --fail-on-template-vars does for Django's.
    env = Environment(**{**options, "undefined": StrictUndefined, "finalize": _escape})
    env.globals["url"] = lambda name, *args: reverse(name, args=args)
    env.filters.update(
        pluralize=defaultfilters.pluralize,
        public_labels=public_labels,
        **french_filters.register.filters,
    )
    return env


class SearchFormRenderer(BaseRenderer):
    """The search form's widgets from Django's own Jinja2 widget templates."""

    def get_template(self, template_name):
        return engines["jinja2"].get_template(template_name)

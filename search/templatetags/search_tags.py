from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def jinja(template_name, **context):
    """{% jinja "search/_main.html" page=page %}: one of the search's Jinja2 templates
    (search/jinja2/, see search/templating.py) inside a Django template."""
    return mark_safe(engines["jinja2"].get_template(template_name).render(context))

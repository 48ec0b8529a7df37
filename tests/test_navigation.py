"""One list of links (pages/navigation.py) for the main menu and the site map."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from pages import navigation
from tests.factories import EmployerFactory, ModeratorFactory, PupilFactory, TeacherFactory
from tests.sessions import log_in

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.django_db


def test_the_templates_write_no_link_of_their_own():
    base = (ROOT / "templates/base.html").read_text()
    menu = base.split('id="menu"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r"{% url '([^']+)'", menu) == ["account_logout"]  # a form, not a link
    assert "{% url" not in (ROOT / "templates/pages/sitemap.html").read_text()


def test_every_link_is_in_one_section_of_the_site_map_and_the_menu_among_them():
    in_sections = [key for _, keys in navigation.SITEMAP for key in keys]
    assert sorted(in_sections) == sorted(navigation.LINKS)  # each once
    assert set(navigation.MENU) <= set(in_sections)


def _menu(page: str) -> list[str]:
    menu = page.split('id="menu"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="[^"]*">([^<]*)</a>', menu)


def _sitemap_links(page: str) -> set[str]:
    main = page.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]
    return set(re.findall(r'<a href="[^"]*">([^<]*)</a>', main))


@pytest.mark.parametrize(
    ("factory", "menu"),
    [
        (None, ["Trouver un stage", "Se connecter", "Créer un compte", "Connexion élève avec un code"]),
        (PupilFactory, ["Trouver un stage", "Mes candidatures", "Conventions", "Mes alertes", "Mon compte"]),
        (EmployerFactory, ["Trouver un stage", "Mes offres", "Candidatures reçues", "Conventions", "Mon compte"]),
        (TeacherFactory, ["Trouver un stage", "Mes classes", "Conventions", "Mes alertes", "Mon compte"]),
        (ModeratorFactory, ["Trouver un stage", "Chiffres", "Modération", "Signalements", "Rattachements", "Mon compte"]),
    ],
)  # fmt: skip
def test_the_menu_by_role_and_the_site_map_holds_it(client, factory, menu):
    if factory:
        log_in(client, factory())
    page = client.get(reverse("sitemap")).content.decode()
    assert _menu(page) == menu
    full = {link.menu_label or link.label: link.label for link in navigation.LINKS.values()}
    assert {full[name] for name in menu} <= _sitemap_links(page)  # the menu, in the map


def test_a_page_rendered_before_authentication_gets_the_anonymous_links(rf):
    """A rate-limit or error page can render before the authentication middleware set
    `request.user`: it must still render, with what a visitor sees."""
    request = rf.get("/")
    assert not hasattr(request, "user")
    menu = [s.label for s in navigation.site_links(request)["site_links"].menu]
    assert menu == [s.label for s in navigation.SiteLinks(AnonymousUser()).menu]
    assert "Trouver un stage" in menu and "Se connecter" in menu

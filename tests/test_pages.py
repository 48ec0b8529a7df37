import html
import re
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import EmployerFactory, ModeratorFactory, PupilFactory, TeacherFactory
from tests.sessions import log_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["home", "accessibility", "legal", "privacy", "sitemap"])
def test_public_pages_need_no_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'lang="fr"' in response.content


def test_home_tells_each_audience_what_to_do(client):
    content = client.get("/").content.decode()
    for audience in ("Vous êtes élève", "Vous accueillez des stagiaires", "Vous êtes enseignant"):
        assert audience in content


def test_health_answers(client):
    assert client.get(reverse("health")).json() == {"status": "ok"}


def test_pages_send_a_content_security_policy(client):
    assert "default-src 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_legal_notice_names_the_publisher_and_host_from_settings(client, settings):
    settings.LEGAL_PUBLISHER = "Région Bourgogne-Franche-Comté, 4 square Castan, Besançon"
    settings.LEGAL_HOST = "Hébergeur Exemple SAS, 1 rue du Serveur, 21000 Dijon"
    content = html.unescape(client.get(reverse("legal")).content.decode())
    assert "Hébergeur Exemple SAS, 1 rue du Serveur, 21000 Dijon" in content
    assert "Région Bourgogne-Franche-Comté, 4 square Castan, Besançon" in content
    assert "seront indiqués" not in content


# The sections the RGAA 4.1 statement model makes mandatory.
STATEMENT_SECTIONS = [
    "État de conformité",
    "Résultats des tests",
    "Contenus non accessibles",
    "Non-conformités",
    "Dérogations pour charge disproportionnée",
    "Contenus non soumis à l'obligation d'accessibilité",
    "Établissement de cette déclaration d'accessibilité",
    "Technologies utilisées pour la réalisation du site",
    "Environnement de test",
    "Outils pour évaluer l'accessibilité",
    "Pages du site ayant fait l'objet de la vérification de conformité",
    "Schéma pluriannuel et plan d'action",
    "Retour d'information et contact",
    "Voies de recours",
]


def test_accessibility_statement_has_the_mandatory_sections_and_no_claim_without_audit(client):
    content = html.unescape(client.get(reverse("accessibility")).content.decode())
    headings = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", content, re.S)
    headings = [" ".join(h.split()) for h in headings]
    for section in STATEMENT_SECTIONS:
        assert section in headings, section
    assert "<strong>non conforme</strong>" in content
    assert "partiellement conforme" not in content
    assert "Cette déclaration a été établie le" in content
    assert "Défenseur des droits" in content


def test_statement_figures_are_the_self_audits(client):
    """The statement's counts are docs/accessibility.md's rows, counted."""
    audit = (Path(__file__).resolve().parent.parent / "docs" / "accessibility.md").read_text()
    counts = Counter()
    for number, status in re.findall(
        r"^\| (\d+\.\d+(?: – \d+\.\d+)?) \|[^|]*\| (C|NC|NA|NV) \|", audit, re.M
    ):
        first, _, last = number.partition(" – ")
        size = int(last.split(".")[1]) - int(first.split(".")[1]) + 1 if last else 1
        counts[status] += size
    assert sum(counts.values()) == 106  # RGAA 4.1's criteria
    content = " ".join(html.unescape(client.get(reverse("accessibility")).content.decode()).split())
    assert f"{counts['C']} critères respectés" in content
    assert f"{counts['NC']} critères non respectés" in content
    assert f"{counts['NA']} critères non applicables" in content
    assert f"{counts['NV']} critères pas encore vérifiés" in content


def test_every_page_footer_links_the_site_map_and_the_statement(client):
    content = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("sitemap")}"' in content
    assert "Accessibilité : non conforme" in content


@pytest.mark.parametrize("role", [None, "pupil", "teacher", "employer", "moderator"])
def test_site_map_links_answer(client, role):
    factories = {
        "pupil": PupilFactory,
        "teacher": TeacherFactory,
        "employer": EmployerFactory,
        "moderator": ModeratorFactory,
    }
    if role:
        log_in(client, factories[role]())
    content = client.get(reverse("sitemap")).content.decode()
    main = content.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]
    links = re.findall(r'href="(/[^"]*)"', main)
    assert reverse("search:offers") in links
    for link in links:
        assert client.get(link).status_code == 200, link

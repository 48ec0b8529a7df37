import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["home", "accessibility", "legal", "privacy"])
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

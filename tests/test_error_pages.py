import pytest

pytestmark = pytest.mark.django_db


def test_unknown_page_is_a_french_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_forbidden_page_is_french(client):
    from tests.factories import PupilFactory

    client.force_login(PupilFactory())
    response = client.get("/moderation/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()

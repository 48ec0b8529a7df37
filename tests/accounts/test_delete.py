import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import User
from organisations.models import Membership
from tests.factories import EmployerFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/compte/supprimer/"


def test_url():
    assert reverse("accounts:delete") == URL


def test_needs_login(client):
    response = client.get(URL)
    assert response["Location"].startswith(reverse("account_login"))


def test_page_asks_for_the_password(client):
    client.force_login(UserFactory())
    content = client.get(URL).content.decode()
    assert '<label for="id_password">' in content
    assert "Supprimer définitivement mon compte" in content


def test_wrong_password_is_refused(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(URL, {"password": "pas-le-bon"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"password": ["Mot de passe incorrect."]}
    assert User.objects.filter(pk=user.pk).exists()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_right_password_deletes_and_logs_out(client):
    user = EmployerFactory()
    client.force_login(user)
    response = client.post(URL, {"password": "motdepasse-solide-42"})
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert "_auth_user_id" not in client.session
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Votre compte a été supprimé. Au revoir !"
    ]
    # The message is shown on the next page.
    assert "Votre compte a été supprimé." in client.get(reverse("home")).content.decode()

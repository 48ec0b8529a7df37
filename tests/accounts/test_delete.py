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


def test_last_member_of_a_host_with_offers_online_cannot_leave_them_orphaned(client):
    from offers.models import State
    from tests.factories import OfferFactory

    user = EmployerFactory()
    offer = OfferFactory(organisation=user.membership.organisation, state=State.PUBLISHED)
    client.force_login(user)
    response = client.post(URL, {"password": "motdepasse-solide-42"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"Vous êtes le dernier membre de « {offer.organisation.name} », qui a des offres en "
        "ligne ou en modération : invitez d'abord un collègue, ou retirez ces offres."
    ]
    assert User.objects.filter(pk=user.pk).exists()
    EmployerFactory(organisation=offer.organisation)  # a colleague can answer for them
    response = client.post(URL, {"password": "motdepasse-solide-42"})
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=user.pk).exists()


def test_pupil_with_a_class_code_is_sent_to_their_teacher(client):
    from tests.placements.factories import enrolled_pupil

    pupil = enrolled_pupil(email=None, verified=False)
    pupil.set_unusable_password()
    pupil.save()
    client.force_login(pupil)
    response = client.get(URL)
    content = response.content.decode()
    assert "demandez-lui de vous retirer de la classe" in content
    assert 'name="password"' not in content
    assert client.post(URL, {"password": ""}).status_code == 200
    assert User.objects.filter(pk=pupil.pk).exists()


def test_pupil_deleting_their_account_frees_their_places_and_is_anonymised(client):
    from offers.models import State
    from placements import services
    from placements.models import Application, AppState
    from tests.factories import OfferFactory
    from tests.placements.factories import ApplicationFactory, enrolled_pupil

    full = OfferFactory(state=State.PUBLISHED, periods=None)
    full.periods.update(places=1)
    pupil = enrolled_pupil()
    placed = ApplicationFactory(offer=full, pupil=pupil)
    member = EmployerFactory(organisation=full.organisation)
    services.accept(placed, member)
    services.confirm(placed, pupil)
    pending = ApplicationFactory(pupil=pupil)
    full.refresh_from_db()
    assert full.state == State.FILLED

    client.force_login(pupil)
    response = client.post(URL, {"password": "motdepasse-solide-42"})

    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session
    full.refresh_from_db()
    assert full.state == State.PUBLISHED  # the place is free again
    states = dict(Application.objects.filter(pupil=pupil).values_list("pk", "state"))
    assert states == {placed.pk: AppState.CANCELLED, pending.pk: AppState.WITHDRAWN}
    pupil.refresh_from_db()
    assert (pupil.first_name, pupil.last_name, pupil.email) == ("Élève", "anonymisé", None)
    assert not pupil.is_active and not pupil.has_usable_password()

"""Observer accounts: made by Region staff, who choose nothing but an address and a name;
the owner sets a password from the e-mail; access closed and reopened; no 500 for any input."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.accounts.test_login import link_path
from tests.factories import ModeratorFactory, UserFactory
from tests.sessions import log_in

pytestmark = pytest.mark.django_db
URL = reverse("accounts:observers")
NEW = {"action": "create", "email": "Lou.Martin@AC-Besancon.fr", "first_name": "Lou",
       "last_name": "Martin"}  # fmt: skip


@pytest.fixture
def moderator(client):
    user = ModeratorFactory()
    log_in(client, user)
    return user


def test_region_staff_create_an_observer_who_sets_a_password(
    client, moderator, mail_after_each_request
):
    response = client.post(URL, NEW)
    assert response["Location"] == URL
    user = User.objects.get(email="lou.martin@ac-besancon.fr")
    assert user.is_observer and user.sees_figures and not user.requires_mfa
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    (message,) = mail.outbox
    assert message.to == ["lou.martin@ac-besancon.fr"]
    # The e-mail's link sets the password; then the observer logs in and reads the figures.
    client.logout()
    form_url = client.get(link_path(message.body))["Location"]
    client.post(
        form_url, {"password1": "Observer-les-stages-25", "password2": "Observer-les-stages-25"}
    )
    user.refresh_from_db()
    assert user.check_password("Observer-les-stages-25")
    assert client.login(email=user.email, password="Observer-les-stages-25")
    assert client.get(reverse("figures:dashboard")).status_code == 200
    assert client.get(URL).status_code == 403  # not one of the Region's staff


def test_the_page_lists_observers_and_links_from_the_dashboard(client, moderator):
    UserFactory(role=User.Role.OBSERVER, email="obs@dreets.gouv.fr")
    UserFactory(email="employeur@exemple.fr")
    page = client.get(URL).content.decode()
    assert "obs@dreets.gouv.fr" in page and "employeur@exemple.fr" not in page
    assert f'href="{URL}"' in client.get(reverse("figures:dashboard")).content.decode()


def test_a_taken_address_or_a_bad_name_is_refused_in_french(
    client, moderator, mail_after_each_request
):
    UserFactory(email="lou.martin@ac-besancon.fr")
    response = client.post(URL, NEW)
    assert response.status_code == 400
    assert "Un compte existe déjà avec cette adresse." in response.content.decode()
    response = client.post(URL, {**NEW, "email": "autre@ac-dijon.fr", "last_name": "Mar\u202etin"})
    assert response.status_code == 400
    assert not User.objects.filter(email="autre@ac-dijon.fr").exists()
    assert mail.outbox == []


def test_access_is_closed_and_reopened(client, moderator):
    observer = UserFactory(role=User.Role.OBSERVER)
    client.post(URL, {"action": "close", "user": observer.pk})
    observer.refresh_from_db()
    assert not observer.is_active
    client.post(URL, {"action": "reopen", "user": observer.pk})
    observer.refresh_from_db()
    assert observer.is_active


@pytest.mark.parametrize("pk", ["abc", "", "-1", "99999999", "1e3"])
def test_close_with_any_input_is_a_404_never_a_500(client, moderator, pk):
    assert client.post(URL, {"action": "close", "user": pk}).status_code == 404


def test_only_observers_can_be_closed_here(client, moderator):
    employer = UserFactory(email="employeur@exemple.fr")
    assert client.post(URL, {"action": "close", "user": employer.pk}).status_code == 404
    employer.refresh_from_db()
    assert employer.is_active

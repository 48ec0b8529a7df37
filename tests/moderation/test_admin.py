import pytest
from django.urls import reverse

from accounts.models import User
from offers.models import State
from offers.services import move
from tests.factories import OfferFactory
from tests.sessions import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    # Administrators must have activated TOTP to use the site (accounts.middleware).
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    admin = User.objects.create_superuser("admin@region-bfc.fr", "motdepasse-solide-42")
    TOTP.activate(admin, generate_totp_secret())
    log_in(client, admin)
    return client


def test_offer_changelist_filters_and_searches(admin_client):
    OfferFactory(title="Boulanger", state=State.SUBMITTED)
    url = reverse("admin:offers_offer_changelist")
    for params in [{}, {"state": "submitted"}, {"q": "boulang"}, {"sector__code__exact": "s20"}]:
        response = admin_client.get(url, params)
        assert response.status_code == 200
    assert "Boulanger" in admin_client.get(url, {"q": "boulang"}).content.decode()


def test_offer_change_page_shows_state_and_audit_trail_read_only(admin_client):
    offer = OfferFactory()
    move(offer, "submit", message="Première soumission")
    response = admin_client.get(reverse("admin:offers_offer_change", args=[offer.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="state"' not in content
    assert "En attente de modération" in content
    assert "Première soumission" in content
    assert 'name="transitions-0-message"' not in content
    assert 'name="periods-0-places"' in content


def test_admin_save_keeps_the_state(admin_client):
    offer = OfferFactory(state=State.PUBLISHED)
    url = reverse("admin:offers_offer_change", args=[offer.pk])
    response = admin_client.get(url)
    form = response.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(publics="seconde", state="draft")
    period = offer.periods.get()
    data.update(
        {
            "periods-TOTAL_FORMS": "1",
            "periods-INITIAL_FORMS": "1",
            "periods-0-id": period.pk,
            "periods-0-offer": offer.pk,
            "periods-0-start": period.start.isoformat(),
            "periods-0-end": period.end.isoformat(),
            "periods-0-places": "5",
            "transitions-TOTAL_FORMS": "0",
            "transitions-INITIAL_FORMS": "0",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED
    assert offer.periods.get().places == 5

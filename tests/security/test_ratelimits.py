"""Every secret a person can guess is rate limited: class join codes, personal codes,
invitation tokens, signed links; per client address read through TRUSTED_PROXY_COUNT."""

import time

import pytest
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from organisations import services as organisation_services
from placements.models import Enrolment
from stages_bfc.ratelimits import limit_guesses
from tests.factories import EmployerFactory, PupilFactory
from tests.placements.factories import SchoolClassFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def codes(count):
    """Well-formed class codes that no class has (the factories' codes are random)."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return [f"ZZ{alphabet[n // 31]}{alphabet[n % 31]}ZZ" for n in range(count)]


def test_sixty_join_codes_in_a_second_are_stopped_after_ten(client):
    school_class = SchoolClassFactory()
    pupil = PupilFactory(school=school_class.school)
    client.force_login(pupil)
    started = time.monotonic()
    answers = [client.post(reverse("placements:join"), {"code": code}) for code in codes(60)]
    assert time.monotonic() - started < 10  # a burst, not a slow drip
    assert [a.status_code for a in answers[:10]] == [400] * 10
    assert {a.status_code for a in answers[10:]} == {429}
    blocked = answers[-1]
    assert "Trop de tentatives" in blocked.content.decode()
    assert "Vous pourrez réessayer à partir de" in blocked.content.decode()
    assert 0 < int(blocked["Retry-After"]) <= 600
    # The right code now waits too: the limit is on the person, whatever they type.
    right = client.post(reverse("placements:join"), {"code": school_class.join_code})
    assert right.status_code == 429
    assert not Enrolment.objects.filter(pupil=pupil).exists()


def test_a_classmate_behind_the_same_address_keeps_their_own_tries(client):
    school_class = SchoolClassFactory()
    client.force_login(PupilFactory(school=school_class.school))
    for code in codes(11):
        client.post(reverse("placements:join"), {"code": code})
    client.force_login(PupilFactory(school=school_class.school))
    response = client.post(reverse("placements:join"), {"code": school_class.join_code})
    assert response.status_code == 302


def test_joining_the_right_class_does_not_count(client):
    school_class = SchoolClassFactory()
    pupil = PupilFactory(school=school_class.school)
    client.force_login(pupil)
    for code in codes(9):
        client.post(reverse("placements:join"), {"code": code})
    assert (
        client.post(reverse("placements:join"), {"code": school_class.join_code}).status_code == 302
    )
    Enrolment.objects.filter(pupil=pupil).delete()
    assert client.post(reverse("placements:join"), {"code": "ZZZZZZ"}).status_code == 400


def test_one_address_cannot_try_personal_codes_across_many_classes(client):
    url = reverse("placements:pupil_login")
    for code in codes(60):
        assert (
            client.post(url, {"class_code": code, "personal_code": "ABCD-EFGH"}).status_code == 400
        )
    response = client.post(url, {"class_code": "YYYYYY", "personal_code": "ABCD-EFGH"})
    assert response.status_code == 429
    assert "Nouvel essai possible à partir de" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_invitation_tokens_are_rate_limited(client):
    employer = EmployerFactory()
    invitation = organisation_services.invite(
        employer.membership.organisation, "nouvelle@exemple.fr", employer
    )
    client.force_login(EmployerFactory())
    for n in range(10):
        url = reverse("organisations:accept", args=[f"jeton-devine-{n}"])
        assert client.get(url).status_code == 404
    right = client.get(reverse("organisations:accept", args=[invitation.token]))
    assert right.status_code == 429
    assert "Vous pourrez réessayer à partir de" in right.content.decode()


def test_a_valid_invitation_link_does_not_count(client):
    employer = EmployerFactory()
    invitation = organisation_services.invite(
        employer.membership.organisation, "nouvelle@exemple.fr", employer
    )
    client.force_login(EmployerFactory())
    for _ in range(12):
        response = client.get(reverse("organisations:accept", args=[invitation.token]))
        assert response.status_code == 200


def test_signed_links_of_tomorrow_get_the_same_guard():
    @limit_guesses()
    def view(request, token):
        if token != "bon":
            raise Http404
        return HttpResponse("ok")

    factory = RequestFactory()
    for _ in range(20):
        with pytest.raises(Http404):
            view(factory.get("/lien/"), "faux")
    assert view(factory.get("/lien/"), "bon").status_code == 429
    # Another address is not concerned.
    assert view(factory.get("/lien/", REMOTE_ADDR="192.0.2.9"), "bon").status_code == 200


@pytest.mark.parametrize("proxies, separate", [(0, False), (1, True)])
def test_client_addresses_are_read_through_the_trusted_proxies(client, settings, proxies, separate):
    """Behind one proxy, each client of X-Forwarded-For has its own tries; without a trusted
    proxy, the header (which anyone can write) changes nothing."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    url = reverse("placements:pupil_login")
    form = {"class_code": "AAAAAA", "personal_code": "ABCD-EFGH"}
    for _ in range(10):
        client.post(url, form, HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = client.post(url, form, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == (400 if separate else 429)
    same = client.post(url, form, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert same.status_code == 429


def test_one_setting_drives_allauth_and_the_platform():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT


def test_the_school_mailbox_link_is_rate_limited(client):
    """A forged or expired link answers 400: twenty of them, then the right one is refused."""
    for n in range(20):
        response = client.get(reverse("accounts:school_link", args=[f"faux-{n}"]))
        assert response.status_code == 400
    assert client.get(reverse("accounts:school_link", args=["faux-21"])).status_code == 429

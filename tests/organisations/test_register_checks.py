"""The SIRET checked at creation (the form, its lookup button) and again by beat, against
the register sandbox served for real."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations import checks, tasks
from organisations.models import Organisation, RegisterStatus
from organisations.views import PENDING_NOTICE
from register_sandbox import catalogue
from tests.factories import EmployerFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "organisations:create"


def _first(test):
    return next((u, e) for u in catalogue.units().values() for e in u.establishments if test(u, e))


def _open(category_head="5"):
    return _first(lambda u, e: e.open and u.legal_category.startswith(category_head))


@pytest.fixture
def employer(client):
    user = UserFactory()  # an employer account without an organisation yet
    client.force_login(user)
    return user


def _post(client, **data):
    return client.post(reverse(URL), {"description": "Nous accueillons des stagiaires."} | data)


def test_a_siret_alone_fills_name_type_and_address(client, employer, register, reference_data):
    unit, establishment = _open()
    response = _post(client, siret=establishment.siret)
    assert response.status_code == 302
    organisation = Organisation.objects.get(siret=establishment.siret)
    assert organisation.name == unit.name
    assert organisation.street.startswith(establishment.number + " ")
    assert organisation.commune_id == establishment.insee
    assert organisation.host_type == checks.host_type_of(unit.legal_category)
    assert organisation.register_status == RegisterStatus.VERIFIED
    assert (organisation.legal_category, organisation.activity_code) == (
        unit.legal_category,
        establishment.activity,
    )
    assert organisation.register_next_check > timezone.now() + datetime.timedelta(days=29)


def test_what_the_host_typed_stays(client, employer, register, reference_data):
    _unit, establishment = _open()
    _post(client, siret=establishment.siret, name="Chez Élise", street="3 place Granvelle")
    organisation = Organisation.objects.get(siret=establishment.siret)
    assert (organisation.name, organisation.street) == ("Chez Élise", "3 place Granvelle")


def test_the_lookup_button_fills_the_form_without_creating(
    client, employer, register, reference_data
):
    unit, establishment = _open()
    response = _post(client, siret=establishment.siret, remplir="1", description="Notre atelier")
    assert response.status_code == 200
    assert not Organisation.objects.exists()
    content = response.content.decode()
    assert f'value="{unit.name}"' in content
    assert "Nous avons rempli le nom" in content and "Notre atelier" in content
    assert 'class="error-summary' not in content  # the fields still empty are not errors yet
    assert len(register.calls) == 1  # the next submit reads the remembered answer
    _post(client, **{k: v for k, v in response.context["form"].data.items() if k != "remplir"})
    assert Organisation.objects.get().register_status == RegisterStatus.VERIFIED
    assert len(register.calls) == 1


def test_the_lookup_button_refuses_a_wrong_number_without_a_call(client, employer, register):
    response = _post(client, siret="73282932000075", remplir="1")
    assert "Ce numéro SIRET n'existe pas" in html.unescape(response.content.decode())
    assert register.calls == []


def test_a_closed_establishment_is_refused(client, employer, register, reference_data):
    unit, establishment = _first(lambda u, e: not e.open)
    response = _post(client, siret=establishment.siret, name="X", host_type="company")
    assert response.status_code == 200
    assert response.context["form"].errors["siret"] == [
        f"D'après le répertoire des entreprises, l'établissement {establishment.siret} "
        f"({unit.name}, {establishment.commune}) est fermé. Indiquez le SIRET de "
        "l'établissement, ouvert, où les stagiaires seront accueillis."
    ]
    assert not Organisation.objects.exists()


def test_an_unknown_siret_is_refused(client, employer, register, reference_data):
    response = _post(client, siret="73282932000074", name="X", host_type="company")
    assert (
        "ne figure pas au répertoire des entreprises" in response.context["form"].errors["siret"][0]
    )
    assert not Organisation.objects.exists()


def test_a_public_legal_category_sets_the_host_type(client, employer, register, reference_data):
    _unit, establishment = _open("72")
    _post(client, siret=establishment.siret, host_type="company")
    assert Organisation.objects.get().host_type == Organisation.HostType.LOCAL_AUTHORITY


def test_a_private_company_cannot_claim_to_be_public(client, employer, register, reference_data):
    _unit, establishment = _open("57")
    response = _post(client, siret=establishment.siret, host_type="local_authority")
    assert "relève du droit privé (catégorie juridique 57" in str(response.context["form"].errors)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("fault", ["500", "429", "malformed", "drop", "slow"])
def test_a_register_down_loses_nothing(client, employer, register, reference_data, fault):
    register.faults.slow_seconds = 1.5  # past the read timeout
    register.faults.script.extend([fault] * 3)
    _unit, establishment = _open()
    typed = {"name": "Atelier Faivre", "host_type": "company", "street": "2 rue Pasteur",
             "commune": "Besançon (25)", "website": "https://atelier.example.fr"}  # fmt: skip
    response = _post(client, siret=establishment.siret, **typed)
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.street, organisation.website) == (
        typed["name"], typed["street"], typed["website"]
    )  # fmt: skip
    assert organisation.register_status == RegisterStatus.PENDING
    assert organisation.register_failures == 1
    assert organisation.register_next_check > timezone.now()
    assert PENDING_NOTICE in [m.message for m in response.wsgi_request._messages]


def test_after_a_failure_forms_do_not_wait_for_the_register(
    client, employer, register, reference_data
):
    register.faults.script.extend(["500"] * 3)
    _unit, establishment = _open()
    response = _post(client, siret=establishment.siret, remplir="1")
    assert "ne répond pas pour le moment" in response.content.decode()
    calls = len(register.calls)
    _post(client, siret=establishment.siret, name="A", host_type="company", street="1 rue",
          commune="Besançon (25)")  # fmt: skip
    assert len(register.calls) == calls  # the minute after a failure: straight to "à vérifier"
    assert Organisation.objects.get().register_status == RegisterStatus.PENDING


def test_an_edit_keeping_the_siret_does_not_ask(client, register, reference_data):
    organisation = OrganisationFactory(commune_id="25056")
    client.force_login(EmployerFactory(organisation=organisation))
    data = {"siret": organisation.siret, "name": organisation.name, "host_type": "company",
            "street": organisation.street, "commune": "Besançon (25)"}  # fmt: skip
    assert client.post(reverse("organisations:edit"), data).status_code == 302
    assert register.calls == []


# --- beat's recheck ---


def _pending(siret, **fields):
    organisation = OrganisationFactory(siret=siret, commune_id="25056", **fields)
    return organisation


def test_recheck_confirms_flags_and_backs_off(register, reference_data):
    _unit, open_ = _open()
    _unit, closed = _first(lambda u, e: not e.open)
    verified = _pending(open_.siret)
    flagged = _pending(closed.siret)
    unknown = _pending("73282932000074")
    later = _pending(
        _open("92")[1].siret, register_next_check=timezone.now() + datetime.timedelta(hours=1)
    )
    assert tasks.recheck_register() == {"due": 3, "checked": 3}
    for organisation in (verified, flagged, unknown, later):
        organisation.refresh_from_db()
    assert verified.register_status == RegisterStatus.VERIFIED
    assert flagged.register_status == RegisterStatus.CLOSED
    assert unknown.register_status == RegisterStatus.UNKNOWN
    assert later.register_status == RegisterStatus.PENDING  # not due yet
    assert len(register.calls) == 3
    assert tasks.recheck_register() == {"due": 0, "checked": 0}


def test_recheck_stops_when_the_register_is_down(register, reference_data):
    first, second = (_pending(e.siret) for _u, e in list(
        (u, e) for u in catalogue.units().values() for e in u.establishments if e.open
    )[:2])  # fmt: skip
    register.faults.script.extend(["500"] * 4)  # the worker's four tries
    assert tasks.recheck_register() == {"due": 2, "checked": 0}
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.register_failures, second.register_failures) == (1, 0)
    assert first.register_next_check > timezone.now() + datetime.timedelta(minutes=2)
    assert len(register.calls) == 4  # the second one waits for the next pass
    assert tasks.recheck_register() == {"due": 1, "checked": 1}  # the second, now answered


def test_verified_and_closed_ones_are_asked_again_monthly(register, reference_data):
    _unit, establishment = _first(lambda u, e: not e.open)
    month_ago = timezone.now() - datetime.timedelta(days=1)
    organisation = _pending(
        establishment.siret, register_status=RegisterStatus.VERIFIED, register_next_check=month_ago
    )
    tasks.recheck_register()
    organisation.refresh_from_db()
    assert organisation.register_status == RegisterStatus.CLOSED  # it closed since
    assert (
        organisation.register_next_check
        > timezone.now() + checks.RECHECK_AFTER - datetime.timedelta(minutes=1)
    )


def test_beat_runs_the_recheck(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["recheck-company-register"]
    assert entry["task"] == "organisations.tasks.recheck_register"
    assert entry["schedule"] <= 600


def test_members_see_the_flag(client, reference_data):
    organisation = OrganisationFactory(commune_id="25056", register_status=RegisterStatus.CLOSED)
    client.force_login(EmployerFactory(organisation=organisation))
    content = client.get(reverse("organisations:detail")).content.decode()
    assert "établissement fermé au répertoire des entreprises" in content
    assert 'id="register-flag"' in content

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from accounts.models import User
from demo.offers import DEMO_DOMAIN, seed_offers
from offers.models import Offer, OfferPeriod, State
from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _fingerprint():
    return list(
        Offer.objects.order_by("pk").values_list(
            "title", "sector_id", "commune_id", "publics", "state", "organisation__siret"
        )
    )


def test_seed_is_deterministic_idempotent_and_varied(reference_data):
    assert seed_offers(400, seed=7) == 400
    first = _fingerprint()
    assert seed_offers(400, seed=7) == 0  # a second run adds nothing
    assert _fingerprint() == first
    states = set(Offer.objects.values_list("state", flat=True))
    assert states == set(State.values)  # every state of the lifecycle
    assert len(set(Offer.objects.values_list("sector", flat=True))) > 30
    assert len(set(Offer.objects.values_list("commune__department", flat=True))) == 8
    assert set(Organisation.objects.values_list("host_type", flat=True)) == set(
        Organisation.HostType.values
    )
    assert not Offer.objects.filter(periods__isnull=True).exists()
    assert OfferPeriod.objects.filter(places__gt=35).count() == 0

    Offer.objects.all().delete()
    seed_offers(400, seed=7)
    assert _fingerprint() == first  # same seed, same rows


def test_seed_demo_creates_demo_accounts_with_totp_for_staff(reference_data):
    call_command("seed_demo", offers=10, seed=1)
    call_command("seed_demo", offers=10, seed=1)
    staff = User.objects.filter(email__in=[f"moderation@{DEMO_DOMAIN}", f"admin@{DEMO_DOMAIN}"])
    assert staff.count() == 2
    assert Authenticator.objects.filter(user__in=staff, type="totp").count() == 2
    employer = User.objects.get(email=f"employeur@{DEMO_DOMAIN}")
    assert employer.membership.organisation.memberships.count() == 2


def test_seed_demo_refuses_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo", offers=1)


def test_demo_totp_prints_a_code_the_login_accepts(capsys):
    from allauth.mfa.totp.internal.auth import validate_totp_code

    from demo.accounts import DEMO_TOTP_SECRET

    call_command("demo_totp")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and validate_totp_code(DEMO_TOTP_SECRET, code)


def test_seed_demo_teacher_is_confirmed_at_the_demo_school(reference_data):
    call_command("seed_demo", offers=10, seed=1)
    teacher = User.objects.get(email="enseignant.demo@ac-besancon.fr")
    assert teacher.works_at_school
    assert teacher.taught_classes.filter(join_code="DEMO2A").exists()

"""The demo accounts: an employer and a colleague, Region staff with a known TOTP secret, a
teacher in each demo school and a pupil (password DEMO_PASSWORD), then the demo school year
(demo/school_year.py, played by demo/placements.py) and the pupil's alert (demo/alerts.py)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from accounts.attachments import mark_confirmed
from accounts.models import User
from organisations.models import Membership, Organisation
from reference.models import School

from .alerts import seed_alert
from .conventions import complete_pupil_convention, seed_school_settings
from .offers import DEMO_DOMAIN, DemoBuilder, siret
from .past_year import seed_past_year
from .placements import seed_placements
from .school_year import DEMO_SCHOOL, TEACHERS

DEMO_PASSWORD = "demo-stages-bfc"
# Region staff must use TOTP: the demo accounts share this known secret (development only).
DEMO_TOTP_SECRET = "DEMOSTAGESBFCREGIONMODERATIONXYZ"


def _account(email, role, **extra):
    user, created = User.objects.get_or_create(email=email, defaults={"role": role, **extra})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _with_totp(user):
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def seed_accounts(seed: int) -> list[User]:
    builder = DemoBuilder(seed)
    # Lycée Carnot (Dijon): the demo pupil is in its 2de A.
    school = School.objects.get(uai=DEMO_SCHOOL)
    employer = _account(
        f"employeur@{DEMO_DOMAIN}", User.Role.EMPLOYER, first_name="Élise", last_name="Faivre"
    )
    first_org = Organisation.objects.filter(siret=siret(seed * 10_000_000)).first()
    if first_org is None:
        first_org = builder.organisation(0)
        first_org.save()
    colleague = _account(
        f"collegue@{DEMO_DOMAIN}", User.Role.EMPLOYER, first_name="Hugo", last_name="Faivre"
    )
    for member in (employer, colleague):
        Membership.objects.get_or_create(user=member, defaults={"organisation": first_org})
    staff = [
        _account(
            f"moderation@{DEMO_DOMAIN}",
            User.Role.MODERATOR,
            first_name="Marc",
            last_name="Jacquot",
            is_staff=True,
        ),
        _account(
            f"admin@{DEMO_DOMAIN}",
            User.Role.ADMIN,
            first_name="Admin",
            last_name="Région",
            is_staff=True,
            is_superuser=True,
        ),
    ]
    for user in staff:
        _with_totp(user)
    teachers = {}
    for email, (first_name, last_name, uai) in TEACHERS.items():
        teachers[email] = _account(
            email, User.Role.TEACHER, first_name=first_name, last_name=last_name, school_id=uai
        )
        mark_confirmed(teachers[email])  # each demo teacher works at their demo school
    pupil = _account(
        f"eleve@{DEMO_DOMAIN}",
        User.Role.PUPIL,
        first_name="Léo",
        last_name="Perrin",
        school=school,
    )
    # The classes, their pupils and their applications; the schools' convention settings
    # first, so that each convention drafted on confirmation names its head.
    seed_school_settings()
    seed_placements(teachers, pupil, employer)
    complete_pupil_convention(pupil)
    seed_past_year(teachers, employer, timezone.localdate())
    # Last: the night's match sees every demo offer.
    seed_alert(pupil)
    return [employer, colleague, *staff, *teachers.values(), pupil]

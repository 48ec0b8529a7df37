import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from offers.models import Offer, OfferPeriod, Public
from organisations.models import Membership, Organisation
from reference.models import Commune, Department, School, Sector
from reference.periods import coming_seconde_period


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = "25"
    name = "Doubs"
    prefecture = "Besançon"
    academy = "Besançon"


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["insee"]

    insee = "25056"
    name = "Besançon"
    search_name = "besancon"
    postcodes = "25000"
    department = factory.SubFactory(DepartmentFactory)
    latitude = 47.2380
    longitude = 6.0243


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ["uai"]

    uai = factory.Sequence(lambda n: f"025{n:04d}X")
    name = factory.Sequence(lambda n: f"Lycée Victor Hugo {n}")
    kind = School.Kind.LYCEE
    commune = factory.SubFactory(CommuneFactory)


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["code"]

    code = "s28"
    label = "Industrie alimentaire"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = "Martin"
    role = User.Role.EMPLOYER
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-solide-42")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Mark the e-mail address verified for allauth, as after the confirmation link."""
        if create:
            obj.save()
            if extracted is not False:
                from allauth.account.models import EmailAddress

                EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Boulangerie Comtoise {n}")
    siret = factory.Sequence(lambda n: _luhn_siret(f"7321{n:09d}"))
    host_type = Organisation.HostType.COMPANY
    street = "12 rue des Granges"
    commune = factory.SubFactory(CommuneFactory)
    description = "Boulangerie artisanale au cœur de Besançon."


def _luhn_siret(prefix13: str) -> str:
    from organisations.validators import luhn_valid

    return next(prefix13 + str(d) for d in range(10) if luhn_valid(prefix13 + str(d)))


class EmployerFactory(UserFactory):
    role = User.Role.EMPLOYER

    @factory.post_generation
    def organisation(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.create(user=obj, organisation=extracted or OrganisationFactory())


def activate_totp(user):
    """Give `user` an activated TOTP authenticator; returns the secret, to compute codes."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class ModeratorFactory(UserFactory):
    """A Region moderator, with the TOTP second factor the platform requires of them.

    `ModeratorFactory(totp=False)` makes one who has not activated it yet.
    """

    role = User.Role.MODERATOR

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.totp_secret = activate_totp(obj)


class TeacherFactory(UserFactory):
    """School staff confirmed at their school; `TeacherFactory(confirmed=False)` makes one
    who only says they work there (a pending attachment)."""

    role = User.Role.TEACHER
    email = factory.Sequence(lambda n: f"prof{n}@ac-besancon.fr")
    school = factory.SubFactory(SchoolFactory)

    @factory.post_generation
    def confirmed(obj, create, extracted, **kwargs):
        if create and obj.school_id:
            from accounts.attachments import mark_confirmed
            from accounts.models import SchoolAttachment

            if extracted is False:
                SchoolAttachment.objects.get_or_create(user=obj, school_id=obj.school_id)
            else:
                mark_confirmed(obj)


class PupilFactory(UserFactory):
    role = User.Role.PUPIL
    school = factory.SubFactory(SchoolFactory)


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Découverte du métier de boulanger"
    description = "Pétrir, façonner et cuire le pain avec l'équipe du fournil."
    sector = factory.SubFactory(SectorFactory)
    publics = factory.LazyFunction(lambda: [Public.SECONDE])
    street = "12 rue des Granges"
    commune = factory.SubFactory(CommuneFactory)
    tutor_name = "Dominique Petit"
    tutor_email = "tuteur@boulangerie.fr"

    @factory.post_generation
    def periods(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            # The coming one: in the current school year (what the national platform takes)
            # but from 27 to 30 June, when this year's has passed.
            period = coming_seconde_period(datetime.date.today())
            extracted = [(period.start, period.end, 2)]
        for start, end, places in extracted:
            OfferPeriod.objects.create(offer=obj, start=start, end=end, places=places)

    @classmethod
    def _create(cls, model_class, *args, state=None, **kwargs):
        offer = super()._create(model_class, *args, **kwargs)
        if state:
            # Tests start from any state; real code only moves through transitions.
            model_class.objects.filter(pk=offer.pk).update(state=state)
            offer.refresh_from_db()
        return offer

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from accounts.models import User
from demo.offers import DEMO_DOMAIN, seed_offers
from figures.filters import Filters
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


def _table(join_code):
    """{first name: the Stage column} of a demo class."""
    from placements import coverage
    from placements.models import SchoolClass

    school_class = SchoolClass.objects.get(join_code=join_code)
    names = dict(school_class.enrolments.values_list("pupil_id", "pupil__first_name"))
    return {names[pupil_id]: c.label for pupil_id, c in coverage.for_class(school_class).items()}


def test_seed_demo_is_a_school_year_with_every_coverage_state(reference_data):
    """The demo classes of the issue's list: seconde classes of a lycée, 3e and 4e of a
    collège, a lycée professionnel class, and a pupil in every situation the teacher's
    table counts."""
    from placements.models import SchoolClass
    from reference.periods import school_year_of, week_of

    call_command("seed_demo", offers=10, seed=1)
    call_command("seed_demo", offers=10, seed=1)  # idempotent
    year = school_year_of(datetime.date.today())
    classes = {
        (c.school.name, c.name, c.level, c.school.kind)
        for c in SchoolClass.objects.filter(school_year=year).select_related("school")
    }
    assert {(name, level, kind) for _, name, level, kind in classes} == {
        ("2de A", "seconde", "lycee"),
        ("2de B", "seconde", "lycee"),
        ("2de C", "seconde", "lycee"),
        ("3e A", "3e", "college"),
        ("4e B", "4e", "college"),
        ("1re pro Cuisine", "1re_pro", "lycee_pro"),
    }
    june_14, june_21 = week_of(datetime.date(year, 6, 14)), week_of(datetime.date(year, 6, 21))
    assert _table("DEMO2A") == {
        "Léo": f"1 semaine sur 2 : il manque {june_21}",  # week 1 here, week 2 pending
        "Inès": "2 semaines sur 2",  # two hosts
        "Hugo": "2 semaines sur 2",  # both weeks with one host
        "Chloé": "aucune",  # pending only
        "Nathan": f"1 semaine sur 2 : il manque {june_21}",  # found elsewhere, week 2 accepted
        "Manon": "aucune",
        "Yanis": "aucune",  # declined
    }
    assert _table("DEMO2B") == {
        "Emma": "2 semaines sur 2",  # both weeks found elsewhere
        "Lucas": f"1 semaine sur 2 : il manque {june_14}",
        "Tom": "2 semaines sur 2",  # one on the platform, one found elsewhere
        "Sarah": "aucune",
    }
    assert _table("DEMO3A") == {
        "Jade": "5 jours sur 5",
        "Louis": "3 jours sur 5 : il manque 2 jours",
        "Lina": "aucun jour",
        "Adam": "aucun jour",
    }
    assert _table("DEMO4B") == {"Rose": "5 jours sur 5", "Gabriel": "aucun jour"}
    pro = _table("DEMOPRO")
    assert pro["Zoé"] == "2 périodes sur 2" and pro["Camille"] == "aucune"
    assert pro["Théo"].startswith("1 période sur 2 : il manque la période du ")
    # Each class's teacher sees it: confirmed at the class's school.
    for school_class in SchoolClass.objects.filter(school_year=year):
        (teacher,) = school_class.teachers.all()
        assert teacher.works_at_school and teacher.school_id == school_class.school_id


def test_the_demo_pupil_has_a_convention_ready_to_send(reference_data):
    """`make run`'s path of issue 15: the teacher opens it and sends it for signature."""
    from conventions import rules
    from conventions.models import Convention
    from demo.conventions import GUARDIAN_EMAIL, HEAD_EMAIL

    call_command("seed_demo", offers=10, seed=1)
    call_command("seed_demo", offers=10, seed=1)
    pupil = User.objects.get(email=f"eleve@{DEMO_DOMAIN}")
    convention = Convention.objects.filter(pupil=pupil).order_by("start").first()
    assert (convention.head_email, convention.guardian_email) == (HEAD_EMAIL, GUARDIAN_EMAIL)
    assert rules.problems(convention) == []
    # Every drafted convention of the demo schools names its head.
    assert not Convention.objects.filter(head_email="").exists()


def test_seed_demo_gives_the_region_gender_and_access_figures_it_may_publish(reference_data):
    """Enough demo pupils answer the profile's two questions that the dashboard shows real
    counts (5 and more) on `make run`, not only "secret statistique"."""
    from figures import services
    from figures.views import sections

    call_command("seed_demo", offers=10, seed=1)
    snapshot = services.refresh()
    figures = sections(snapshot, Filters(school_year=snapshot.school_year))
    gender, access, _ = figures["access"]
    by_sector = dict(gender.rows)
    for sector in ("Industrie, ingénierie industrielle", "Informatique et réseaux"):
        assert by_sector[sector]["fille"] == 7 and by_sector[sector]["garcon"] == 6
        assert by_sector[sector]["girls_share"] == "54 %"
    access_rows = dict(access.rows)
    assert access_rows["Élèves ayant besoin d'un lieu accessible, stage complet"]["value"] == 5
    assert access_rows["Leurs stages dans une offre déclarée accessible"]["value"] == 10


def test_seed_demo_has_last_years_stage_for_the_host_page(reference_data, client):
    """A confirmed stage of last school year at the demo employer's organisation: its
    public page counts it and shows that year's badge (seeded once)."""
    from placements.models import Application, AppState
    from reference.periods import school_year_label, school_year_of

    call_command("seed_demo", offers=10, seed=1)
    call_command("seed_demo", offers=10, seed=1)
    organisation = User.objects.get(email=f"employeur@{DEMO_DOMAIN}").membership.organisation
    (stage,) = Application.objects.filter(
        offer__organisation=organisation, end__lt=datetime.date.today()
    )
    last_year = school_year_of(datetime.date.today()) - 1
    assert stage.state == AppState.CONFIRMED and school_year_of(stage.start) == last_year
    assert stage.transitions.count() == 3  # submitted, accepted, confirmed: the services'
    page = client.get(f"/structures/{organisation.pk}/").content.decode()
    assert f"Structure accueillante {school_year_label(last_year)}" in page

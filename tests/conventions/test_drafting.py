"""A convention is drafted when a placement is confirmed, and cancelled with it."""

import datetime

import pytest

from conventions import rules
from conventions.drafting import break_minutes
from conventions.models import Convention, State
from placements import services as placement_services

from .factories import FAMILY, complete, confirmed_placement

pytestmark = pytest.mark.django_db


def test_confirming_a_placement_drafts_its_convention_prefilled():
    application = confirmed_placement()
    convention = Convention.objects.get(application=application)
    offer, school_class = application.offer, application.school_class
    assert convention.state == State.DRAFT
    assert convention.host_name == offer.organisation.name
    assert convention.host_siret == offer.organisation.siret
    assert convention.tutor_name == offer.tutor_name
    assert convention.activities == offer.description
    assert (convention.start, convention.end) == (application.start, application.end)
    assert (convention.hours_start, convention.hours_end) == (
        datetime.time(9),
        datetime.time(16, 30),
    )
    assert convention.break_minutes == 60
    assert convention.school_uai == school_class.school.uai
    assert convention.head_name == "Claire Proviseure"
    assert convention.teacher_name == school_class.teachers.get().get_full_name()
    assert convention.clauses_text == "Tenue correcte exigée."
    assert convention.pupil_name == application.pupil.get_full_name()
    assert convention.level == school_class.level


def test_a_draft_says_what_only_the_family_knows_and_who_completes_it():
    convention = Convention.objects.get(application=confirmed_placement())
    missing = {(p.field, p.who) for p in rules.problems(convention)}
    assert missing == {
        ("birth_date", "family"),
        ("postal_address", "family"),
        ("insurance", "family"),
        ("guardian_name", "family"),
        ("guardian_email", "family"),
    }
    assert rules.missing_family_information(convention)
    complete(convention)
    assert rules.problems(convention) == []


def test_an_adult_pupil_needs_no_legal_representative():
    convention = Convention.objects.get(application=confirmed_placement())
    complete(convention, birth_date=datetime.date(2000, 1, 1), guardian_name="", guardian_email="")
    assert rules.problems(convention) == []


def test_hours_beyond_the_limits_are_reported_on_the_draft():
    convention = Convention.objects.get(application=confirmed_placement())
    complete(convention, hours_end=datetime.time(19))  # 9 h a day at 16
    messages = [p.message for p in rules.problems(convention)]
    assert "9 h par jour : pas plus de 8 h à 16 ans." in messages


def test_a_placement_found_elsewhere_is_drafted_with_what_is_known(on_commit):
    application = confirmed_placement()
    school_class = application.school_class
    from tests.placements.factories import enrolled_pupil

    pupil = enrolled_pupil(school_class)
    external = placement_services.record_external(
        pupil,
        school_class.school_year,
        host_name="Garage Moreau",
        commune="Dole",
        start=datetime.date(2027, 6, 14),
        end=datetime.date(2027, 6, 25),
    )
    convention = Convention.objects.get(external=external)
    assert (convention.host_name, convention.place_address) == ("Garage Moreau", "Dole")
    who = {p.field: p.who for p in rules.problems(convention)}
    assert who["host_siret"] == who["hours_start"] == rules.Party.HOST


def test_cancelling_the_placement_cancels_its_convention_and_tells_every_party(
    mailoutbox, on_commit
):
    application = confirmed_placement()
    convention = complete(Convention.objects.get(application=application))
    mailoutbox.clear()
    with on_commit(execute=True):
        placement_services.cancel(application, application.pupil, "Déménagement de la famille.")
    convention.refresh_from_db()
    assert convention.state == State.CANCELLED
    told = sorted(
        address for message in mailoutbox for address in message.to if "annulée" in message.subject
    )
    assert told == sorted(
        {
            convention.pupil_email,
            FAMILY["guardian_email"],
            convention.tutor_email,
            convention.teacher_email,
            convention.head_email,
        }
    )
    assert "Déménagement de la famille." in mailoutbox[-1].body


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1 h", 60),
        ("45 min", 45),
        ("1h30", 90),
        ("12 h - 13 h", 60),
        ("Pause de 12 h à 13 h 30, repas possible sur place", 90),  # the demo offers' text
        ("12 h", 0),  # a time of day, not a twelve-hour break
        ("13 h - 12 h", 0),
        ("libre", 0),
        ("", 0),
    ],
)
def test_the_break_is_read_from_the_host_text(text, minutes):
    assert break_minutes(text) == minutes

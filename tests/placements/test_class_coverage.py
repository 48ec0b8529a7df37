"""The teacher's table counts what is covered (placements.coverage): "2 semaines sur 2",
"1 semaine sur 2 : il manque la semaine du …", "aucune"; the "sans stage" filter, the
reminders and the CSV follow it."""

import csv
import datetime
import html
import io
import re

import pytest
from django.urls import reverse

from offers.models import State as OfferState
from placements.levels import Level
from placements.models import AppState, ExternalPlacement
from reference.models import School
from reference.periods import monday_on_or_after, seconde_period
from stages_bfc import french
from tests.factories import OfferFactory, SchoolFactory

from .factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil, this_school_year

pytestmark = pytest.mark.django_db

YEAR = this_school_year()
(WEEK1, FRIDAY1), (WEEK2, FRIDAY2) = seconde_period(YEAR).working_weeks
WEEK_2_TEXT = f"la semaine du {french.date(WEEK2, with_year=False)}"


def confirmed(pupil, start, end, host=None):
    offer = OfferFactory(state=OfferState.PUBLISHED, periods=[(start, end, 2)])
    if host:
        offer.organisation.name = host
        offer.organisation.save()
    return ApplicationFactory(pupil=pupil, offer=offer, state=AppState.CONFIRMED)


@pytest.fixture
def seconde_class():
    school_class = SchoolClassFactory(name="2de Carnot")
    two_hosts = enrolled_pupil(school_class, first_name="Adèle", last_name="Deuxhôtes")
    confirmed(two_hosts, WEEK1, FRIDAY1, host="Boulangerie Morel")
    confirmed(two_hosts, WEEK2, FRIDAY2, host="Mairie de Dole")
    one_host = enrolled_pupil(school_class, first_name="Basile", last_name="Unhôte")
    confirmed(one_host, WEEK1, FRIDAY2)
    half = enrolled_pupil(school_class, first_name="Capucine", last_name="Moitié")
    confirmed(half, WEEK1, FRIDAY1)
    ApplicationFactory(pupil=half, offer=OfferFactory(state=OfferState.PUBLISHED))
    elsewhere = enrolled_pupil(school_class, first_name="Denis", last_name="Ailleurs")
    ExternalPlacement.objects.create(
        pupil=elsewhere, school_year=YEAR, host_name="Garage Roy", commune="Dole",
        start=WEEK1, end=FRIDAY1,
    )  # fmt: skip
    enrolled_pupil(school_class, first_name="Eugénie", last_name="Rien")
    return school_class


def cells(content):
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(content)).split())


def test_the_table_shows_what_each_pupil_covers(
    client, seconde_class, django_assert_max_num_queries
):
    client.force_login(seconde_class.teachers.get())
    url = reverse("placements:class_detail", args=[seconde_class.pk])
    with django_assert_max_num_queries(16):
        page = cells(client.get(url).content.decode())

    assert "Deuxhôtes Adèle 2 semaines sur 2" in page
    assert "Boulangerie Morel" in page and "Mairie de Dole" in page
    assert "Unhôte Basile 2 semaines sur 2" in page
    assert f"Moitié Capucine 1 semaine sur 2 : il manque {WEEK_2_TEXT}" in page
    assert f"Ailleurs Denis 1 semaine sur 2 : il manque {WEEK_2_TEXT}" in page
    assert "Rien Eugénie aucune" in page
    assert "2 sur 5 avec un stage complet" in page
    assert "2 avec un stage incomplet" in page and "1 sans stage" in page


def test_the_filter_keeps_pupils_whose_stage_is_not_complete(client, seconde_class):
    client.force_login(seconde_class.teachers.get())
    url = reverse("placements:class_detail", args=[seconde_class.pk])
    page = cells(client.get(url, {"filtre": "sans-stage"}).content.decode())
    assert "Capucine" in page and "Denis" in page and "Eugénie" in page
    assert "Adèle" not in page and "Basile" not in page


def test_reminders_go_to_incomplete_stages_and_say_what_is_missing(
    client, seconde_class, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(seconde_class.teachers.get())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("placements:class_remind", args=[seconde_class.pk]))
    by_pupil = {m.to[0]: m for m in mailoutbox}
    pupils = {e.pupil.first_name: e.pupil.email for e in seconde_class.enrolments.all()}
    assert set(by_pupil) == {pupils["Capucine"], pupils["Denis"], pupils["Eugénie"]}
    half = by_pupil[pupils["Capucine"]]
    assert half.subject.endswith("Votre stage n'est pas encore complet")
    assert f"1 semaine sur 2 : il manque {WEEK_2_TEXT}" in half.body
    assert by_pupil[pupils["Eugénie"]].subject.endswith("Vous n'avez pas encore de stage")


def test_a_reminder_is_not_sent_once_the_stage_is_complete(seconde_class, mailoutbox):
    from placements import reminders

    denis = seconde_class.enrolments.get(pupil__first_name="Denis").pupil
    confirmed(denis, WEEK2, FRIDAY2)
    reminders.send_class_reminder(seconde_class.pk, denis.pk)
    assert mailoutbox == []


def test_the_csv_has_each_stay_and_the_coverage(client, seconde_class):
    client.force_login(seconde_class.teachers.get())
    response = client.get(reverse("placements:class_csv", args=[seconde_class.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_first_name = {row[1]: row for row in rows[1:]}
    adele = by_first_name["Adèle"]
    assert adele[4] == "Boulangerie Morel / Mairie de Dole"
    assert adele[6] == f"{WEEK1:%d/%m/%Y} / {WEEK2:%d/%m/%Y}"
    assert adele[8] == "2 semaines sur 2"
    assert by_first_name["Capucine"][8] == f"1 semaine sur 2 : il manque {WEEK_2_TEXT}"
    assert by_first_name["Eugénie"][8] == "aucune"


def test_a_college_class_counts_days(client):
    school_class = SchoolClassFactory(
        school=SchoolFactory(kind=School.Kind.COLLEGE), level=Level.TROISIEME, name="3e A"
    )
    pupil = enrolled_pupil(school_class, first_name="Fanny", last_name="Trois")
    monday = monday_on_or_after(WEEK1.replace(day=1, month=4))
    confirmed(pupil, monday, monday + datetime.timedelta(days=2))
    client.force_login(school_class.teachers.get())
    page = cells(
        client.get(reverse("placements:class_detail", args=[school_class.pk])).content.decode()
    )
    assert "Trois Fanny 3 jours sur 5 : il manque 2 jours" in page
    assert "période nationale" not in page  # the seconde weeks are not this class's business

"""Teachers through their pages: classes, pupil accounts and codes, the class table, its CSV
and reminders."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse

from placements.models import AppState, Enrolment, ExternalPlacement
from tests.factories import TeacherFactory

from .factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil, this_school_year

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def teacher_client(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    client.teacher = teacher
    return client


def _create_class(teacher_client, name="2de B"):
    from placements.selectors import current_school_year

    response = teacher_client.post(
        reverse("placements:classes"), {"name": name, "school_year": current_school_year()}
    )
    assert response.status_code == 302, text(response)
    return teacher_client.teacher.school.classes.get(name=name)


def test_teacher_creates_a_class_and_pupil_accounts_that_log_in_with_codes(teacher_client):
    school_class = _create_class(teacher_client)
    assert school_class.teachers.get() == teacher_client.teacher
    duplicate = teacher_client.post(
        reverse("placements:classes"),
        {"name": "2de b", "school_year": school_class.school_year},
    )
    assert "déjà une classe" in text(duplicate)

    page = text(
        teacher_client.post(
            reverse("placements:class_pupils", args=[school_class.pk]),
            {"names": "Léa Faivre\nMorel ; Noé\n"},
        )
    )
    codes = re.findall(r'class="personal-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', page)
    assert len(codes) == 2
    pupils = {
        (e.pupil.first_name, e.pupil.last_name, e.pupil.email)
        for e in school_class.enrolments.all()
    }
    assert pupils == {("Léa", "Faivre", None), ("Noé", "Morel", None)}

    teacher_client.logout()
    bad = teacher_client.post(
        reverse("placements:pupil_login"),
        {"class_code": school_class.join_code, "personal_code": "AAAA-AAAA"},
    )
    assert bad.status_code == 400
    assert "Code de classe ou code personnel incorrect" in text(bad)
    good = teacher_client.post(
        reverse("placements:pupil_login"),
        {"class_code": school_class.join_code.lower(), "personal_code": codes[0].lower()},
    )
    assert good.status_code == 302 and good.url == reverse("placements:mine")
    pupil = Enrolment.objects.get(school_class=school_class, pupil__first_name="Léa").pupil
    assert int(teacher_client.session["_auth_user_id"]) == pupil.pk

    # The teacher resets the code: the old one stops working.
    teacher_client.force_login(TeacherFactory(school=school_class.school))
    page = text(
        teacher_client.post(reverse("placements:reset_code", args=[school_class.pk, pupil.pk]))
    )
    new_code = re.findall(r'class="personal-code">([A-Z0-9-]{9})<', page)[0]
    teacher_client.logout()
    old = teacher_client.post(
        reverse("placements:pupil_login"),
        {"class_code": school_class.join_code, "personal_code": codes[0]},
    )
    assert old.status_code == 400
    new = teacher_client.post(
        reverse("placements:pupil_login"),
        {"class_code": school_class.join_code, "personal_code": new_code},
    )
    assert new.status_code == 302


def test_teacher_cannot_reset_the_code_of_a_pupil_with_an_email(client):
    school_class = SchoolClassFactory()
    pupil = enrolled_pupil(school_class)
    assert pupil.email
    client.force_login(school_class.teachers.get())

    response = client.post(reverse("placements:reset_code", args=[school_class.pk, pupil.pk]))

    assert response.status_code == 404
    assert Enrolment.objects.get(pupil=pupil).login_digest is None


def test_a_pupil_with_an_email_cannot_log_in_with_codes(client):
    from placements import codes

    school_class = SchoolClassFactory()
    pupil = enrolled_pupil(school_class)
    assert pupil.email
    # A code issued while the pupil had no e-mail (or planted by a teacher) stops working.
    Enrolment.objects.filter(pupil=pupil).update(
        login_digest=codes.login_digest(school_class.join_code, "ABCDEFGH")
    )

    response = client.post(
        reverse("placements:pupil_login"),
        {"class_code": school_class.join_code, "personal_code": "ABCD-EFGH"},
    )

    assert response.status_code == 400
    assert "Code de classe ou code personnel incorrect" in text(response)
    assert "_auth_user_id" not in client.session


def test_pupil_login_is_rate_limited(client):
    for _ in range(10):
        client.post(
            reverse("placements:pupil_login"), {"class_code": "AAAAAA", "personal_code": "BBBB"}
        )
    response = client.post(
        reverse("placements:pupil_login"), {"class_code": "AAAAAA", "personal_code": "BBBB"}
    )
    assert response.status_code == 429
    assert "Trop d'essais" in text(response)


def test_pupil_login_limit_is_per_class_code_and_ip_address(client):
    url = reverse("placements:pupil_login")
    for _ in range(10):
        client.post(url, {"class_code": "aaa-aaa", "personal_code": "BBBB"})

    # The same class code, however typed, from the same address: refused.
    same = client.post(url, {"class_code": " AAAAAA ", "personal_code": "BBBB"})
    assert same.status_code == 429
    assert "Trop d'essais : patientez cinq minutes avant de réessayer." in text(same)
    # Another class from the same address (a school behind one address), or the same class
    # from another address: still tried.
    other_class = client.post(url, {"class_code": "CCCCCC", "personal_code": "BBBB"})
    assert other_class.status_code == 400
    other_ip = client.post(
        url, {"class_code": "AAAAAA", "personal_code": "BBBB"}, REMOTE_ADDR="192.0.2.7"
    )
    assert other_ip.status_code == 400
    assert "Code de classe ou code personnel incorrect" in text(other_ip)


@pytest.fixture
def class_with_statuses():
    """A class with one pupil in each status."""
    school_class = SchoolClassFactory(name="2de Émile")
    nobody = enrolled_pupil(school_class, first_name="Anaïs", last_name="Aucune")
    pending = enrolled_pupil(school_class, first_name="Bérénice", last_name="Attente")
    ApplicationFactory(pupil=pending)
    ApplicationFactory(pupil=pending)
    accepted = enrolled_pupil(school_class, first_name="Cédric", last_name="Accepté")
    ApplicationFactory(pupil=accepted, state=AppState.ACCEPTED)
    confirmed = enrolled_pupil(school_class, first_name="Élodie", last_name="Confirmée")
    ApplicationFactory(pupil=confirmed, state=AppState.CONFIRMED)
    external = enrolled_pupil(school_class, first_name="Noël", last_name="Ailleurs")
    ExternalPlacement.objects.create(
        pupil=external,
        school_year=school_class.school_year,
        host_name="Mairie de Dole",
        commune="Dole",
        start="2027-06-14",
        end="2027-06-25",
    )
    assert nobody
    return school_class


def test_class_table_statuses_filter_and_totals(
    client, class_with_statuses, django_assert_max_num_queries
):
    school_class = class_with_statuses
    client.force_login(school_class.teachers.get())
    url = reverse("placements:class_detail", args=[school_class.pk])

    with django_assert_max_num_queries(12):
        page = text(client.get(url))

    for expected in [
        "Aucune candidature",
        "Candidatures en attente (2)",
        "Acceptée, à confirmer",
        "Stage confirmé sur Stages BFC",
        "Stage trouvé hors plateforme",
        "Mairie de Dole",
        "2 sur 5 avec un stage",
        "avant la période nationale",
    ]:
        assert expected in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)), expected

    without = text(client.get(url, {"filtre": "sans-stage"}))
    assert "Anaïs" in without and "Bérénice" in without and "Cédric" in without
    assert "Élodie" not in without and "Noël" not in without


def test_csv_export_opens_in_python_csv_with_accents(client, class_with_statuses):
    school_class = class_with_statuses
    client.force_login(school_class.teachers.get())

    response = client.get(reverse("placements:class_csv", args=[school_class.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Nom",
        "Prénom",
        "Statut",
        "Candidatures en attente",
        "Structure d'accueil",
        "Commune",
        "Du",
        "Au",
        "Stage",
        "Convention",  # added by conventions through placements.annotations
    ]
    by_first_name = {row[1]: row for row in rows[1:]}
    assert by_first_name["Noël"] == [
        "Ailleurs",
        "Noël",
        "Stage trouvé hors plateforme",
        "0",
        "Mairie de Dole",
        "Dole",
        "14/06/2027",
        "25/06/2027",
        "2 semaines sur 2",
        "",  # made by a factory, without the confirmation that drafts a convention
    ]
    assert by_first_name["Bérénice"][2:4] == ["Candidatures en attente", "2"]
    assert by_first_name["Élodie"][2] == "Stage confirmé sur Stages BFC"


def test_reminder_goes_to_pupils_without_placement_with_an_email(
    client, class_with_statuses, mailoutbox, django_capture_on_commit_callbacks
):
    school_class = class_with_statuses
    enrolled_pupil(school_class, email=None, verified=False)
    client.force_login(school_class.teachers.get())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("placements:class_remind", args=[school_class.pk]), follow=True
        )
    page = text(response)
    assert "Rappel envoyé par e-mail à 3 élève(s) sans stage complet." in page
    assert "1 élève(s) sans adresse e-mail" in page
    assert len(mailoutbox) == 3
    assert all(len(m.to) == 1 for m in mailoutbox)


def test_csv_export_neutralises_formulas(client):
    school_class = SchoolClassFactory()
    pupil = enrolled_pupil(school_class, first_name="+33 6 12", last_name='=HYPERLINK("x")')
    ExternalPlacement.objects.create(
        pupil=pupil,
        school_year=school_class.school_year,
        host_name="@SUM(A1:A9)",
        commune="-2+3",
        start="2027-06-14",
        end="2027-06-25",
    )
    enrolled_pupil(school_class, first_name="\tTab", last_name="\rRetour")
    client.force_login(school_class.teachers.get())

    response = client.get(reverse("placements:class_csv", args=[school_class.pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_first_name = {row[1]: row for row in rows[1:]}
    assert by_first_name["'+33 6 12"][:6] == [
        '\'=HYPERLINK("x")',
        "'+33 6 12",
        "Stage trouvé hors plateforme",
        "0",
        "'@SUM(A1:A9)",
        "'-2+3",
    ]
    assert by_first_name["'\tTab"][0] == "'\rRetour"


@pytest.mark.parametrize("suivant", ["²", "abc", ""])
def test_join_with_a_bad_next_offer_goes_to_my_applications(client, suivant):
    from tests.factories import PupilFactory

    school_class = SchoolClassFactory()
    client.force_login(PupilFactory(school=school_class.school))

    response = client.post(
        f"{reverse('placements:join')}?suivant={suivant}", {"code": school_class.join_code}
    )

    assert response.status_code == 302
    assert response.url == reverse("placements:mine")


def test_reminder_is_one_outbox_task_per_pupil(client, class_with_statuses, mailoutbox, on_commit):
    from outbox.models import PendingTask
    from outbox.tasks import run_pending

    school_class = class_with_statuses
    client.force_login(school_class.teachers.get())
    with on_commit():
        client.post(reverse("placements:class_remind", args=[school_class.pk]))

    pending = PendingTask.objects.filter(task_name="placements.tasks.send_placement_reminder")
    assert sorted(p.args[1] for p in pending) == sorted(
        e.pupil_id
        for e in school_class.enrolments.filter(
            pupil__first_name__in=["Anaïs", "Bérénice", "Cédric"]
        )
    )
    assert all(p.args[0] == school_class.pk for p in pending)
    for task in pending:
        run_pending.run(task.pk)
    assert len(mailoutbox) == 3 and all(len(m.to) == 1 for m in mailoutbox)


def test_a_reminder_recorded_for_several_pupils_is_split(class_with_statuses, mailoutbox):
    from outbox.models import PendingTask
    from outbox.tasks import run_pending

    school_class = class_with_statuses
    pupil_ids = list(school_class.enrolments.values_list("pupil_id", flat=True)[:2])
    recorded = PendingTask.objects.create(
        task_name="placements.tasks.send_placement_reminder", args=[school_class.pk, pupil_ids]
    )

    run_pending.run(recorded.pk)

    assert mailoutbox == []
    split = PendingTask.objects.exclude(pk=recorded.pk)
    assert sorted(p.args for p in split) == sorted([[school_class.pk, i] for i in pupil_ids])


def test_a_pupil_moving_school_joins_the_new_school_class_the_next_year():
    """3e in a collège, seconde in a lycée: the class code moves the pupil's school."""
    from placements import classes

    college = SchoolClassFactory(school_year=this_school_year() - 1)
    pupil = enrolled_pupil(college)
    lycee = SchoolClassFactory()
    assert lycee.school_id != pupil.school_id
    classes.join(pupil, lycee.join_code)
    pupil.refresh_from_db()
    assert pupil.school_id == lycee.school_id
    other = SchoolClassFactory()  # a second class the same year is still refused
    with pytest.raises(classes.ClassError, match="déjà inscrit"):
        classes.join(pupil, other.join_code)

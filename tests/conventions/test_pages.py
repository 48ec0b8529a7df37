"""The convention's page, its PDF, the school's and the family's forms."""

import datetime
import html

import pytest
from django.urls import reverse

from conventions import pdf
from conventions.models import Convention, SchoolClauses, State

from .factories import FAMILY, confirmed_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def convention():
    return Convention.objects.get(application=confirmed_placement())


def page(response):
    return html.unescape(response.content.decode())


def test_the_teacher_reads_the_whole_convention_and_what_is_missing(client, convention):
    client.force_login(convention.school_class.teachers.get())
    text = page(client.get(reverse("conventions:detail", args=[convention.pk])))
    assert "Convention relative à la séquence d'observation en milieu professionnel" in text
    assert "Article 4 – Horaires" in text
    assert "Tenue correcte exigée." in text  # the school's clauses
    assert "À compléter par l'élève ou sa famille" in text
    assert "Il manque la date de naissance de l'élève." in text


def test_the_pupil_gives_the_family_information_once(client, convention):
    client.force_login(convention.pupil)
    url = reverse("conventions:family", args=[convention.pk])
    response = client.post(url, {**FAMILY, "pupil_email": convention.pupil_email})
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.guardian_email == FAMILY["guardian_email"]
    text = page(client.get(reverse("conventions:detail", args=[convention.pk])))
    assert "Avant de l'envoyer en signature" not in text
    assert "Prête à envoyer" in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "2090-01-01", "Indiquez une date de naissance valable"),
        ("birth_date", "14/03", "Saisissez une date valide."),
        ("guardian_email", "pas-une-adresse", "Saisissez une adresse de courriel valide."),
        ("guardian_name", "Samia\u202eMartin", "doit tenir sur une ligne"),
    ],
)
def test_bad_family_input_gets_a_french_message_and_keeps_what_was_typed(
    client, convention, field, value, message
):
    client.force_login(convention.pupil)
    data = {**FAMILY, field: value}
    response = client.post(reverse("conventions:family", args=[convention.pk]), data)
    assert response.status_code == 200
    assert message in page(response)
    assert FAMILY["postal_address"] in page(response)
    convention.refresh_from_db()
    assert convention.postal_address == ""


def test_the_teacher_completes_the_host_and_school_part(client, convention):
    client.force_login(convention.school_class.teachers.get())
    url = reverse("conventions:edit", args=[convention.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(host_siret="123 456 789 00012", hours_start="09:00", hours_end="08:00")
    response = client.post(url, data)
    assert "L'heure de départ doit suivre l'heure d'arrivée." in page(response)
    data.update(hours_end="16:00", start="2027-06-15", end="2027-06-26")
    assert client.post(url, data).status_code == 302
    convention.refresh_from_db()
    assert convention.host_siret == "12345678900012"
    assert convention.hours_end == datetime.time(16)


def test_a_convention_out_of_draft_cannot_be_edited(client, convention):
    Convention.objects.filter(pk=convention.pk).update(state=State.SIGNING)
    client.force_login(convention.pupil)
    response = client.post(reverse("conventions:family", args=[convention.pk]), FAMILY, follow=True)
    assert "n'est plus un brouillon" in page(response)
    convention.refresh_from_db()
    assert convention.postal_address == ""


def test_the_pdf_is_deterministic_and_names_the_parties(client, convention):
    client.force_login(convention.pupil)
    response = client.get(reverse("conventions:pdf", args=[convention.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response.content == pdf.render(Convention.objects.get(pk=convention.pk))
    convention.insurance = "MAIF"
    assert pdf.render(convention) != response.content


def test_the_school_records_its_head_and_its_clauses(client, convention):
    teacher = convention.school_class.teachers.get()
    client.force_login(teacher)
    url = reverse("conventions:school")
    response = client.post(
        url,
        {
            "form": "clauses",
            "clauses-level": convention.level,
            "clauses-approved_on": "2026-09-20",
            "clauses-text": "Blouse fournie par le lycée.",
        },
    )
    assert response.status_code == 302
    clauses = SchoolClauses.objects.get(school=teacher.school, level=convention.level)
    assert clauses.text == "Blouse fournie par le lycée."
    response = client.post(url, {"form": "clauses", "clauses-level": "cap", "clauses-text": "x"})
    assert "Sélectionnez un choix valide" in page(response)
    client.post(
        url,
        {
            "form": "settings",
            "settings-address": "1 place Granvelle, Besançon",
            "settings-head_name": "Marc Proviseur",
            "settings-head_email": "proviseur@lycee.example",
        },
    )
    assert teacher.school.convention_settings.head_name == "Marc Proviseur"

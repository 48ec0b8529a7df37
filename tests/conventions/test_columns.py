"""The convention column of the teacher's class table and the line in the host's inbox,
added through placements.annotations (placements imports nothing of conventions)."""

import csv
import html
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conventions.models import Convention, State
from tests.factories import EmployerFactory

from .factories import complete, confirmed_placement

pytestmark = pytest.mark.django_db


def page(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_class_table_says_where_each_convention_stands(client):
    first = confirmed_placement()
    school_class = first.school_class
    second = confirmed_placement(school_class)
    third = confirmed_placement(school_class)
    missing = Convention.objects.get(application=first)
    ready = complete(Convention.objects.get(application=second))
    signing = complete(Convention.objects.get(application=third))
    Convention.objects.filter(pk=signing.pk).update(state=State.SIGNING)
    signing.signatures.create(party="pupil", name="x", email="x@example.org", nonce="a")
    signing.signatures.create(party="head", name="y", email="y@example.org", nonce="b")
    client.force_login(school_class.teachers.get())

    text = page(client.get(reverse("placements:class_detail", args=[school_class.pk])))

    assert '<th scope="col">Convention</th>' in text
    assert "Informations manquantes" in text
    assert "Prête à envoyer" in text
    assert "En attente de 2 signatures" in text
    for convention in (missing, ready, signing):
        assert reverse("conventions:detail", args=[convention.pk]) in text


def test_the_column_costs_the_same_queries_for_one_pupil_or_five(
    client, django_assert_max_num_queries
):
    application = confirmed_placement()
    school_class = application.school_class
    client.force_login(school_class.teachers.get())
    url = reverse("placements:class_detail", args=[school_class.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        confirmed_placement(school_class)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page(client.get(url))


def test_a_cancelled_convention_leaves_the_column(client):
    application = confirmed_placement()
    Convention.objects.filter(application=application).update(state=State.CANCELLED)
    client.force_login(application.school_class.teachers.get())
    text = page(client.get(reverse("placements:class_detail", args=[application.school_class.pk])))
    assert "Informations manquantes" not in text


def test_the_host_sees_the_convention_beside_the_placement_and_no_one_else_does(client):
    application = confirmed_placement()
    convention = Convention.objects.get(application=application)
    member = EmployerFactory(organisation=application.offer.organisation)
    client.force_login(member)
    text = page(client.get(reverse("placements:inbox")))
    assert "Convention : Informations manquantes" in text
    assert reverse("conventions:detail", args=[convention.pk]) in text
    text = page(client.get(reverse("placements:offer_applications", args=[application.offer_id])))
    assert "Convention : Informations manquantes" in text

    client.force_login(EmployerFactory())
    assert "Convention :" not in page(client.get(reverse("placements:inbox")))


def test_the_class_csv_has_the_convention_column(client):
    first = confirmed_placement()
    second = confirmed_placement(first.school_class)
    complete(Convention.objects.get(application=second))
    client.force_login(first.school_class.teachers.get())
    response = client.get(reverse("placements:class_csv", args=[first.school_class_id]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "Convention"
    assert sorted(row[-1] for row in rows[1:]) == ["Informations manquantes", "Prête à envoyer"]

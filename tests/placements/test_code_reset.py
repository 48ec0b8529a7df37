"""Resetting a pupil's personal code: the new code shows once on screen; the reset is in the
audit trail and the class's confirmed teachers are told, without the code."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from placements.models import CodeReset
from tests.factories import TeacherFactory

from .factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_class():
    return SchoolClassFactory(name="2de D")


def test_a_reset_is_audited_and_told_to_the_teachers_without_the_code(
    client, school_class, on_commit
):
    author = school_class.teachers.get()
    colleague = TeacherFactory(school=school_class.school, first_name="Sam")
    unconfirmed = TeacherFactory(school=school_class.school, confirmed=False)
    school_class.teachers.add(colleague, unconfirmed)
    pupil = enrolled_pupil(school_class, email=None, verified=False, first_name="Inès")
    client.force_login(author)

    with on_commit(execute=True):
        page = client.post(reverse("placements:reset_code", args=[school_class.pk, pupil.pk]))

    code = re.findall(r'class="personal-code">([A-Z0-9-]{9})<', page.content.decode())[0]
    reset = CodeReset.objects.get()
    assert (reset.pupil, reset.school_class, reset.actor) == (pupil, school_class, author)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([author.email, colleague.email])
    assert "Inès Martin" in message.subject
    assert "a été renouvelé" in message.body
    assert "L'ancien code ne fonctionne plus" in message.body
    for body in (message.body, message.alternatives[0][0]):
        assert code not in body
        assert code.replace("-", "") not in body


def test_unconfirmed_teachers_of_a_class_get_no_news_of_its_pupils(school_class, on_commit):
    from placements import services

    teacher = school_class.teachers.get()
    unconfirmed = TeacherFactory(school=school_class.school, confirmed=False)
    school_class.teachers.add(unconfirmed)
    application = ApplicationFactory(pupil=enrolled_pupil(school_class))

    with on_commit(execute=True):
        services.decline(application, None, "Complet.")

    assert [m for m in mail.outbox if teacher.email in m.to]
    assert all(unconfirmed.email not in m.to for m in mail.outbox)

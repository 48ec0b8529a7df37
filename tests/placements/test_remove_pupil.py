import pytest
from django.urls import reverse

from placements.models import Enrolment
from tests.factories import TeacherFactory
from tests.placements.factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil

pytestmark = pytest.mark.django_db


def _remove(client, school_class, pupil):
    teacher = TeacherFactory(school=school_class.school)
    client.force_login(teacher)
    url = reverse("placements:remove_pupil", args=[school_class.pk, pupil.pk])
    return client.post(url, follow=True)


def test_pupil_with_email_leaves_and_can_join_another_class(client):
    school_class = SchoolClassFactory()
    pupil = enrolled_pupil(school_class)
    response = _remove(client, school_class, pupil)
    assert "ne fait plus partie de la classe" in response.content.decode()
    assert not Enrolment.objects.filter(pupil=pupil).exists()
    pupil.refresh_from_db()
    assert pupil.is_active


def test_pupil_without_email_is_closed_and_hosts_are_not_left_waiting(client, on_commit):
    school_class = SchoolClassFactory()
    pupil = enrolled_pupil(school_class, email=None, verified=False)
    pending = ApplicationFactory(pupil=pupil, school_class=school_class)
    accepted = ApplicationFactory(pupil=pupil, school_class=school_class, state="accepted")
    _remove(client, school_class, pupil)
    pupil.refresh_from_db()
    pending.refresh_from_db()
    accepted.refresh_from_db()
    assert not pupil.is_active
    assert (pending.state, accepted.state) == ("withdrawn", "cancelled")


def test_a_teacher_of_another_school_cannot_remove(client):
    school_class = SchoolClassFactory()
    pupil = enrolled_pupil(school_class)
    client.force_login(TeacherFactory())
    url = reverse("placements:remove_pupil", args=[school_class.pk, pupil.pk])
    assert client.post(url).status_code == 404
    assert Enrolment.objects.filter(pupil=pupil).exists()

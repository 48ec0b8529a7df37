"""The migration that gives existing school-staff accounts a pending attachment."""

import importlib

import pytest
from django.apps import apps

from accounts.models import SchoolAttachment, User
from tests.factories import SchoolFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accounts.migrations.0004_existing_school_staff_unconfirmed")


def test_existing_school_staff_start_unconfirmed_and_others_are_untouched():
    before = UserFactory(role=User.Role.TEACHER, school=SchoolFactory())
    UserFactory(role=User.Role.TEACHER, school=None)
    UserFactory(role=User.Role.PUPIL, school=SchoolFactory())
    confirmed = TeacherFactory()

    migration.mark_unconfirmed(apps, None)

    assert not User.objects.get(pk=before.pk).works_at_school
    assert SchoolAttachment.objects.get(user=before).state == SchoolAttachment.State.PENDING
    assert SchoolAttachment.objects.get(user=confirmed).state == SchoolAttachment.State.CONFIRMED
    assert SchoolAttachment.objects.count() == 2

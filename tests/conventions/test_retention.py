"""Kept, then forgotten: signed conventions 5 years after their end, unsigned ones one
year, and an anonymised pupil's unsigned ones at once."""

import datetime

import pytest
from django.utils import timezone

from conventions import retention, tasks
from conventions.models import Convention, Event, Evidence, Signature, State
from placements.anonymise import anonymise, close_pupil_account

from .factories import complete, confirmed_placement

pytestmark = pytest.mark.django_db

END = datetime.date(2020, 6, 12)


def convention(state, end=END, school_class=None):
    c = complete(Convention.objects.get(application=confirmed_placement(school_class)))
    Convention.objects.filter(pk=c.pk).update(state=state, start=end, end=end)
    Signature.objects.create(convention=c, party="pupil", name="x", email="x@e.org", nonce="n")
    Evidence.objects.create(convention=c, event=Event.SENT, at=timezone.now())
    c.refresh_from_db()
    return c


@pytest.mark.parametrize(
    ("state", "kept_on", "erased_on"),
    [
        (State.SIGNED, datetime.date(2025, 6, 12), datetime.date(2025, 6, 13)),
        (State.DRAFT, datetime.date(2021, 6, 12), datetime.date(2021, 6, 13)),
        (State.CANCELLED, datetime.date(2021, 6, 12), datetime.date(2021, 6, 13)),
        (State.SIGNING, datetime.date(2021, 6, 12), datetime.date(2021, 6, 13)),
    ],
)
def test_each_convention_is_kept_for_its_period_then_erased(state, kept_on, erased_on):
    c = convention(state)
    assert retention.kept_until(c) == kept_on
    assert retention.erase(kept_on, dry_run=False) == []
    assert retention.erase(erased_on) == [c.pk]  # a dry run lists and keeps
    assert Convention.objects.filter(pk=c.pk).exists()
    assert retention.erase(erased_on, dry_run=False) == [c.pk]
    assert not Convention.objects.filter(pk=c.pk).exists()
    assert not Signature.objects.filter(convention_id=c.pk).exists()
    assert not Evidence.objects.filter(convention_id=c.pk).exists()


def test_a_later_signed_amendment_keeps_its_convention(monkeypatch):
    c = convention(State.SIGNED)
    later = datetime.date(2021, 3, 1)
    values = {f.name: getattr(c, f.name) for f in Convention._meta.concrete_fields}
    values.update(id=None, amends=c, state=State.SIGNED, start=later, end=later)
    amendment = Convention.objects.create(**values)
    assert retention.erase(datetime.date(2025, 6, 13)) == []
    assert retention.erase(datetime.date(2026, 3, 2), dry_run=False) == [c.pk]
    assert not Convention.objects.filter(pk=amendment.pk).exists()


def test_the_beat_task_erases_what_is_due():
    old = convention(State.DRAFT, end=datetime.date(2001, 1, 1))
    recent = convention(State.DRAFT, end=timezone.localdate())
    assert tasks.erase_expired() == 1
    assert list(Convention.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


def test_an_anonymised_pupil_keeps_only_signed_conventions():
    signed = convention(State.SIGNED)
    draft = convention(State.DRAFT, school_class=signed.school_class)
    Convention.objects.filter(pk=draft.pk).update(pupil=signed.pupil)
    assert signed.pupil_id in anonymise(datetime.date(2040, 1, 1), dry_run=False)
    assert list(Convention.objects.values_list("pk", flat=True)) == [signed.pk]


def test_a_closed_account_leaves_no_unsigned_convention():
    c = convention(State.DRAFT)
    close_pupil_account(c.pupil)
    assert not Convention.objects.exists()

"""The weekly e-mail of May and June: to Region staff and school heads, through the outbox,
with the dashboard's secrecy, once a week (frozen clock)."""

import pytest
from django.core import mail
from freezegun import freeze_time

from accounts.models import User
from conventions.models import SchoolSettings
from figures import services, weekly
from figures.tasks import weekly_email
from outbox.models import PendingTask
from reference.periods import seconde_period
from tests.factories import ModeratorFactory, OfferFactory, SchoolFactory, UserFactory
from tests.placements.factories import SchoolClassFactory, enrolled_pupil, this_school_year

pytestmark = pytest.mark.django_db
MAY_MONDAY = "2027-05-03 06:00:00"  # 08:00 in Paris


def _world():
    """Four lycées of the Doubs whose seconde pupils have no placement: A 6, B 3, C 7, D 8;
    one offer for seconde, week 1 only, 2 places. A and B have a head's address."""
    year = this_school_year()
    (w1, f1), _ = seconde_period(year).working_weeks
    OfferFactory(state="published", publics=["seconde"], periods=[(w1, f1, 2)])
    schools = {}
    for letter, uai, pupils in [("A", "0250001A", 6), ("B", "0250002B", 3), ("C", "0250003C", 7),
                                ("D", "0250004D", 8)]:  # fmt: skip
        school = SchoolFactory(uai=uai, name=f"Lycée {letter}")
        school_class = SchoolClassFactory(school=school)
        for _ in range(pupils):
            enrolled_pupil(school_class)
        schools[letter] = school
    for letter in "AB":
        SchoolSettings.objects.create(
            school=schools[letter], head_email=f"proviseur.{letter.lower()}@lycee.example"
        )
    services.refresh(year)
    return schools


@pytest.fixture
def staff(db):
    moderator = ModeratorFactory(email="moderation@region.example")
    ModeratorFactory(email="partie@region.example", is_active=False)
    UserFactory(role=User.Role.OBSERVER, email="observateur@rectorat.example")
    return moderator


def _send_week(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        count = weekly_email()
    return count


@freeze_time(MAY_MONDAY)
def test_in_may_region_staff_and_heads_get_it_once_a_week(
    staff, django_capture_on_commit_callbacks
):
    _world()
    assert _send_week(django_capture_on_commit_callbacks) == 3  # 1 moderator, 2 heads
    assert sorted(m.to[0] for m in mail.outbox) == [
        "moderation@region.example",
        "proviseur.a@lycee.example",
        "proviseur.b@lycee.example",
    ]
    assert (
        PendingTask.objects.filter(task_name=weekly.SEND_TASK, done_at__isnull=False).count() == 3
    )
    with freeze_time("2027-05-06 06:00:00"):  # Thursday: the week's e-mails are gone
        assert _send_week(django_capture_on_commit_callbacks) == 0
    with freeze_time("2027-05-10 06:00:00"):  # next Monday
        assert _send_week(django_capture_on_commit_callbacks) == 3


@freeze_time(MAY_MONDAY)
def test_the_region_e_mail_lists_the_schools_behind_and_the_weeks_short(
    staff, django_capture_on_commit_callbacks
):
    _world()
    _send_week(django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["moderation@region.example"])
    body = message.body
    # D (8) then C (7). B's 3 are secret; A's 6 too, or the column's total (24) would give B.
    assert body.index("Lycée D : 8 élèves sans stage sur 8") < body.index(
        "Lycée C : 7 élèves sans stage sur 7"
    )
    assert "Lycée A" not in body and "Lycée B" not in body
    # 24 seconde pupils miss both weeks: 2 places left in week 1, none in week 2.
    assert "14 juin 2027 : 2 places libres pour 24 élèves sans stage" in body
    assert "21 juin 2027 : 0 places libres pour 24 élèves sans stage" in body
    assert "Lycée D" in message.alternatives[0][0]
    assert "/chiffres/" in body


@freeze_time(MAY_MONDAY)
def test_a_head_gets_their_own_school_only_with_small_counts_hidden(
    staff, django_capture_on_commit_callbacks
):
    _world()
    _send_week(django_capture_on_commit_callbacks)
    a = next(m for m in mail.outbox if m.to == ["proviseur.a@lycee.example"])
    b = next(m for m in mail.outbox if m.to == ["proviseur.b@lycee.example"])
    assert "Lycée A" in a.subject
    assert "sans stage : 6" in a.body  # their own line, protected on its own
    assert "sans stage : non communiqué (secret statistique)" in b.body  # 3 pupils
    for other in ("Lycée B", "Lycée C", "Lycée D"):
        assert other not in a.body
    assert "2 places libres pour 24 élèves" in a.body  # their department's weeks


@pytest.mark.parametrize("day", ["2027-04-26 06:00:00", "2027-07-05 06:00:00"])
def test_outside_may_and_june_nothing_is_sent(staff, day, django_capture_on_commit_callbacks):
    with freeze_time(day):
        _world()
        assert _send_week(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == [] and not PendingTask.objects.filter(task_name=weekly.SEND_TASK)


def test_beat_sends_it_on_mondays():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["figures-weekly-email"]
    assert entry["task"] == "figures.tasks.weekly_email"
    assert entry["schedule"].day_of_week == {1}

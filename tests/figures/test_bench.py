"""The dashboard benchmark's seeding and timing (benchmarks/figures.py), on a small scale."""

import pytest
from django.core.management import call_command

from accounts.models import User
from benchmarks import figures as bench
from demo.offers import seed_offers
from placements.models import Application, AppState, Enrolment, PupilProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_seed_adds_pupils_and_applications_once(reference_data):
    seed_offers(120, seed=2)
    bench.seed(pupils=80, applications=100, seed=2, write=lambda *_: None)
    assert Enrolment.objects.filter(pupil__email__endswith=bench.DOMAIN).count() == 80
    assert Application.objects.count() == 100
    assert set(Application.objects.values_list("state", flat=True)) >= {
        AppState.SUBMITTED, AppState.CONFIRMED, AppState.DECLINED
    }  # fmt: skip
    assert 40 <= PupilProfile.objects.count() <= 80
    bench.seed(pupils=80, applications=100, seed=2, write=lambda *_: None)  # idempotent
    assert Application.objects.count() == 100
    assert User.objects.filter(email__endswith=bench.DOMAIN).count() == 80
    timed = bench.time_pages(UserFactory(role=User.Role.OBSERVER), runs=2, write=lambda *_: None)
    assert set(timed) == set(bench.PAGES)
    assert all(0 < row["p50"] <= row["p95"] for row in timed.values())
    assert all(row["cpu_p50"] > 0 and row["first"] > 0 for row in timed.values())


def test_the_command_reports_each_page(reference_data, capsys):
    seed_offers(60, seed=4)
    bench.seed(pupils=30, applications=20, seed=4, write=lambda *_: None)
    call_command("bench_figures", "--no-seed", "--runs", "2")
    out = capsys.readouterr().out
    assert "Calcul des chiffres (tâche beat)" in out
    for name in bench.PAGES:
        assert name in out
    assert "Objectif < 500 ms au p95" in out
    assert "Charge de la machine" in out

"""Each rule in its room: a copy of one of these outside its module fails here."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    path
    for path in ROOT.glob("*/**/*.py")
    if path.parts[len(ROOT.parts)] not in {"tests", "scripts", ".venv", "docs"}
    and "migrations" not in path.parts
]


def _files_matching(pattern: str) -> set[str]:
    regex = re.compile(pattern)
    return {str(path.relative_to(ROOT)) for path in APPS if regex.search(path.read_text("utf-8"))}


def test_the_walk_reads_the_apps():
    assert {"offers/services.py", "reference/periods.py", "demo/offers.py"} <= {
        str(path.relative_to(ROOT)) for path in APPS
    }


def test_week_arithmetic_only_in_reference_periods():
    assert _files_matching(r"\.weekday\(\)|\.isocalendar\(\)") == {"reference/periods.py"}


def test_one_date_input_widget():
    assert _files_matching(r"class DateInput\b|forms\.DateInput\(") == {"stages_bfc/forms.py"}


def test_one_commune_suggestion_view():
    assert _files_matching(r"\bsuggest\(") == {"reference/communes.py", "reference/views.py"}


def test_demo_data_only_in_the_demo_app():
    assert _files_matching(r"DEMO_TOTP_SECRET|DEMO_PASSWORD\b|DEMO_CLASS_CODE") == {
        "demo/accounts.py",
        "demo/placements.py",
        "demo/management/commands/demo_totp.py",
    }
    # Nothing imports the demo app: the benchmark seeds through its command.
    assert _files_matching(r"(?m)^(from|import) demo\b") == {
        "demo/management/commands/seed_demo.py",
        "demo/management/commands/demo_totp.py",
    }

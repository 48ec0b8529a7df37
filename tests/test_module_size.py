"""No module over 400 lines (migrations aside): past that, a module holds two ideas."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400


SKIPPED_DIRS = {".venv", ".data", "node_modules", "migrations", ".git"}


def _python_modules():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if not SKIPPED_DIRS.intersection(relative.parts):
            yield relative.as_posix()


def test_no_module_over_400_lines():
    too_long = {
        name: length
        for name in _python_modules()
        if (length := len((ROOT / name).read_text().splitlines())) > MAX_LINES
    }
    assert too_long == {}

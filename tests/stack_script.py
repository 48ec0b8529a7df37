"""`scripts/stack.py` (`make run`) loaded as a module, for the tests that read it."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_stack():
    spec = importlib.util.spec_from_file_location("stack", ROOT / "scripts" / "stack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

"""`make run`'s stack (scripts/stack.py): its ports follow PORT, and it stops whole."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.stack_script import load_stack


def test_the_sandboxes_follow_port_unless_given(monkeypatch):
    for name in ("NATIONAL_SANDBOX_PORT", "REGISTER_SANDBOX_PORT", "PORT"):
        monkeypatch.delenv(name, raising=False)
    assert load_stack().sandbox_ports() == ("8001", "8002")

    monkeypatch.setenv("PORT", "8500")
    assert load_stack().sandbox_ports() == ("8501", "8502")
    monkeypatch.delenv("NATIONAL_API_URL", raising=False)
    monkeypatch.delenv("COMPANY_REGISTER_URL", raising=False)
    stack = load_stack()
    assert stack.point_at_sandbox() and stack.point_at_register_sandbox()
    assert os.environ["NATIONAL_API_URL"] == "http://127.0.0.1:8501/api/v2"
    assert os.environ["COMPANY_REGISTER_URL"] == "http://127.0.0.1:8502"

    monkeypatch.setenv("NATIONAL_SANDBOX_PORT", "9001")
    assert load_stack().sandbox_ports() == ("9001", "9002")
    monkeypatch.setenv("REGISTER_SANDBOX_PORT", "9100")
    assert load_stack().sandbox_ports() == ("9001", "9100")


# A process that ignores SIGTERM, as a worker busy with a long task, with a child of its
# own, as a worker's pool process; it writes the child's pid, then the signal it got.
STUBBORN = """
import signal, subprocess, sys, time
out = open(sys.argv[1], "w", buffering=1)
signal.signal(signal.SIGTERM, lambda *a: out.write("TERM\\n"))
signal.signal(signal.SIGQUIT, lambda *a: out.write("QUIT\\n"))
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
out.write(f"{child.pid}\\n")
while True:
    time.sleep(0.05)
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in {"Z", "X"}  # killed, waiting for init to reap it


def _gone_soon(pid: int, within: float = 5.0) -> bool:
    """A SIGKILL takes effect when the kernel next runs the process: on a loaded machine,
    a moment after killpg returns."""
    deadline = time.monotonic() + within
    while not _gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _started(tmp_path, name):
    out = tmp_path / f"{name}.txt"
    process = subprocess.Popen([sys.executable, "-c", STUBBORN, str(out)], start_new_session=True)
    while not out.exists() or not out.read_text().endswith("\n"):
        time.sleep(0.01)
    return process, out


def test_stop_signals_each_process_once_and_kills_what_is_left_whole(tmp_path):
    stack = load_stack()
    started = {name: _started(tmp_path, name) for name in ("worker", "web")}
    processes = {name: process for name, (process, _) in started.items()}
    outs = {name: out for name, (_, out) in started.items()}
    children = {name: int(out.read_text().split()[0]) for name, out in outs.items()}

    stack.stop(processes, grace=0.5)

    assert all(process.returncode == -signal.SIGKILL for process in processes.values())
    assert all(_gone_soon(pid) for pid in children.values())  # the pool processes too
    assert outs["worker"].read_text().split()[1:] == ["QUIT"]  # a cold shutdown
    assert outs["web"].read_text().split()[1:] == ["TERM"]

"""A free local port for a sandbox served in a test: within a range from the environment
("8110-8119") on shared machines, where each runner has its own ports, else any."""

import os
import socket


def free_port(variable: str) -> int:
    if ports := os.environ.get(variable):
        first, last = map(int, ports.split("-"))
        for port in range(first, last + 1):
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
        raise RuntimeError(f"no free port in {ports}")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

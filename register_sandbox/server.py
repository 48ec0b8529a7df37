"""The register sandbox's own HTTP server: `GET /search` plus the faults of a busy public API.

Its own process (`manage.py register_sandbox`), threaded, with no database: the register
knows nothing of ours. Around `api.search`:
1. the throttle: `rate_per_second` calls per second (the real API allows 7), 429 past it;
2. faults, drawn per request from `Faults` (rates), or played in order from `Faults.script`
   (tests): "slow" (answers after `slow_seconds`), "429", "500", "malformed" (a 200 whose body
   is not JSON), "drop" (the connection closed without an answer).
"""

import contextlib
import json
import logging
import random
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from . import api

log = logging.getLogger(__name__)
THROTTLED = {"erreur": "Trop de requêtes, veuillez réessayer plus tard."}
FAULTS = ("slow", "429", "500", "malformed", "drop")


@dataclass
class Faults:
    slow_rate: float = 0.0
    slow_seconds: float = 5.0
    throttle_rate: float = 0.0
    error_rate: float = 0.0
    malformed_rate: float = 0.0
    drop_rate: float = 0.0
    rate_per_second: int = 7
    script: deque = field(default_factory=deque)  # faults for the next calls, in order

    def draw(self) -> str | None:
        if self.script:
            return self.script.popleft()
        for name, rate in [
            ("slow", self.slow_rate),
            ("429", self.throttle_rate),
            ("500", self.error_rate),
            ("malformed", self.malformed_rate),
            ("drop", self.drop_rate),
        ]:
            if rate and random.random() < rate:
                return name
        return None


class Throttle:
    def __init__(self):
        self.lock = threading.Lock()
        self.window, self.count = 0, 0

    def allow(self, limit: int) -> bool:
        with self.lock:
            window = int(time.time())
            self.window, self.count = window, (self.count + 1 if window == self.window else 1)
            return self.count <= limit


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "RegisterSandbox/1"

    def log_message(self, format, *args):
        log.debug(format, *args)

    def do_GET(self):
        url = urlsplit(self.path)
        self.server.calls.append(self.path)
        fault = self.server.faults.draw()
        if fault == "slow":
            time.sleep(self.server.faults.slow_seconds)
        if fault == "drop":
            return self._drop()
        if fault == "429" or not self.server.throttle.allow(self.server.faults.rate_per_second):
            return self._send(429, json.dumps(THROTTLED).encode(), {"Retry-After": "1"})
        if fault == "500":
            return self._send(500, b'{"erreur": "Erreur interne du serveur."}')
        if url.path.rstrip("/") != "/search":
            return self._send(404, json.dumps({"erreur": "Route inconnue."}).encode())
        status, body = api.search(parse_qs(url.query))
        data = json.dumps(body, ensure_ascii=False).encode()
        if fault == "malformed":
            data = data[: len(data) // 2]  # a proxy's truncated answer
        return self._send(status, data)

    def _send(self, status, data: bytes, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _drop(self):
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


class RegisterSandboxServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, faults: Faults | None = None):
        super().__init__(address, Handler)
        self.faults = faults or Faults()
        self.throttle = Throttle()
        self.calls: list[str] = []

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


def serve(host="127.0.0.1", port=0, faults: Faults | None = None) -> RegisterSandboxServer:
    """A started server in a background thread (tests); `.shutdown()` stops it."""
    server = RegisterSandboxServer((host, port), faults)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

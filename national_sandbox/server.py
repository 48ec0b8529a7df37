"""The sandbox's own small HTTP server: the national API plus the faults of a real service.

Its own process (`manage.py national_sandbox`), not a Django view, because a view cannot
drop a connection. Threaded: slow answers do not hold up the others. Around `api.handle`:
1. the throttle: `rate_limit` calls per fixed window of `window_seconds` and per service
   (offer calls, sector calls; the login is not counted), 429 past it;
2. faults, drawn per request from `SandboxConfig`: slow answers, connections dropped
   (half before the request is handled, half after it is stored: the answer is lost),
   5xx before handling, and "stored but answered 500" for writes.
"""

import contextlib
import json
import logging
import random
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from django.db import close_old_connections, connection

from . import api
from .models import SandboxCall, SandboxConfig

log = logging.getLogger(__name__)
PREFIX = "/api/v2"
THROTTLED = {"error": "Trop de requêtes - Limite d'utilisation de l'API dépassée."}


class Throttle:
    """Fixed windows, as the national platform counts: one counter per service."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}  # service → (window, count)

    def allow(self, service: str, limit: int, seconds: int) -> bool:
        with self.lock:
            window = int(time.time() // seconds)
            current, count = self.counts.get(service, (window, 0))
            count = count + 1 if current == window else 1
            self.counts[service] = (window, count)
            return count <= limit


def service_of(path: str) -> str | None:
    """The counter a call goes to; the login is not counted."""
    if path.startswith(PREFIX + "/auth/"):
        return None
    if path.startswith(PREFIX + "/sectors"):
        return "sectors"
    return "offers"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "NationalSandbox/1"

    def log_message(self, format, *args):  # quiet: every call is in SandboxCall
        log.debug(format, *args)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_PATCH(self):
        self._serve("PATCH")

    def do_PUT(self):
        self._serve("PUT")

    def do_DELETE(self):
        self._serve("DELETE")

    def _serve(self, method):
        close_old_connections()
        try:
            self._answer(method)
        finally:
            connection.close()

    def _answer(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        config = SandboxConfig.current()
        record = {"method": method, "path": url.path[:200]}
        if not url.path.startswith(PREFIX):
            return self._send(404, {"code": "NOT_FOUND", "error": "no such route"}, record)
        service = service_of(url.path)
        if service and not self.server.throttle.allow(
            service, config.rate_limit, config.window_seconds
        ):
            return self._send(429, THROTTLED, record, fault="throttle")
        draw = random.random
        if config.slow_rate and draw() < config.slow_rate:
            record["fault"] = "slow"
            time.sleep(config.slow_seconds)
        drop = config.drop_rate and draw() < config.drop_rate
        if drop and draw() < 0.5:
            return self._drop(record, "drop-before")
        if config.error_rate and draw() < config.error_rate:
            status = random.choice([500, 502, 503])
            return self._send(status, {"error": "Internal Server Error"}, record, fault="5xx")
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = api.UNREADABLE
        try:
            status, answer = api.handle(
                config,
                method,
                url.path[len(PREFIX) :] or "/",
                parse_qs(url.query),
                self.headers.get("Authorization", ""),
                body,
                base_url=f"http://{self.headers.get('Host', 'localhost')}{PREFIX}",
            )
        except Exception:  # a bug of the sandbox: answered and logged, as a real service would
            log.exception("national sandbox: %s %s failed", method, url.path)
            return self._send(500, {"error": "Internal Server Error"}, record)
        writes = method in ("POST", "PATCH", "PUT", "DELETE") and "/auth/" not in url.path
        if drop:
            return self._drop(record, "drop-after")
        lost = writes and status < 300 and config.stored_then_500_rate
        if lost and draw() < config.stored_then_500_rate:
            return self._send(500, {"error": "Internal Server Error"}, record, fault="stored-500")
        return self._send(status, answer, record)

    def _send(self, status, body, record, fault=""):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        SandboxCall.objects.create(
            status=status, fault=fault or record.get("fault", ""), **_only(record)
        )

    def _drop(self, record, fault):
        """Close the socket without an answer: the client sees a reset or an empty reply."""
        SandboxCall.objects.create(status=None, fault=fault, **_only(record))
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


def _only(record):
    return {"method": record["method"], "path": record["path"]}


class SandboxServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address):
        super().__init__(address, Handler)
        self.throttle = Throttle()


def serve(host="127.0.0.1", port=8001) -> SandboxServer:
    """A started server in a background thread (tests); `.shutdown()` stops it."""
    server = SandboxServer((host, port))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

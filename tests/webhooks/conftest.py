"""A real HTTP receiver on 127.0.0.1 (http.server in a thread of the test process) that
records every request it gets and answers with the status it is told, so the tests see what
really left the portal. Webhooks may go to it only when the settings allow http and local
addresses, as in development."""

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict
    body: bytes


class Receiver:
    def __init__(self, *, status: int = 200, delay: float = 0.0):
        self.status, self.delay = status, delay
        self._requests: list[Request] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver._lock:
                    receiver._requests.append(
                        Request(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                time.sleep(receiver.delay)
                self.send_response(receiver.status)
                self.send_header("content-type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answered {receiver.status}".encode())

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._requests)


@pytest.fixture
def local_receivers_allowed(settings):
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def start_receiver():
    """Start a recording HTTP receiver, `start_receiver(status=500)`; stopped after the test."""
    receivers = []

    def start(**options) -> Receiver:
        receiver = Receiver(**options)
        receiver.start()
        receivers.append(receiver)
        return receiver

    try:
        yield start
    finally:
        for receiver in receivers:
            receiver.stop()

"""A real SMTP server on 127.0.0.1 (aiosmtpd, in a thread of the test process) that records
every message it accepts, so the tests count what really left the portal."""

import asyncio
import email
import email.policy
import socket
import threading
from collections import Counter
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Received:
    recipient: str
    subject: str
    connection: tuple  # the client's (address, port): one per SMTP connection


class RecordingHandler:
    """Records each message as soon as its content has arrived, then waits `delay` seconds
    before answering 250, as a busy server does; a message to an address in `refuse` is
    refused with 550."""

    def __init__(self, *, delay: float = 0.0, refuse: frozenset = frozenset()):
        self.delay, self.refuse = delay, refuse
        self._received: list[Received] = []
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self._received.extend(
                Received(recipient, str(message["subject"]).strip(), tuple(session.peer))
                for recipient in envelope.rcpt_tos
            )
        await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def count(self) -> int:
        with self._lock:
            return len(self._received)

    def per_recipient(self) -> Counter:
        return Counter(message.recipient for message in self.received)


class MailServer:
    def __init__(self, handler: RecordingHandler):
        self.handler = handler
        self.port = _free_port()
        # Imported here, so that only the tests that need a mail server need aiosmtpd.
        from aiosmtpd.controller import Controller

        self._controller = Controller(handler, hostname="127.0.0.1", port=self.port)

    def start(self):
        self._controller.start()

    def stop(self):
        self._controller.stop()

    def settings_for_worker(self) -> dict[str, str]:
        """The environment that sends a worker's emails here."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
        }

    def use_in(self, settings) -> None:
        """Send this process's emails here too (pytest-django's `settings` fixture)."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", self.port


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def start_mail_server():
    """Start a recording SMTP server, `start_mail_server(delay=0.03)`; stopped after the test."""
    servers = []

    def start(**options) -> MailServer:
        server = MailServer(RecordingHandler(**options))
        server.start()
        servers.append(server)
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()

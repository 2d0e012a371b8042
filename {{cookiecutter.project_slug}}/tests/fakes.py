"""Stand-ins for the app's services, installed through the app rather than by patching."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SentEmail:
    """One message handed to the fake email service."""

    to: str
    subject: str
    body: str


@dataclass
class FakeEmailService:
    """Records messages instead of sending them; set ``fail_with`` to make ``send`` raise it."""

    sent: list[SentEmail] = field(default_factory=list)
    fail_with: Exception | None = None

    def send(self, to: str, subject: str, body: str) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append(SentEmail(to, subject, body))

    def reset(self) -> None:
        """Forget what was sent, and fail no more."""
        self.sent.clear()
        self.fail_with = None

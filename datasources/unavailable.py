"""A runtime reader for agents served without a live runtime (database-only agents).

Every live view answers SourceUnavailable with the reason, so those fields carry an error
while the stored views of the same agent still answer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NoReturn

from .protocol import SourceUnavailable
from .records import (
    AdapterRecord,
    BreakerRecord,
    CognitiveStateRecord,
    DiscordStatusRecord,
    HandlerRecord,
    IdentityRecord,
    LLMBusRecord,
    QueueStatusRecord,
    ResourcesRecord,
    RuntimeStatusRecord,
    ServiceHealthRecord,
    ServiceProviderRecord,
    SystemHealthRecord,
)


class UnavailableRuntime:
    def __init__(self, reason: str) -> None:
        self.reason = reason

    def _refuse(self) -> NoReturn:
        raise SourceUnavailable(self.reason)

    async def now(self) -> datetime:
        # Stored views still need a clock to compute ages and windows.
        return datetime.now(UTC)

    async def identity(self) -> IdentityRecord:
        self._refuse()

    async def runtime_status(self) -> RuntimeStatusRecord:
        self._refuse()

    async def llm_bus(self) -> LLMBusRecord:
        self._refuse()

    async def breakers(self) -> list[BreakerRecord]:
        self._refuse()

    async def service_providers(self) -> list[ServiceProviderRecord]:
        self._refuse()

    async def adapters(self) -> list[AdapterRecord]:
        self._refuse()

    async def discord(self) -> DiscordStatusRecord | None:
        self._refuse()

    async def queue(self) -> QueueStatusRecord:
        self._refuse()

    async def cognitive_state(self) -> CognitiveStateRecord:
        self._refuse()

    async def handlers(self) -> list[HandlerRecord]:
        self._refuse()

    async def resources(self) -> ResourcesRecord | None:
        self._refuse()

    async def service_health(self) -> ServiceHealthRecord:
        self._refuse()

    async def system_health(self) -> SystemHealthRecord:
        self._refuse()

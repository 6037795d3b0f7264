"""Registry providers whose behaviour the simulation does not exercise beyond being registered.

Each keeps the agent's class name, because the registry, the health report and the gateway
identify providers by it. They are always healthy: no simulated fault targets them.
"""

from __future__ import annotations

from datetime import datetime, timedelta


class RegisteredService:
    def healthy_now(self) -> bool:
        return True

    async def is_healthy(self) -> bool:
        return self.healthy_now()


class GraphConfigService(RegisteredService):
    pass


class LocalGraphMemoryService(RegisteredService):
    pass


class WiseAuthorityService(RegisteredService):
    pass


class AuthenticationService(RegisteredService):
    pass


class PeriodManager:
    """The agent's consolidation periods: 6 hours, starting at 00, 06, 12 and 18 UTC."""

    period_duration = timedelta(hours=6)

    def get_period_start(self, current_time: datetime) -> datetime:
        hour = current_time.hour - current_time.hour % 6
        return current_time.replace(hour=hour, minute=0, second=0, microsecond=0)

    def get_next_period_start(self, current_time: datetime) -> datetime:
        return self.get_period_start(current_time) + self.period_duration


class TSDBConsolidationService(RegisteredService):
    """The agent's status attributes with their real names (AGENT_FACTS §1.9). The reference
    agent's store has no summary tables, so no level ever runs: the last-run times stay None
    and the counters 0, as on an agent whose first period has not ended."""

    def __init__(self) -> None:
        self._period_manager = PeriodManager()
        self._last_consolidation: datetime | None = None
        self._last_extensive_consolidation: datetime | None = None
        self._last_profound_consolidation: datetime | None = None
        self._basic_consolidations = 0
        self._extensive_consolidations = 0
        self._profound_consolidations = 0
        self._records_consolidated = 0
        self._records_deleted = 0


class APIToolService(RegisteredService):
    pass


class CoreToolService(RegisteredService):
    pass


class APICommunicationService(RegisteredService):
    pass


class APIRuntimeControlService(RegisteredService):
    pass

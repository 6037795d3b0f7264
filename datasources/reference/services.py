"""Registry providers whose behaviour the simulation does not exercise beyond being registered.

Each keeps the agent's class name, because the registry, the health report and the gateway
identify providers by it. They are always healthy: no simulated fault targets them.
"""

from __future__ import annotations


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


class TSDBConsolidationService(RegisteredService):
    pass


class APIToolService(RegisteredService):
    pass


class CoreToolService(RegisteredService):
    pass


class APICommunicationService(RegisteredService):
    pass


class APIRuntimeControlService(RegisteredService):
    pass

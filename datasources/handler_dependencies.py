"""Which buses each action handler calls: the one table the handler details are built from.

AGENT_FACTS does not document this per handler; it is read from CIRIS's handler code
(`ciris_engine/logic/handlers/`), where each handler reaches its services through a bus of
`bus_manager`: memory handlers through the memory bus, speaking and rejecting through the
communication bus (a rejection is sent to the channel), observing through the communication
bus (fetching messages) and the memory bus (recalling what it saw), tools through the tool
bus, deferral through the wise-authority bus. Ponder and task_complete only update thoughts
and tasks in the agent's own persistence, which goes through no bus. The calls every handler
makes alike (persistence, audit, telemetry) are left out: they say nothing about one handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class BusDependency:
    """A bus of `runtime.bus_manager` (its attribute name) and the service type behind it."""

    bus: str
    service_type: str  # ServiceType value (AGENT_FACTS §1.3)


MEMORY = BusDependency("memory", "memory")
COMMUNICATION = BusDependency("communication", "communication")
TOOL = BusDependency("tool", "tool")
WISE_AUTHORITY = BusDependency("wise", "wise_authority")

# HandlerActionType value -> the buses its handler calls, in the order it calls them.
HANDLER_DEPENDENCIES: MappingProxyType[str, tuple[BusDependency, ...]] = MappingProxyType(
    {
        "memorize": (MEMORY,),
        "recall": (MEMORY,),
        "forget": (MEMORY,),
        "speak": (COMMUNICATION,),
        "observe": (COMMUNICATION, MEMORY),
        "reject": (COMMUNICATION,),
        "tool": (TOOL,),
        "defer": (WISE_AUTHORITY,),
        "ponder": (),
        "task_complete": (),
    }
)


def dependencies_of(action: str) -> tuple[BusDependency, ...]:
    """The buses the handler of `action` calls; none for an action this table does not know."""
    return HANDLER_DEPENDENCIES.get(action, ())

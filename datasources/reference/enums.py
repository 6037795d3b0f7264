"""The agent's enums, with the agent's names, values and base classes.

Most of them are `(str, Enum)` upstream, not `StrEnum`: formatting such a member gives
"ServiceType.LLM", not "llm", and the agent builds names with it (a registry breaker is named
"ServiceType.LLM_MockLLMService"). `AgentStrEnum` keeps that behaviour in one place.
"""

from __future__ import annotations

from enum import Enum


class AgentStrEnum(str, Enum):  # noqa: UP042 - str-mixin formatting is the point
    """A str enum that formats as "Class.MEMBER", as the agent's enums do."""


class ServiceType(AgentStrEnum):
    COMMUNICATION = "communication"
    TOOL = "tool"
    WISE_AUTHORITY = "wise_authority"
    MEMORY = "memory"
    AUDIT = "audit"
    LLM = "llm"
    TELEMETRY = "telemetry"
    ORCHESTRATOR = "orchestrator"
    SECRETS = "secrets"
    RUNTIME_CONTROL = "runtime_control"
    FILTER = "filter"
    CONFIG = "config"
    MAINTENANCE = "maintenance"
    TIME = "time"
    SHUTDOWN = "shutdown"
    INITIALIZATION = "initialization"
    VISIBILITY = "visibility"
    TSDB_CONSOLIDATION = "tsdb_consolidation"
    ADAPTER = "adapter"


class Priority(Enum):
    CRITICAL = 0
    HIGH = 1
    NORMAL = 2
    LOW = 3
    FALLBACK = 9


class SelectionStrategy(Enum):
    FALLBACK = "fallback"
    ROUND_ROBIN = "round_robin"


class CircuitState(Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class DistributionStrategy(AgentStrEnum):
    ROUND_ROBIN = "round_robin"
    LATENCY_BASED = "latency_based"
    RANDOM = "random"
    LEAST_LOADED = "least_loaded"


class AgentState(AgentStrEnum):
    WAKEUP = "wakeup"
    DREAM = "dream"
    PLAY = "play"
    WORK = "work"
    SOLITUDE = "solitude"
    SHUTDOWN = "shutdown"


class HandlerActionType(AgentStrEnum):
    OBSERVE = "observe"
    SPEAK = "speak"
    TOOL = "tool"
    REJECT = "reject"
    PONDER = "ponder"
    DEFER = "defer"
    MEMORIZE = "memorize"
    RECALL = "recall"
    FORGET = "forget"
    TASK_COMPLETE = "task_complete"


class TaskStatus(AgentStrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    COMPLETED = "completed"
    FAILED = "failed"
    DEFERRED = "deferred"
    REJECTED = "rejected"


class ThoughtStatus(AgentStrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    DEFERRED = "deferred"


class ThoughtType(AgentStrEnum):
    """The thought types the simulation produces (the agent knows more)."""

    STANDARD = "standard"
    FOLLOW_UP = "follow_up"


class ProcessorStatus(AgentStrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"
    ERROR = "error"


class ConnectionState(Enum):
    """Discord connection states (`discord_connection_manager.py`)."""

    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    FAILED = "failed"

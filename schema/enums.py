"""GraphQL enums. Values are the agent's own spellings; GraphQL shows the UPPER_CASE names."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Which of the agent's two circuit-breaker sets a breaker is in.")
class BreakerSource(Enum):
    REGISTRY = "registry"
    LLM_BUS = "llm_bus"


@strawberry.enum
class BreakerState(Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@strawberry.enum(description="The agent's cognitive state (AgentState).")
class CognitiveStateName(Enum):
    WAKEUP = "wakeup"
    WORK = "work"
    PLAY = "play"
    SOLITUDE = "solitude"
    DREAM = "dream"
    SHUTDOWN = "shutdown"


@strawberry.enum
class ThoughtStatus(Enum):
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    DEFERRED = "deferred"


@strawberry.enum
class TaskStatus(Enum):
    PENDING = "pending"
    ACTIVE = "active"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    DEFERRED = "deferred"
    REJECTED = "rejected"


@strawberry.enum
class ThoughtType(Enum):
    STANDARD = "standard"
    FOLLOW_UP = "follow_up"
    ERROR = "error"
    OBSERVATION = "observation"
    MEMORY = "memory"
    DEFERRED = "deferred"
    PONDER = "ponder"
    FEEDBACK = "feedback"
    GUIDANCE = "guidance"
    IDENTITY_UPDATE = "identity_update"
    ETHICAL_REVIEW = "ethical_review"
    CONSCIENCE = "conscience"
    CONSENSUS = "consensus"
    REFLECTION = "reflection"
    SYNTHESIS = "synthesis"
    DELEGATION = "delegation"
    CLARIFICATION = "clarification"
    SUMMARY = "summary"
    TOOL_RESULT = "tool_result"
    ACTION_REVIEW = "action_review"
    URGENT = "urgent"
    SCHEDULED = "scheduled"
    PATTERN = "pattern"
    ADAPTATION = "adaptation"


@strawberry.enum(description="The ten actions the dispatcher hands to handlers.")
class HandlerAction(Enum):
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


@strawberry.enum
class DiscordConnectionState(Enum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    FAILED = "failed"


@strawberry.enum
class HealthLevel(Enum):
    HEALTHY = "healthy"
    DEGRADED = "degraded"
    UNHEALTHY = "unhealthy"
    CRITICAL = "critical"


@strawberry.enum(description="How the service registry picks among providers of one priority.")
class SelectionStrategy(Enum):
    FALLBACK = "fallback"
    ROUND_ROBIN = "round_robin"
    DIRECT = "DIRECT"


@strawberry.enum
class ServicePriority(Enum):
    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    NORMAL = "NORMAL"
    LOW = "LOW"
    FALLBACK = "FALLBACK"
    DIRECT = "DIRECT"


@strawberry.enum
class ProcessorStatus(Enum):
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"
    ERROR = "error"


@strawberry.enum(description="The agent's own health verdict, as /v1/system/health states it.")
class SystemHealthStatus(Enum):
    HEALTHY = "healthy"
    DEGRADED = "degraded"
    CRITICAL = "critical"
    INITIALIZING = "initializing"


@strawberry.enum(description="IncidentSeverity of the agent (persist's levels mapped to it).")
class IncidentSeverity(Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@strawberry.enum
class IncidentStatus(Enum):
    OPEN = "open"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    CLOSED = "closed"
    RECURRING = "recurring"

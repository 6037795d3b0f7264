from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import TaskStatus, ThoughtType


class QueueStatus(BaseModel):
    agent: Optional["QueueStatusAgent"]


class QueueStatusAgent(BaseModel):
    queue: Optional["QueueStatusAgentQueue"]


class QueueStatusAgentQueue(BaseModel):
    depth: int
    queue_size: int = Field(alias="queueSize")
    max_size: int = Field(alias="maxSize")
    pending_thoughts: Optional[int] = Field(alias="pendingThoughts")
    processing_thoughts: Optional[int] = Field(alias="processingThoughts")
    thoughts_per_second: float = Field(alias="thoughtsPerSecond")
    average_latency_ms: float = Field(alias="averageLatencyMs")
    items: list["QueueStatusAgentQueueItems"]


class QueueStatusAgentQueueItems(BaseModel):
    thought_id: str = Field(alias="thoughtId")
    thought_type: ThoughtType = Field(alias="thoughtType")
    depth: int
    age_seconds: Optional[float] = Field(alias="ageSeconds")
    task: Optional["QueueStatusAgentQueueItemsTask"]


class QueueStatusAgentQueueItemsTask(BaseModel):
    id: str
    description: str
    status: TaskStatus
    priority: int


QueueStatus.model_rebuild()
QueueStatusAgent.model_rebuild()
QueueStatusAgentQueue.model_rebuild()
QueueStatusAgentQueueItems.model_rebuild()

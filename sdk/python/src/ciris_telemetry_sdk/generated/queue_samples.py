from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel


class QueueSamples(BaseModel):
    queue: "QueueSamplesQueue"


class QueueSamplesQueue(BaseModel):
    agent_id: str = Field(alias="agentId")
    sequence: int
    at: datetime
    dropped: int
    problems: list[str]
    queue_size: Optional[int] = Field(alias="queueSize")
    depth: Optional[int]
    max_size: Optional[int] = Field(alias="maxSize")
    thoughts_per_second: Optional[float] = Field(alias="thoughtsPerSecond")
    average_latency_ms: Optional[float] = Field(alias="averageLatencyMs")
    pending_thoughts: Optional[int] = Field(alias="pendingThoughts")
    processing_thoughts: Optional[int] = Field(alias="processingThoughts")


QueueSamples.model_rebuild()

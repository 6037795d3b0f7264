from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import DiscordConnectionState


class DiscordStatus(BaseModel):
    agent: Optional["DiscordStatusAgent"]


class DiscordStatusAgent(BaseModel):
    discord: Optional["DiscordStatusAgentDiscord"]


class DiscordStatusAgentDiscord(BaseModel):
    state: DiscordConnectionState
    connected: bool
    latency_ms: Optional[int] = Field(alias="latencyMs")
    guilds: Optional[int]
    users: Optional[int]
    reconnect_attempts: int = Field(alias="reconnectAttempts")
    max_reconnect_attempts: int = Field(alias="maxReconnectAttempts")
    last_connected_at: Optional[datetime] = Field(alias="lastConnectedAt")
    last_disconnected_at: Optional[datetime] = Field(alias="lastDisconnectedAt")
    last_disconnect_reason: Optional[str] = Field(alias="lastDisconnectReason")


DiscordStatus.model_rebuild()
DiscordStatusAgent.model_rebuild()

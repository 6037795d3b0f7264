"""Adapters and the Discord connection."""

from __future__ import annotations

from datetime import datetime

import strawberry

from ciris_telemetry.datasources.records import AdapterRecord
from ciris_telemetry.resolvers.live import DiscordView

from .enums import DiscordConnectionState


@strawberry.type
class Adapter:
    adapter_type: str

    @classmethod
    def from_record(cls, r: AdapterRecord) -> Adapter:
        return cls(adapter_type=r.adapter_type)


@strawberry.type(description="Discord gateway connection of the agent's Discord adapter.")
class DiscordStatus:
    state: DiscordConnectionState
    connected: bool
    latency_ms: int | None
    guilds: int | None
    users: int | None
    reconnect_attempts: int
    max_reconnect_attempts: int
    last_connected_at: datetime | None
    last_disconnected_at: datetime | None
    last_disconnect_reason: str | None = strawberry.field(
        description="From the agent's discord.connection.lost metric; the manager keeps none."
    )

    @classmethod
    def from_view(cls, v: DiscordView) -> DiscordStatus:
        s = v.status
        return cls(
            state=DiscordConnectionState(s.state),
            connected=s.is_connected,
            latency_ms=s.latency_ms,
            guilds=s.guilds,
            users=s.users,
            reconnect_attempts=s.reconnect_attempts,
            max_reconnect_attempts=s.max_reconnect_attempts,
            last_connected_at=s.last_connected_at,
            last_disconnected_at=s.last_disconnected_at,
            last_disconnect_reason=v.last_disconnect_reason,
        )

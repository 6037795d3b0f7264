"""Adapters as the runtime lists them: the API platform and, optionally, Discord.

The Discord connection manager keeps what the agent keeps: state, attempt counter and the
times of the last connect and disconnect. It stores no disconnect reason (upstream neither);
the reason only travels in the `discord.connection.lost` metric.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .enums import ConnectionState


@dataclass
class DiscordGuild:
    id: int
    name: str


class SimulatedDiscordClient:
    """What discord.py's client offers the connection manager: guilds, users, latency."""

    def __init__(self, guilds: list[DiscordGuild], users: list[int]) -> None:
        self.guilds = guilds
        self.users = users
        self.latency = 0.0  # seconds, as discord.py reports it


class DiscordConnectionManager:
    def __init__(self, *, token: str, client: SimulatedDiscordClient) -> None:
        self.token = token
        self.client = client
        self.max_reconnect_attempts = 10
        self.base_reconnect_delay = 5.0
        self.max_reconnect_delay = 300.0
        self.state = ConnectionState.DISCONNECTED
        self.reconnect_attempts = 0
        self.last_connected: datetime | None = None
        self.last_disconnected: datetime | None = None
        self.connection_task: Any = None
        self.on_connected: Any = None
        self.on_disconnected: Any = None
        self.on_reconnecting: Any = None
        self.on_failed: Any = None

    def is_connected(self) -> bool:
        return self.state is ConnectionState.CONNECTED

    def reconnect_delay(self, attempt: int) -> float:
        """Exponential backoff from the base delay, capped."""
        return float(min(self.base_reconnect_delay * 2 ** (attempt - 1), self.max_reconnect_delay))

    def get_connection_info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "state": self.state.value,
            "reconnect_attempts": self.reconnect_attempts,
            "is_connected": self.is_connected(),
            "last_connected": self.last_connected.isoformat() if self.last_connected else None,
            "last_disconnected": (
                self.last_disconnected.isoformat() if self.last_disconnected else None
            ),
        }
        if self.is_connected():
            info.update(
                {
                    "guilds": len(self.client.guilds),
                    "users": len(self.client.users),
                    "latency_ms": int(self.client.latency * 1000),
                }
            )
        return info


class DiscordAdapter:
    def __init__(self, connection_manager: DiscordConnectionManager) -> None:
        self._connection_manager = connection_manager

    def healthy_now(self) -> bool:
        return self._connection_manager.is_connected()

    async def is_healthy(self) -> bool:
        return self.healthy_now()


class DiscordPlatform:
    def __init__(self, discord_adapter: DiscordAdapter) -> None:
        self.discord_adapter = discord_adapter


@dataclass(frozen=True, slots=True)
class APIAdapterConfig:
    host: str = "127.0.0.1"
    port: int = 8080


class ApiPlatform:
    def __init__(self, config: APIAdapterConfig | None = None) -> None:
        self.config = config or APIAdapterConfig()

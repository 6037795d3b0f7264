"""Discord's connection over time: connected for hours, then lost with a reason, then
reconnect attempts with exponential backoff until one succeeds."""

from __future__ import annotations

from .adapters import DiscordConnectionManager
from .context import SimContext
from .enums import ConnectionState
from .incidents import CodeSite, Problem

MEAN_SECONDS_CONNECTED = 3 * 3600.0
HANDSHAKE_SECONDS = 1.5
RECONNECT_SUCCESS_SHARE = 0.75
RESTART_AFTER_FAILURE_SECONDS = 600.0
DISCONNECT_REASONS = (
    "WebSocket closed with 1006",
    "Heartbeat timeout",
    "Connection reset by peer",
    "Session invalidated (4009)",
)
DISCORD_SITE = CodeSite(
    source_component="ciris_engine.logic.adapters.discord.discord_connection_manager",
    filename="discord_connection_manager.py",
    line_number=187,
    function_name="_handle_disconnect",
)


class DiscordSimulation:
    def __init__(self, sim: SimContext, manager: DiscordConnectionManager) -> None:
        self._sim = sim
        self._manager = manager
        self._rng = sim.rng("discord")

    def connected(self) -> bool:
        return self._manager.is_connected()

    def begin(self) -> None:
        self._manager.state = ConnectionState.CONNECTING
        self._sim.after(HANDSHAKE_SECONDS, self._connected)

    def _connected(self) -> None:
        manager = self._manager
        manager.state = ConnectionState.CONNECTED
        manager.reconnect_attempts = 0
        manager.last_connected = self._sim.clock.now()
        manager.client.latency = self._rng.uniform(0.04, 0.16)
        self._sim.metrics.record(
            "discord.connection.established", 1.0, {"guilds": str(len(manager.client.guilds))}
        )
        self._sim.after(self._rng.expovariate(1.0 / MEAN_SECONDS_CONNECTED), self._lost)

    def _lost(self) -> None:
        sim = self._sim
        manager = self._manager
        reason = self._rng.choice(DISCONNECT_REASONS)
        manager.state = ConnectionState.DISCONNECTED
        manager.last_disconnected = sim.clock.now()
        sim.stats.discord_disconnects += 1
        sim.metrics.record("discord.connection.lost", 1.0, {"error": reason})
        sim.incidents.capture(
            Problem(
                severity="warning",
                title=f"Discord connection lost: {reason}",
                description=f"Discord connection lost: {reason}; reconnecting",
                site=DISCORD_SITE,
            )
        )
        sim.audit.append(
            entry_id=sim.ids.uuid(),
            action_type="system_event",
            event_type="system_event",
            actor="DiscordAdapter",
            details={"event": "discord_connection_lost", "error": reason},
            outcome="failure",
            recorded_at=sim.clock.iso(),
        )
        sim.stats.audit_entries += 1
        sim.after(manager.reconnect_delay(1), self._reconnect)

    def _reconnect(self) -> None:
        manager = self._manager
        manager.reconnect_attempts += 1
        manager.state = ConnectionState.RECONNECTING
        self._sim.metrics.record(
            "discord.connection.reconnecting",
            1.0,
            {
                "attempt": str(manager.reconnect_attempts),
                "max_attempts": str(manager.max_reconnect_attempts),
            },
        )
        self._sim.after(HANDSHAKE_SECONDS, self._handshake_done)

    def _handshake_done(self) -> None:
        manager = self._manager
        if self._rng.random() < RECONNECT_SUCCESS_SHARE:
            self._sim.stats.discord_reconnects += 1
            self._connected()
        elif manager.reconnect_attempts >= manager.max_reconnect_attempts:
            manager.state = ConnectionState.FAILED
            self._sim.metrics.record(
                "discord.connection.failed", 1.0, {"reason": "max reconnect attempts reached"}
            )
            self._sim.after(RESTART_AFTER_FAILURE_SECONDS, self.begin)
        else:
            self._sim.after(
                manager.reconnect_delay(manager.reconnect_attempts + 1), self._reconnect
            )

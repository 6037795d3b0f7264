"""What the running application holds: built once at start-up, read by every request."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry

from ciris_telemetry.auth import Authenticator
from ciris_telemetry.resolvers.context import AgentDirectory, QueryLimits
from ciris_telemetry.subscriptions.broker import Broker


@dataclass
class GatewayState:
    schema: strawberry.Schema
    directory: AgentDirectory
    query_limits: QueryLimits
    authenticator: Authenticator
    broker: Broker
    event_queue_size: int

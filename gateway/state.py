"""What the running application holds: built once at start-up, read by every request."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry

from ciris_telemetry.auth import ApiKeyService, Authenticator
from ciris_telemetry.resolvers.context import AgentDirectory, QueryLimits
from ciris_telemetry.store import GatewayStore
from ciris_telemetry.subscriptions.broker import Broker

from .config import Settings
from .gql.schema_factory import build_schema
from .live_events import LiveEvents


@dataclass
class GatewayState:
    schema: strawberry.Schema
    directory: AgentDirectory
    query_limits: QueryLimits
    authenticator: Authenticator
    live: LiveEvents
    event_queue_size: int
    min_sample_interval_seconds: float

    @property
    def broker(self) -> Broker:
        return self.live.broker

    @classmethod
    def build(
        cls,
        settings: Settings,
        directory: AgentDirectory,
        store: GatewayStore,
        schema: strawberry.Schema,
    ) -> GatewayState:
        """The state for serving `directory` with `settings` and `schema` (the one the routes
        were mounted with); live events are built, not started."""
        limits = settings.limits
        return cls(
            schema=schema,
            directory=directory,
            query_limits=QueryLimits(max_page_size=limits.max_page_size),
            authenticator=Authenticator(settings, ApiKeyService(store)),
            live=LiveEvents.open(settings, directory),
            event_queue_size=settings.subscriptions.max_queue,
            min_sample_interval_seconds=settings.subscriptions.min_sample_interval_seconds,
        )


def schema_for(settings: Settings) -> strawberry.Schema:
    limits = settings.limits
    return build_schema(
        max_depth=limits.max_depth, max_aliases=limits.max_aliases, max_tokens=limits.max_tokens
    )

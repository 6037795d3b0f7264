"""What the gateway's metrics learn from GraphQL execution: running subscriptions."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import Gauge
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType


class SubscriptionGauge(SchemaExtension):
    """Adds one to `gauge` while a subscription runs: from the start of its execution (it
    passed parsing, validation and the cost check) until its stream ends, however it ends
    (the client completed it, the socket closed, or the source failed)."""

    def __init__(self, gauge: Gauge) -> None:
        self.gauge = gauge
        self._running = False

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            if self._running:
                self._running = False
                self.gauge.dec()

    def on_execute(self) -> Iterator[None]:
        if (
            not self._running
            and self.execution_context.operation_type is OperationType.SUBSCRIPTION
        ):
            self._running = True
            self.gauge.inc()
        yield

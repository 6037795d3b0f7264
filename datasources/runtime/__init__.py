"""The `runtime` datasource: reads a live CIRIS runtime object graph."""

from .source import RuntimeSource

__all__ = ["RuntimeSource"]

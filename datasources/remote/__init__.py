"""The `remote` datasource: a CIRIS agent read over its REST API."""

from .source import RemoteSource

__all__ = ["RemoteSource"]

"""Errors of the store reader beyond what the protocol defines."""

from __future__ import annotations

from ..protocol import SourceUnavailable


class StoreDataError(SourceUnavailable):
    """A row holds a value the reader cannot interpret (a required timestamp that is not one).

    It subclasses `SourceUnavailable` so callers treat it as the source failing, never as the
    client's fault: a `ValueError` from the reader means bad input (a bad cursor).
    """

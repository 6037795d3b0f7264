"""PostgreSQL URLs rerouted through a loopback proxy."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def via_port(dsn: str, port: int) -> str:
    """`dsn` reaching the same server and database through 127.0.0.1:`port`."""
    parts = urlsplit(dsn)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@127.0.0.1:{port}" if credentials else f"127.0.0.1:{port}"
    return urlunsplit(parts._replace(netloc=netloc))

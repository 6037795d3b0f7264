"""Building an authenticated `GatewayClient` from the gateway's address and one credential."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlsplit, urlunsplit

import httpx

from .client import GatewayClient
from .generated.async_base_client import HttpClient

# The gateway reads `Bearer ctg_...` as an API key and `Bearer service:<token>` as its configured
# service token (the way CIRIS reads CIRIS_SERVICE_TOKEN).
SERVICE_PREFIX = "service:"
GRAPHQL_PATH = "/graphql"
WEBSOCKET_SCHEMES = {"http": "ws", "https": "wss"}


def connect(
    url: str,
    *,
    api_key: str | None = None,
    service_token: str | None = None,
    timeout: float = 30.0,
) -> GatewayClient:
    """A client for the gateway at `url` (e.g. `http://127.0.0.1:8080`, or with the path prefix
    it is served under), authenticated by exactly one of `api_key` or `service_token`.

    Queries and mutations go over HTTP; subscriptions open a graphql-transport-ws connection
    that sends the same credential in its `connection_init`. Use it as an async context
    manager (or call `await client.http_client.aclose()`) to close its connections.
    """
    authorization = {"Authorization": f"Bearer {_credential(api_key, service_token)}"}
    http_url, ws_url = gateway_urls(url)
    return GatewayClient(
        url=http_url,
        headers=authorization,
        # The generated protocol spells `post` more narrowly than httpx does; httpx is its model.
        http_client=cast(HttpClient, httpx.AsyncClient(headers=authorization, timeout=timeout)),
        ws_url=ws_url,
        ws_connection_init_payload=authorization,
    )


def gateway_urls(url: str) -> tuple[str, str]:
    """The GraphQL endpoint of the gateway at `url` over HTTP and over WebSocket."""
    parts = urlsplit(url.strip())
    if parts.scheme not in WEBSOCKET_SCHEMES or not parts.netloc:
        raise ValueError(f"gateway URL must be http(s)://host[:port][/prefix], not {url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"gateway URL must not carry a query or fragment: {url!r}")
    path = parts.path.rstrip("/")
    if not path.endswith(GRAPHQL_PATH):
        path += GRAPHQL_PATH
    http_url = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    ws_url = urlunsplit((WEBSOCKET_SCHEMES[parts.scheme], parts.netloc, path, "", ""))
    return http_url, ws_url


def _credential(api_key: str | None, service_token: str | None) -> str:
    if (api_key is None) == (service_token is None):
        raise ValueError("pass exactly one of api_key or service_token")
    value = api_key if api_key is not None else service_token
    assert value is not None
    if not value or any(ch.isspace() for ch in value):
        raise ValueError("the credential must be non-empty and hold no whitespace")
    if service_token is not None and not service_token.startswith(SERVICE_PREFIX):
        return SERVICE_PREFIX + service_token
    return value

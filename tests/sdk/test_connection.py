"""connect(): the gateway's GraphQL endpoints from its address, and exactly one credential."""

from __future__ import annotations

import pytest

from ciris_telemetry_sdk import GatewayClient, connect, gateway_urls

UNCLEAN = "the credential must be non-empty and hold no whitespace"


@pytest.mark.parametrize(
    ("url", "http", "ws"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/graphql", "ws://127.0.0.1:8080/graphql"),
        ("http://gw:8080/", "http://gw:8080/graphql", "ws://gw:8080/graphql"),
        ("https://ops.example/telemetry", "https://ops.example/telemetry/graphql", None),
        ("https://ops.example/telemetry/graphql/", "https://ops.example/telemetry/graphql", None),
    ],
)
def test_endpoints_from_the_gateway_address(url: str, http: str, ws: str | None) -> None:
    expected_ws = ws or http.replace("https://", "wss://")
    assert gateway_urls(url) == (http, expected_ws)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "127.0.0.1:8080",
            "gateway URL must be http(s)://host[:port][/prefix], not '127.0.0.1:8080'",
        ),
        ("ftp://gw", "gateway URL must be http(s)://host[:port][/prefix], not 'ftp://gw'"),
        ("http://", "gateway URL must be http(s)://host[:port][/prefix], not 'http://'"),
        ("http://gw/?a=1", "gateway URL must not carry a query or fragment: 'http://gw/?a=1'"),
    ],
)
def test_a_malformed_address_is_refused(url: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        connect(url, api_key="ctg_x")
    assert str(raised.value) == message


async def test_the_credential_becomes_the_bearer_header_and_the_connection_init() -> None:
    for client, header in (
        (connect("http://gw:1", api_key="ctg_abc"), "Bearer ctg_abc"),
        (connect("http://gw:1", service_token="s3cret"), "Bearer service:s3cret"),
        (connect("http://gw:1", service_token="service:s3cret"), "Bearer service:s3cret"),
    ):
        assert isinstance(client, GatewayClient)
        assert client.headers == {"Authorization": header}
        assert client.ws_connection_init_payload == {"Authorization": header}
        await client.http_client.aclose()


@pytest.mark.parametrize(
    ("api_key", "token", "message"),
    [
        (None, None, "pass exactly one of api_key or service_token"),
        ("ctg_a", "b", "pass exactly one of api_key or service_token"),
        ("", None, UNCLEAN),
        (None, "", UNCLEAN),
        ("ctg_a\r\nX-Evil: 1", None, UNCLEAN),
    ],
)
def test_exactly_one_clean_credential(api_key: str | None, token: str | None, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        connect("http://gw:1", api_key=api_key, service_token=token)
    assert str(raised.value) == message

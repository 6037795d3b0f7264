"""The client users hold: the generated one, with subscription errors surfaced."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import httpx

from .generated import (
    ExportJobFields,
    ExportJobState,
    GeneratedGatewayClient,
    GraphQLClientError,
    GraphQLClientGraphQLMultiError,
    GraphQLClientHttpError,
)

GRAPHQL_PATH = "/graphql"


class GatewayClient(GeneratedGatewayClient):
    """Every operation of sdk/operations as a typed async method.

    A subscription's `next` message may carry `errors` (a bad argument such as an interval out
    of range, or a source failing mid-stream). The generated base client would drop them and end
    the stream as if it completed; here they raise GraphQLClientGraphQLMultiError, as the same
    errors do for queries.
    """

    async def _handle_ws_message(
        self, message: Any, websocket: Any, expected_type: Any = None
    ) -> dict[str, Any] | None:
        errors = _next_errors(message)
        if errors is not None:
            raise GraphQLClientGraphQLMultiError.from_errors_dicts(
                errors_dicts=errors["errors"], data=errors.get("data")
            )
        result: dict[str, Any] | None = await super()._handle_ws_message(
            message, websocket, expected_type
        )
        return result

    async def download_export(self, job: ExportJobFields, destination: Path | str) -> int:
        """Stream a SUCCEEDED export job's file (see `create_export` and `export_job`) to
        `destination`, with this client's credential; returns the bytes written. The file is
        written only once the gateway answered 200, so a refusal leaves nothing behind."""
        if job.state is not ExportJobState.SUCCEEDED:
            raise GraphQLClientError(f"export job {job.id} is {job.state.value}, not SUCCEEDED")
        if not isinstance(self.http_client, httpx.AsyncClient):
            raise GraphQLClientError("download_export needs the httpx client connect() makes")
        url = self.url.removesuffix(GRAPHQL_PATH) + job.download_path
        written = 0
        async with self.http_client.stream("GET", url) as response:
            if response.status_code != httpx.codes.OK:
                await response.aread()
                raise GraphQLClientHttpError(status_code=response.status_code, response=response)
            async with await anyio.open_file(destination, "wb") as file:
                async for chunk in response.aiter_bytes():
                    await file.write(chunk)
                    written += len(chunk)
        return written


def _next_errors(message: Any) -> dict[str, Any] | None:
    """The payload of a `next` message that carries errors; None for any other message."""
    try:
        parsed = json.loads(message)
    except (TypeError, ValueError):
        return None  # the base client reports malformed messages
    if not isinstance(parsed, dict) or parsed.get("type") != "next":
        return None
    payload = parsed.get("payload")
    if isinstance(payload, dict) and payload.get("errors"):
        return payload
    return None

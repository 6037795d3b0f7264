"""Calls made as one caller of the matrix, and what their answers amount to."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

from .callers import Caller, Credentials
from .expectations import Outcome

# How long an export job may take to finish before a test gives up waiting (not a measure).
JOB_WAIT_SECONDS = 30.0


@dataclass
class MatrixGateway:
    app: FastAPI
    client: httpx.AsyncClient
    credentials: Credentials

    async def call(
        self,
        caller: Caller,
        method: str,
        url: str,
        *,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        sent = {**(headers or {}), **self.credentials.headers(caller)}
        return await self.client.request(method, url, json=body, headers=sent)

    async def graphql(
        self, caller: Caller, document: str, variables: dict[str, Any] | None = None
    ) -> httpx.Response:
        body = {"query": document, "variables": variables or {}}
        return await self.call(caller, "POST", "/graphql", body=body)

    async def data(
        self, caller: Caller, document: str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The data of an operation that must succeed."""
        response = await self.graphql(caller, document, variables)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def finished_job(self, caller: Caller) -> str:
        """The id of a new export job of `caller`, once SUCCEEDED."""
        created = await self.call(
            caller,
            "POST",
            "/v1/telemetry/export/jobs",
            body={"since": "2026-01-01T01:00:00Z", "until": "2026-01-01T01:01:00Z"},
        )
        assert created.status_code == 202, created.text
        job_id: str = created.json()["data"]["id"]
        async with asyncio.timeout(JOB_WAIT_SECONDS):
            while True:
                polled = await self.call(caller, "GET", f"/v1/telemetry/export/jobs/{job_id}")
                state = polled.json()["data"]["state"]
                if state == "SUCCEEDED":
                    return job_id
                assert state in {"QUEUED", "RUNNING"}, polled.text
                await asyncio.sleep(0.05)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def http_outcome(response: httpx.Response, ok_status: int) -> str:
    """ALLOWED for `ok_status` without errors, the auth outcome for 401/403, else what came."""
    body = _json(response)
    code = body.get("code") if isinstance(body, dict) else None
    if response.status_code == 401 and code == Outcome.UNAUTHENTICATED:
        return Outcome.UNAUTHENTICATED
    if response.status_code == 403 and code == Outcome.FORBIDDEN:
        return Outcome.FORBIDDEN
    if response.status_code == ok_status and not (isinstance(body, dict) and "errors" in body):
        return Outcome.ALLOWED
    return f"HTTP {response.status_code}: {response.text[:200]}"


def graphql_outcome(response: httpx.Response, field: str) -> str:
    """ALLOWED when `field` answered without errors; FORBIDDEN when every error is FORBIDDEN;
    UNAUTHENTICATED for the 401 before GraphQL runs."""
    body = _json(response)
    if response.status_code == 401:
        return http_outcome(response, 200)
    if response.status_code != 200 or not isinstance(body, dict):
        return f"HTTP {response.status_code}: {response.text[:200]}"
    errors = body.get("errors") or []
    codes = {(e.get("extensions") or {}).get("code") for e in errors}
    if codes == {Outcome.FORBIDDEN}:
        return Outcome.FORBIDDEN
    if errors:
        return f"errors: {errors}"
    return Outcome.ALLOWED if field in (body.get("data") or {}) else f"no {field}: {body}"

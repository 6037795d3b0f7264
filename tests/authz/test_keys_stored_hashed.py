"""API keys at rest: the gateway store's raw rows (the SQLite file on disk, and PostgreSQL)
hold the SHA-256 of each key's secret and never the key or the secret."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from store.pg import ADMIN_DSN, admin_connection

from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, served_app

from .callers import Caller, Credentials, key_secret, mint_credentials

KEY_ATTRIBUTES = {"name", "role", "secret_sha256", "created_at", "last_used_at", "revoked_at"}


async def _keys_created_used_and_one_revoked(
    settings: Settings, agent: ReferenceAgent
) -> Credentials:
    """Mint a key per role, authenticate with each, revoke the OBSERVER's; store closed after."""
    async with served_app(settings, {AGENT_ID: agent}) as (app, client, _):
        credentials = await mint_credentials(app.state.key_service, SERVICE_TOKEN)
        for caller in (Caller.OBSERVER, Caller.ADMIN, Caller.AUTHORITY, Caller.SYSTEM_ADMIN):
            response = await client.get(
                "/v1/telemetry/llm/usage", headers=credentials.headers(caller)
            )
            assert response.status_code == 200, response.text
        await app.state.key_service.revoke(credentials.key_ids[Caller.OBSERVER])
    return credentials


def _check_rows(rows: list[tuple[str, str, str]], dump: str, credentials: Credentials) -> None:
    """`rows`: (node_id, node_type, attributes JSON) of the api_key nodes; `dump`: every row
    of every table as text."""
    for secret in credentials.secrets:
        assert secret not in dump
    stored = {
        node_id: (node_type, json.loads(attributes)) for node_id, node_type, attributes in rows
    }
    assert set(stored) == {f"api_key:{key_id}" for key_id in credentials.key_ids.values()}
    for caller, key_id in credentials.key_ids.items():
        token = credentials.tokens[caller]
        assert token is not None
        node_type, attributes = stored[f"api_key:{key_id}"]
        digest = hashlib.sha256(key_secret(token).encode("ascii")).hexdigest()
        assert node_type == "api_key"
        assert set(attributes) == KEY_ATTRIBUTES
        assert attributes["secret_sha256"] == digest
        assert attributes["last_used_at"] is not None
        assert (attributes["revoked_at"] is not None) == (caller is Caller.OBSERVER)
        assert digest in dump


async def test_the_sqlite_file_holds_digests_never_keys(
    tmp_path: Path, matrix_agent: ReferenceAgent
) -> None:
    settings = Settings.load(None, data_dir=tmp_path / "gateway", service_token=SERVICE_TOKEN)
    credentials = await _keys_created_used_and_one_revoked(settings, matrix_agent)
    path = settings.sqlite_store_path
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
    raw = b"".join(p.read_bytes() for p in files)  # the database, and its WAL if one is left
    for secret in credentials.secrets:
        assert secret.encode() not in raw
    with sqlite3.connect(path) as db:
        tables = [
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        dump = "\n".join(
            repr(row) for table in tables for row in db.execute(f'SELECT * FROM "{table}"')
        )
        rows = db.execute(
            "SELECT node_id, node_type, attributes FROM gateway_nodes WHERE node_type = 'api_key'"
        ).fetchall()
    assert "gateway_nodes" in tables
    _check_rows(rows, dump, credentials)


@pytest.mark.postgres
async def test_the_postgresql_store_holds_digests_never_keys(
    tmp_path: Path, matrix_agent: ReferenceAgent
) -> None:
    admin: Any = await admin_connection()
    schema = f"ctg_authz_{uuid.uuid4().hex[:12]}"
    try:
        settings = Settings.load(
            None,
            data_dir=tmp_path / "gateway",
            service_token=SERVICE_TOKEN,
            store_url=ADMIN_DSN,
            store_schema=schema,
        )
        credentials = await _keys_created_used_and_one_revoked(settings, matrix_agent)
        assert not settings.sqlite_store_path.exists()
        tables = [
            r["table_name"]
            for r in await admin.fetch(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", schema
            )
        ]
        dumped: list[str] = []
        for table in tables:
            found = await admin.fetch(f'SELECT t::text AS row FROM "{schema}"."{table}" t')
            dumped += [r["row"] for r in found]
        dump = "\n".join(dumped)
        rows = [
            (r["node_id"], r["node_type"], r["attributes"])
            for r in await admin.fetch(
                f"SELECT node_id, node_type, attributes::text AS attributes "
                f"FROM \"{schema}\".gateway_nodes WHERE node_type = 'api_key'"
            )
        ]
        assert "gateway_nodes" in tables
        _check_rows(rows, dump, credentials)
    finally:
        await admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.close()

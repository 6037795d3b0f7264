"""The `ciris-telemetry` command: serve, manage API keys, export the schema."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import click

from ciris_telemetry.auth import ApiKeyService, Role, ensure_bootstrap_admin_key
from ciris_telemetry.store import open_gateway_store

from .config import ConfigError, Settings
from .gql.schema_factory import schema_sdl

ROLE_NAMES = [r.name for r in Role]


def _settings(config: Path | None, **overrides: Any) -> Settings:
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings.load(config, **given)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


config_option = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="TOML configuration file (also CIRIS_TELEMETRY_CONFIG).",
)
data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the gateway keeps its store and the reference agents' databases.",
)


@click.group()
@click.version_option(package_name="ciris-telemetry-gateway")
def main() -> None:
    """CIRIS telemetry gateway."""


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to listen on (default 8765).")
@data_dir_option
@config_option
def serve(host: str | None, port: int | None, data_dir: Path | None, config: Path | None) -> None:
    """Serve GraphQL, REST aliases and probes; with no config, over the reference agent."""
    import uvicorn

    from .app import create_app

    settings = _settings(config, host=host, port=port, data_dir=data_dir)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    bootstrap_key = asyncio.run(_bootstrap_key(settings))
    base = f"http://{settings.host}:{settings.port}"
    click.echo(f"CIRIS telemetry gateway on {base}/graphql (GraphiQL in a browser)")
    click.echo(f"Agents: {', '.join(a.id for a in settings.agents)}; data in {settings.data_dir}")
    if bootstrap_key:
        click.echo(f"First start: admin API key (shown once, keep it): {bootstrap_key}")
        click.echo(
            f'  curl -H "Authorization: Bearer {bootstrap_key}" '
            f"{base}/v1/visibility/system-snapshot"
        )
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


async def _bootstrap_key(settings: Settings) -> str | None:
    store = await open_gateway_store(settings)
    try:
        return await ensure_bootstrap_admin_key(ApiKeyService(store))
    finally:
        await store.close()


@main.group()
def keys() -> None:
    """Manage API keys."""


@keys.command("create")
@click.option("--role", type=click.Choice(ROLE_NAMES, case_sensitive=False), required=True)
@click.option("--name", default="cli", show_default=True, help="A label for the key.")
@data_dir_option
@config_option
def keys_create(role: str, name: str, data_dir: Path | None, config: Path | None) -> None:
    """Create an API key and print it (only the key, on stdout)."""
    settings = _settings(config, data_dir=data_dir)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    click.echo(asyncio.run(_create_key(settings, Role[role.upper()], name)))


async def _create_key(settings: Settings, role: Role, name: str) -> str:
    store = await open_gateway_store(settings)
    try:
        _, plaintext = await ApiKeyService(store).create(role, name)
        return plaintext
    finally:
        await store.close()


@main.command("export-schema")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of stdout.",
)
def export_schema(output: Path | None) -> None:
    """Print the GraphQL SDL (the committed schema.graphql)."""
    sdl = schema_sdl()
    if output is None:
        click.echo(sdl, nl=False)
    else:
        output.write_text(sdl)

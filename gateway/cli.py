"""The `ciris-telemetry` command: serve, manage API keys, export the schema."""

from __future__ import annotations

import asyncio
import os
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


REMOTE_TOKEN_ENV = "CIRIS_TELEMETRY_REMOTE_TOKEN"


def _named(value: str, default_name: str) -> tuple[str, str]:
    """`NAME=TARGET` or a bare `TARGET` (named `default_name`)."""
    name, sep, target = value.partition("=")
    if sep and "://" not in name and "/" not in name:
        return name, target
    return default_name, value


def _flag_agents(remote: tuple[str, ...], agent_db: tuple[str, ...]) -> list[dict[str, Any]]:
    token = os.environ.get(REMOTE_TOKEN_ENV)
    agents: list[dict[str, Any]] = []
    for i, value in enumerate(remote, start=1):
        name, url = _named(value, f"remote-{i}")
        agents.append({"id": name, "source": "remote", "base_url": url, "token": token})
    for i, value in enumerate(agent_db, start=1):
        name, database = _named(value, "agent" if i == 1 else f"agent-{i}")
        agents.append({"id": name, "source": "store", "database": database})
    return agents


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to listen on (default 8765).")
@click.option(
    "--remote",
    multiple=True,
    metavar="[NAME=]URL",
    help=f"Serve a CIRIS agent through its REST API (token from ${REMOTE_TOKEN_ENV}). Repeatable.",
)
@click.option(
    "--agent-db",
    multiple=True,
    metavar="[NAME=]URL",
    help="Serve an agent's database read-only (SQLite path/URL or postgresql:// URL).",
)
@data_dir_option
@config_option
def serve(
    host: str | None,
    port: int | None,
    remote: tuple[str, ...],
    agent_db: tuple[str, ...],
    data_dir: Path | None,
    config: Path | None,
) -> None:
    """Serve GraphQL, REST aliases and probes; with no config, over the reference agent.

    --remote and --agent-db replace the configured agents.
    """
    import uvicorn

    from .app import create_app

    flagged = _flag_agents(remote, agent_db)
    settings = _settings(config, host=host, port=port, data_dir=data_dir, agents=flagged or None)
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


@main.command("check-schema")
@click.option(
    "--base",
    "ref",
    default=None,
    metavar="REF",
    help="Compare with the merge base of REF and HEAD (default origin/main, else main).",
)
@click.option(
    "--schema",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("schema.graphql"),
    show_default=True,
    help="The SDL to check, as it is in the working tree.",
)
@click.option(
    "--changelog",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("CHANGELOG.md"),
    show_default=True,
    help="Where breaking changes are recorded.",
)
def check_schema(ref: str | None, schema: Path, changelog: Path) -> None:
    """Fail on a breaking schema change that CHANGELOG.md does not record.

    Compares the working tree's schema with the one at the merge base of REF and HEAD (HEAD's
    parent when HEAD is already in REF). A breaking change is recorded by its coordinate
    (`Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `Type`, `@directive`) in backticks on a
    bullet under `### Breaking` in `## Unreleased`. Exits 1 on an unrecorded breaking change,
    2 when the comparison cannot be made.
    """
    from .cli_schema_check import run_check

    raise SystemExit(run_check(ref, schema, changelog))


class _Refused(click.ClickException):
    """Refusals of install-ciris-adapter exit with 2, like usage errors."""

    exit_code = 2


@main.command("install-ciris-adapter")
@click.option(
    "--target",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The CIRIS installation's ciris_adapters package folder, or the site-packages "
    "folder that holds it.",
)
@click.option("--copy", is_flag=True, help="Copy the files instead of linking them.")
@click.option(
    "--uninstall", is_flag=True, help="Remove what install placed (nothing if it is not ours)."
)
def install_ciris_adapter(target: Path, copy: bool, uninstall: bool) -> None:
    """Make the gateway loadable by a CIRIS agent as the adapter `ciris_telemetry`.

    Places ciris_adapters/ciris_telemetry/ (__init__.py and manifest.json). Start the agent
    with `--adapter ciris_telemetry` (or add it to CIRIS_ADAPTER) to load it.
    """
    from .ciris_adapter import installer

    if copy and uninstall:
        raise _Refused("--copy applies to installing only")
    try:
        if uninstall:
            removed = installer.uninstall(target)
            if removed.removed:
                click.echo(f"Removed {removed.folder} ({', '.join(removed.removed)}).")
            else:
                click.echo(f"No ciris_telemetry adapter at {removed.folder}; nothing removed.")
            return
        placed = installer.install(target, copy=copy)
    except installer.InstallError as exc:
        raise _Refused(str(exc)) from exc
    if placed.changed:
        click.echo(f"Installed {placed.folder} ({placed.mode}: {', '.join(placed.changed)}).")
    else:
        click.echo(f"Already installed at {placed.folder} ({placed.mode}); nothing changed.")
    click.echo("Load it with: --adapter ciris_telemetry (or CIRIS_ADAPTER=api,ciris_telemetry)")


@main.command("export")
@click.option(
    "--url",
    default="http://127.0.0.1:8765",
    show_default=True,
    help="The gateway's base URL.",
)
@click.option(
    "--token",
    envvar="CIRIS_TELEMETRY_TOKEN",
    required=True,
    help="API key (or service:<token>); also CIRIS_TELEMETRY_TOKEN.",
)
@click.option("--agent", default=None, help="Agent id; optional when the gateway serves one.")
@click.option("--kind", default=None, help="metrics (default), thoughts, audit, incidents, errors.")
@click.option("--metric", "metrics", multiple=True, help="Repeatable; default every metric.")
@click.option("--since", required=True, help="Range start, ISO 8601 with a UTC offset.")
@click.option("--until", default=None, help="Range end (exclusive); default the agent's now.")
@click.option(
    "--format", "export_format", default=None, help="json (default), jsonl, csv, parquet."
)
@click.option("--compression", default=None, help="none (default), gzip or zstd.")
@click.option("--job", "as_job", is_flag=True, help="Export through a job on the gateway.")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="Where to save the file; - for stdout.",
)
def export(
    url: str,
    token: str,
    agent: str | None,
    kind: str | None,
    metrics: tuple[str, ...],
    since: str,
    until: str | None,
    export_format: str | None,
    compression: str | None,
    as_job: bool,
    output: str,
) -> None:
    """Save a range of an agent's telemetry as a file, with a progress bar on stderr.

    Streams GET /v1/telemetry/export into FILE.part and renames it when complete. A range the
    gateway finds too large to stream (413), or --job, runs as an export job: created,
    polled, then downloaded. Exits 2 when the gateway refuses a parameter, 1 on other errors.
    """
    from .cli_export import ExportQuery, client_for, run_export

    query = ExportQuery(
        since=since,
        until=until,
        kind=kind,
        format=export_format,
        compression=compression,
        agent=agent,
        metrics=metrics,
    )
    with client_for(url, token) as client:
        run_export(client, query, output, as_job=as_job)

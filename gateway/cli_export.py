"""`ciris-telemetry export`: save a gateway export to a file, directly or through an export job.

The direct download streams GET /v1/telemetry/export into `FILE.part` and renames it when the
last byte is in, so an interrupted or refused download never leaves a file that looks whole.
When the gateway answers 413 (the range is too big to stream directly), or when asked, the
export runs as a job on the gateway: it is created, polled until it is done, then downloaded
the same way.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import click
import httpx

from .export.formats import EXPORT_PATH, JOBS_PATH

TOKEN_ENV = "CIRIS_TELEMETRY_TOKEN"
STDOUT = "-"
CHUNK_BYTES = 64 * 1024
POLL_SECONDS = 0.5
# A big range may take the gateway a while between batches; connecting should not.
TIMEOUT = httpx.Timeout(30.0, read=300.0)
# Answers about the parameters given: the caller's input is wrong, not the gateway.
BAD_INPUT_STATUSES = frozenset({400, 404, 422})
DONE, FAILED_STATES = "SUCCEEDED", frozenset({"FAILED", "EXPIRED"})


@dataclass(frozen=True, slots=True)
class ExportQuery:
    """What to export, passed to the gateway as given: the gateway checks every value."""

    since: str
    until: str | None = None
    kind: str | None = None
    format: str | None = None
    compression: str | None = None
    agent: str | None = None
    metrics: tuple[str, ...] = ()

    def _named(self) -> dict[str, str]:
        named = {
            "since": self.since,
            "until": self.until,
            "kind": self.kind,
            "format": self.format,
            "compression": self.compression,
            "agent": self.agent,
        }
        return {k: v for k, v in named.items() if v is not None}

    def params(self) -> list[tuple[str, str | int | float | bool | None]]:
        return [*self._named().items(), *(("metrics", m) for m in self.metrics)]

    def job_body(self) -> dict[str, Any]:
        return {**self._named(), "metrics": list(self.metrics)}


class ExportError(click.ClickException):
    """Printed to stderr as `Error: ...`; exits 1."""


class BadExportInput(ExportError):
    """The gateway refused a parameter given: exits 2, like a usage error."""

    exit_code = 2


def refusal(response: httpx.Response, *, about_input: bool) -> ExportError:
    """The gateway's own message and code, from either error shape it answers with:
    `{"detail": str, "code": str}` or `{"detail": {"code": str, "message": str}}`."""
    try:
        body = response.json()
    except ValueError:
        body = None
    message, code = response.reason_phrase or "refused", None
    if isinstance(body, dict):
        detail = body.get("detail")
        if isinstance(detail, dict):
            message, code = str(detail.get("message", message)), detail.get("code")
        elif detail is not None:
            message, code = str(detail), body.get("code")
    status = response.status_code
    tag = f"{code}, HTTP {status}" if code else f"HTTP {status}"
    bad_input = about_input and status in BAD_INPUT_STATUSES
    return (BadExportInput if bad_input else ExportError)(f"{message} ({tag})")


def _human(size: int | None) -> str | None:
    if size is None:
        return None
    value = float(size)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def _unknown_length() -> Iterator[int]:
    """An iterable without a length: the progress bar shows a count, not a fraction."""
    yield from ()


@contextmanager
def _progress(label: str, total: int | None, *, show: Any = None) -> Iterator[Any]:
    """A click progress bar on stderr (stdout may be carrying the file)."""
    bar = click.progressbar(
        iterable=None if total is not None else _unknown_length(),
        length=total,
        label=label,
        file=sys.stderr,
        item_show_func=show,
        show_pos=show is None,
    )
    with bar:
        yield bar


@contextmanager
def opened_output(target: str) -> Iterator[BinaryIO]:
    """`target` for writing: stdout for "-", else `target.part`, renamed to `target` only
    when the body completed; removed on any failure or interruption."""
    if target == STDOUT:
        out = sys.stdout.buffer
        yield out
        out.flush()
        return
    final = Path(target)
    part = final.with_name(final.name + ".part")
    try:
        with part.open("wb") as out:
            yield out
        os.replace(part, final)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _file_name(response: httpx.Response) -> str:
    disposition = response.headers.get("content-disposition", "")
    _, found, name = disposition.partition('filename="')
    return name.rstrip('"') if found else "export"


def save_body(response: httpx.Response, target: str) -> int:
    """Stream a 2xx response's body into `target` with a bar of bytes received."""
    length = response.headers.get("content-length")
    total = int(length) if length and length.isdigit() else None
    received = 0
    with (
        opened_output(target) as out,
        _progress(f"Downloading {_file_name(response)}", total, show=_human) as bar,
    ):
        for chunk in response.iter_bytes(CHUNK_BYTES):
            out.write(chunk)
            received += len(chunk)
            bar.update(len(chunk), received)
    return received


def _download(client: httpx.Client, path: str, target: str, *, about_input: bool) -> None:
    with client.stream("GET", path) as response:
        if response.is_error:
            response.read()
            raise refusal(response, about_input=about_input)
        save_body(response, target)


def _job(response: httpx.Response) -> dict[str, Any]:
    try:
        job = response.json()["data"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ExportError(f"Unexpected export job answer: {response.text[:200]}") from exc
    if not isinstance(job, dict) or "id" not in job or "state" not in job:
        raise ExportError(f"Unexpected export job answer: {response.text[:200]}")
    return job


def create_job(client: httpx.Client, query: ExportQuery) -> dict[str, Any]:
    response = client.post(JOBS_PATH, json=query.job_body())
    if response.is_error:
        raise refusal(response, about_input=True)
    return _job(response)


def wait_for(client: httpx.Client, job: dict[str, Any], poll_seconds: float) -> dict[str, Any]:
    """Poll the job until it is done, with a bar of rows written (of rows expected, once the
    gateway knows); the finished job. A failed or expired job is an error."""
    job_id = str(job["id"])
    with _progress(f"Export job {job_id}", job.get("rowsExpected")) as bar:
        try:
            while True:
                expected = job.get("rowsExpected")
                if isinstance(expected, int):
                    bar.length = expected
                bar.update(max(0, int(job.get("rowsWritten") or 0) - bar.pos))
                state = job["state"]
                if state == DONE:
                    return job
                if state in FAILED_STATES:
                    reason = job.get("error") or "no reason given"
                    raise ExportError(f"Export job {job_id} {state.lower()}: {reason}")
                time.sleep(poll_seconds)
                response = client.get(f"{JOBS_PATH}/{job_id}")
                if response.is_error:
                    raise refusal(response, about_input=False)
                job = _job(response)
        except KeyboardInterrupt:
            click.echo(
                f"\nExport job {job_id} goes on at the gateway: GET {JOBS_PATH}/{job_id}",
                err=True,
            )
            raise


def export_through_job(
    client: httpx.Client, query: ExportQuery, target: str, poll_seconds: float
) -> None:
    job = wait_for(client, create_job(client, query), poll_seconds)
    path = job.get("downloadPath")
    if not isinstance(path, str) or not path:
        raise ExportError(f"Export job {job['id']} succeeded without a download path.")
    _download(client, path, target, about_input=False)


def run_export(
    client: httpx.Client,
    query: ExportQuery,
    target: str,
    *,
    as_job: bool = False,
    poll_seconds: float = POLL_SECONDS,
) -> None:
    """Download the export into `target`; through a job when asked or when the gateway
    answers that the range is too large to stream directly (413)."""
    try:
        if not as_job:
            with client.stream("GET", EXPORT_PATH, params=query.params()) as response:
                if response.status_code != 413:
                    if response.is_error:
                        response.read()
                        raise refusal(response, about_input=True)
                    save_body(response, target)
                    return
                response.read()
                click.echo(
                    f"{refusal(response, about_input=True).message}; exporting as a job.", err=True
                )
        export_through_job(client, query, target, poll_seconds)
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        raise ExportError(f"The export from {client.base_url} broke off: {reason}") from exc


def client_for(url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT)

"""GET /v1/telemetry/export: a range of one agent's rows as a file, streamed.

Everything is checked before the response starts (its status cannot change afterwards); a
failure while streaming ends the body early, which the client sees as a truncated file. The
compression is the file's own (`.gz`, `.zst`): no Content-Encoding is set, so clients save
what they receive.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from ciris_telemetry.auth import Principal
from ciris_telemetry.resolvers.context import RequestContext
from ciris_telemetry.resolvers.errors import GatewayError

from ..ratelimit.http import caller_of, rate_limited
from ..request_log import note_request
from ..rest.envelope import RequestClock, error_body, status_for_code
from ..security import require_principal
from ..state import GatewayState
from .formats import EXPORT_PATH, JOBS_PATH, content_type
from .jobs_size import expected_rows
from .naming import file_name
from .params import ExportRequest, RawExportParams, export_request, pick_agent
from .sources import open_rows
from .stream import export_chunks

# Rows read, written and (for Parquet) put in one row group at a time.
DEFAULT_BATCH_ROWS = 10_000


async def _too_large(ctx: RequestContext, asked: ExportRequest, state: GatewayState) -> str | None:
    """Why `asked` is too large for one response (more rows than export.sync_max_rows), or
    None: a large export is a job, which survives a dropped connection and can be resumed."""
    if state.export_jobs is None:
        return None
    cap = state.export_jobs.settings.sync_max_rows
    rows = await expected_rows(ctx, asked, cap)
    if rows is None or rows <= cap:
        return None
    return (
        f"This export holds more than {cap:,} rows, the most one response streams; "
        f"create an export job instead: POST {JOBS_PATH} with the same parameters as a JSON "
        "body, then download its file when it SUCCEEDED."
    )


def _note() -> None:
    """Noted before authentication, so refused requests are logged as exports too."""
    note_request(route="rest", operation_name="export")


def export_router(batch_rows: int = DEFAULT_BATCH_ROWS) -> APIRouter:
    router = APIRouter()

    @router.get(
        EXPORT_PATH,
        summary="A range of one agent's metric points, thoughts, audit entries, incidents or "
        "error groups as JSON, JSON lines, CSV or Parquet, optionally gzip or zstd "
        "compressed; streamed.",
        tags=["telemetry"],
        response_class=StreamingResponse,
        dependencies=[Depends(_note), Depends(rate_limited(EXPORT_PATH))],
        responses={
            400: {"description": "A bad parameter: JSON with `code` and `detail`."},
            413: {"description": "EXPORT_TOO_LARGE: over export.sync_max_rows; use a job."},
        },
    )
    async def export(
        request: Request,
        principal: Annotated[Principal, Depends(require_principal)],
        since: Annotated[
            str | None, Query(description="Range start (ISO 8601, zoned), inclusive.")
        ] = None,
        until: Annotated[
            str | None, Query(description="Range end, exclusive; default: the agent's now.")
        ] = None,
        format: Annotated[
            str | None, Query(description="json (default), jsonl, csv or parquet.")
        ] = None,
        compression: Annotated[
            str | None, Query(description="none (default), gzip or zstd.")
        ] = None,
        kind: Annotated[
            str | None,
            Query(description="metrics (default), thoughts, audit, incidents or errors."),
        ] = None,
        metrics: Annotated[
            list[str] | None,
            Query(description="Repeatable, kind=metrics only; default: every stored metric."),
        ] = None,
        agent: Annotated[
            str | None, Query(description="Agent id; optional when the gateway serves one agent.")
        ] = None,
    ) -> Response:
        clock = RequestClock()
        note_request(role=principal.role)
        state: GatewayState = request.app.state.gateway
        raw = RawExportParams(
            format=format,
            compression=compression,
            kind=kind,
            since=since,
            until=until,
            metrics=tuple(metrics or ()),
            agent=agent,
        )
        ctx = state.request_context(principal.role, rate_limit_caller=caller_of(request, principal))
        try:
            asked = await export_request(ctx, pick_agent(state.directory.ids(), agent), raw)
            too_large = await _too_large(ctx, asked, state)
            if too_large is not None:
                return JSONResponse(
                    error_body(413, "EXPORT_TOO_LARGE", too_large, clock),
                    status_code=413,
                    headers={"X-Request-ID": clock.request_id},
                )
            rows = await open_rows(ctx, asked, batch_rows)
        except GatewayError as exc:
            status = status_for_code(exc.code)
            return JSONResponse(
                error_body(status, exc.code, exc.message, clock),
                status_code=status,
                headers={"X-Request-ID": clock.request_id},
            )
        return StreamingResponse(
            export_chunks(rows, asked.format, asked.compression),
            media_type=content_type(asked.format, asked.compression),
            headers={
                "Content-Disposition": f'attachment; filename="{file_name(asked)}"',
                "X-Request-ID": clock.request_id,
            },
        )

    return router

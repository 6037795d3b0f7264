"""Export jobs over REST: POST /v1/telemetry/export/jobs creates one, GET .../jobs/{id}
reports it, GET .../jobs/{id}/download serves its finished file.

A job is seen by its creator and by ADMINs only; to anyone else it does not exist (404).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from ciris_telemetry.auth import Principal
from ciris_telemetry.resolvers.errors import BadUserInputError, GatewayError

from ..audit_log import principal_actor
from ..ratelimit.http import caller_of, rate_limited
from ..request_log import note_request
from ..rest.envelope import RequestClock, envelope, error_body, status_for_code
from ..security import require_principal
from ..state import GatewayState
from .formats import DOWNLOAD_PATH, JOB_PATH, JOBS_PATH, content_type
from .jobs import ExportJobs
from .jobs_api import create_job, visible_job
from .jobs_records import ExportJob, JobState, public_job
from .params import RawExportParams


class ExportJobBody(BaseModel):
    """The GET export's query parameters, as a JSON body (documents the body; see
    `raw_params` for how it is read)."""

    model_config = ConfigDict(extra="forbid")

    format: str | None = None
    compression: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None
    metrics: list[str] = Field(default_factory=list)
    agent: str | None = None


_FIELDS = tuple(ExportJobBody.model_fields)


def raw_params(body: object) -> RawExportParams:
    """The body checked by hand, so every refusal is a 400 BAD_USER_INPUT with a message
    (not a validation dump)."""
    if not isinstance(body, dict):
        raise BadUserInputError(
            f"The body must be a JSON object with some of: {', '.join(_FIELDS)}."
        )
    unknown = [key for key in body if key not in _FIELDS]
    if unknown:
        raise BadUserInputError(f"Unknown field `{unknown[0]}`; use some of: {', '.join(_FIELDS)}.")
    text: dict[str, str | None] = {}
    for name in _FIELDS:
        value = body.get(name)
        if name == "metrics":
            continue
        if value is not None and not isinstance(value, str):
            raise BadUserInputError(f"`{name}` must be a string or null.")
        text[name] = value
    metrics = body.get("metrics") or []
    if not isinstance(metrics, list) or not all(isinstance(m, str) for m in metrics):
        raise BadUserInputError("`metrics` must be a list of strings.")
    return RawExportParams(metrics=tuple(metrics), **text)


async def _json_body(request: Request) -> object:
    try:
        return await request.json()
    except ValueError:
        return None


def _note() -> None:
    note_request(route="rest", operation_name="exportJobs")


def _refusal(status: int, code: str, message: str, clock: RequestClock) -> JSONResponse:
    return JSONResponse(
        error_body(status, code, message, clock),
        status_code=status,
        headers={"X-Request-ID": clock.request_id},
    )


def _gateway_refusal(exc: GatewayError, clock: RequestClock) -> JSONResponse:
    """A gateway error answered with its code's status (503 SOURCE_UNAVAILABLE when the
    gateway store, which holds the jobs, does not answer)."""
    return _refusal(status_for_code(exc.code), exc.code, exc.message, clock)


def _jobs(request: Request) -> tuple[GatewayState, ExportJobs]:
    state: GatewayState = request.app.state.gateway
    assert state.export_jobs is not None, "the app's lifespan builds the export jobs"
    return state, state.export_jobs


async def _callers_job(
    request: Request, job_id: str, principal: Principal
) -> tuple[ExportJobs, ExportJob | None]:
    """The job service and the job `job_id` when `principal` may see it (else None)."""
    note_request(role=principal.role)
    _, jobs = _jobs(request)
    return jobs, await visible_job(jobs, job_id, principal_actor(principal), principal.role)


def _unknown(job_id: str, clock: RequestClock) -> JSONResponse:
    return _refusal(404, "NOT_FOUND", f"No export job with id '{job_id}'.", clock)


def _job_body(job: ExportJob, clock: RequestClock) -> dict[str, Any]:
    return envelope(public_job(job), clock)


def export_job_router() -> APIRouter:
    router = APIRouter(tags=["telemetry"], dependencies=[Depends(_note)])

    @router.post(
        JOBS_PATH,
        status_code=202,
        summary="Start an export as a job: the body takes the parameters of GET "
        "/v1/telemetry/export; the answer is the job, at the Location header.",
        dependencies=[Depends(rate_limited(JOBS_PATH))],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ExportJobBody.model_json_schema()}},
            }
        },
        responses={
            400: {"description": "A bad parameter: JSON with `code` and `detail`."},
            429: {
                "description": "RATE_LIMITED, or EXPORT_JOB_LIMIT: the caller has "
                "export.max_open_jobs_per_caller jobs queued or running."
            },
        },
    )
    async def create(
        request: Request,
        principal: Annotated[Principal, Depends(require_principal)],
    ) -> Response:
        clock = RequestClock()
        note_request(role=principal.role)
        state, jobs = _jobs(request)
        ctx = state.request_context(principal.role, rate_limit_caller=caller_of(request, principal))
        try:
            raw = raw_params(await _json_body(request))
            job = await create_job(
                ctx, jobs, state.directory.ids(), raw, principal_actor(principal)
            )
        except GatewayError as exc:
            return _gateway_refusal(exc, clock)
        return JSONResponse(
            _job_body(job, clock),
            status_code=202,
            headers={"Location": f"{JOBS_PATH}/{job.job_id}", "X-Request-ID": clock.request_id},
        )

    @router.get(
        JOB_PATH,
        summary="An export job: its state, progress and, once done, its download path.",
        dependencies=[Depends(rate_limited(JOB_PATH))],
    )
    async def show(
        request: Request,
        job_id: str,
        principal: Annotated[Principal, Depends(require_principal)],
    ) -> Response:
        clock = RequestClock()
        try:
            _, job = await _callers_job(request, job_id, principal)
        except GatewayError as exc:  # the gateway store does not answer
            return _gateway_refusal(exc, clock)
        if job is None:
            return _unknown(job_id, clock)
        return JSONResponse(_job_body(job, clock), headers={"X-Request-ID": clock.request_id})

    @router.get(
        DOWNLOAD_PATH,
        summary="The file of a finished export job (409 until it is, 410 once expired).",
        response_class=FileResponse,
        dependencies=[Depends(rate_limited(DOWNLOAD_PATH))],
    )
    async def download(
        request: Request,
        job_id: str,
        principal: Annotated[Principal, Depends(require_principal)],
    ) -> Response:
        clock = RequestClock()
        try:
            jobs, job = await _callers_job(request, job_id, principal)
        except GatewayError as exc:  # the gateway store does not answer
            return _gateway_refusal(exc, clock)
        if job is None:
            return _unknown(job_id, clock)
        record = job.record
        if record.state is JobState.EXPIRED:
            return _refusal(
                410, "EXPORT_EXPIRED", f"Export job {job_id} expired; its file was deleted.", clock
            )
        if record.state is JobState.FAILED:
            return _refusal(409, "EXPORT_FAILED", record.error or "The export failed.", clock)
        if record.state is not JobState.SUCCEEDED:
            return _refusal(
                409,
                "EXPORT_NOT_READY",
                f"Export job {job_id} is {record.state.value}; download it once it SUCCEEDED.",
                clock,
            )
        path = jobs.file_of(job)
        if not path.is_file():
            return _refusal(
                404,
                "NOT_FOUND",
                f"The file of export job {job_id} is not on this gateway replica.",
                clock,
            )
        return FileResponse(
            path,
            media_type=content_type(record.format, record.compression),
            filename=record.file_name,
            headers={"X-Request-ID": clock.request_id},
        )

    return router

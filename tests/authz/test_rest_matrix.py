"""Every HTTP route of the app (REST aliases, export and export jobs, Prometheus, GraphQL over
HTTP, probes, API documents) as every caller, against the written table; the table against
`app.routes`; and the ADMIN-only parameters and export columns."""

from __future__ import annotations

import json

from ciris_telemetry.auth import Role

from .callers import VALID_CALLERS, Caller
from .expectations import Need, Outcome, expected
from .matrix_client import MatrixGateway, http_outcome
from .operations import EXPORT_SINCE, TRACEPARENT
from .routes import HTTP_CALLS, WEBSOCKET_ROUTES, mounted_routes


def test_the_table_lists_every_route_of_the_app(matrix_gateway: MatrixGateway) -> None:
    listed = {call.route for call in HTTP_CALLS} | WEBSOCKET_ROUTES
    assert mounted_routes(matrix_gateway.app.routes) == listed


async def test_every_route_answers_each_caller_as_the_table_says(
    matrix_gateway: MatrixGateway,
) -> None:
    # Something for the trace alias to find, and a finished export job of each caller.
    seeded = await matrix_gateway.call(
        Caller.ADMIN, "GET", "/v1/telemetry/llm/usage", headers={"traceparent": TRACEPARENT}
    )
    assert seeded.status_code == 200
    jobs: dict[Caller, str] = {c: await matrix_gateway.finished_job(c) for c in VALID_CALLERS}
    jobs[Caller.NOBODY] = jobs[Caller.UNKNOWN_KEY] = jobs[Caller.ADMIN]
    mismatches = []
    for call in HTTP_CALLS:
        for caller in Caller:
            response = await matrix_gateway.call(
                caller, call.method, call.url(jobs[caller]), body=call.body, headers=call.headers
            )
            got = http_outcome(response, call.ok_status)
            want = expected(call.need, caller)
            if got != want:
                mismatches.append(f"{call.method} {call.url('<job>')} as {caller}: {want}, {got}")
    assert mismatches == []


async def test_a_refused_route_says_why_in_the_gateway_error_shape(
    matrix_gateway: MatrixGateway,
) -> None:
    nobody = await matrix_gateway.call(Caller.NOBODY, "GET", "/v1/telemetry/llm/usage")
    assert nobody.status_code == 401
    assert nobody.headers["WWW-Authenticate"] == 'Bearer realm="ciris-telemetry"'
    assert nobody.json() == {
        "detail": "Send `Authorization: Bearer <api key>` or `Bearer service:<token>`.",
        "code": "UNAUTHENTICATED",
    }
    unknown = await matrix_gateway.call(Caller.UNKNOWN_KEY, "GET", "/metrics")
    assert unknown.json() == {"detail": "invalid API key", "code": "UNAUTHENTICATED"}


async def test_admin_only_alias_parameters_are_403_below_admin(
    matrix_gateway: MatrixGateway,
) -> None:
    """`include_content` and `include_stack_trace` refuse OBSERVER outright (403), and give
    every ADMIN-level caller the text."""
    cases = {
        "/v1/visibility/thoughts?include_content=true&first=3": "content",
        "/v1/telemetry/errors?include_stack_trace=true&first=3": "stackTrace",
    }
    for url, field in cases.items():
        for caller in VALID_CALLERS:
            response = await matrix_gateway.call(caller, "GET", url)
            assert http_outcome(response, 200) == expected(Need.ADMIN, caller), (url, caller)
            body = response.json()
            if caller is Caller.OBSERVER:
                assert body["code"] == "FORBIDDEN"
                assert "requires role ADMIN; this credential has OBSERVER" in body["detail"]
            else:
                nodes = body["data"]["nodes"]
                assert nodes, url
                assert all(isinstance(n[field], str) and n[field] for n in nodes), (url, caller)


async def test_export_blanks_thought_content_and_stack_traces_below_admin(
    matrix_gateway: MatrixGateway,
) -> None:
    """The export is allowed to OBSERVER, with the ADMIN-only columns redacted (README)."""
    columns = {"thoughts": "content", "errors": "stack_trace"}
    for kind, column in columns.items():
        url = f"/v1/telemetry/export?kind={kind}&since={EXPORT_SINCE}&format=json"
        rows = {}
        for caller in VALID_CALLERS:
            response = await matrix_gateway.call(caller, "GET", url)
            assert response.status_code == 200, response.text
            rows[caller] = json.loads(response.content)
        assert rows[Caller.OBSERVER], kind
        for caller, found in rows.items():
            values = [row[column] for row in found]
            assert len(found) == len(rows[Caller.ADMIN]), (kind, caller)
            if expected(Need.ADMIN, caller) is Outcome.ALLOWED:
                assert any(values), (kind, caller)
            else:
                assert not any(values), (kind, values)


async def test_an_export_job_is_seen_by_its_creator_and_admins_only(
    matrix_gateway: MatrixGateway,
) -> None:
    job_id = await matrix_gateway.finished_job(Caller.OBSERVER)
    other = await matrix_gateway.app.state.key_service.create(Role.OBSERVER, "authz-other")
    seen = {}
    for caller in VALID_CALLERS:
        response = await matrix_gateway.call(caller, "GET", f"/v1/telemetry/export/jobs/{job_id}")
        seen[caller] = response.status_code
    stranger = await matrix_gateway.client.get(
        f"/v1/telemetry/export/jobs/{job_id}", headers={"Authorization": f"Bearer {other[1]}"}
    )
    assert seen == {caller: 200 for caller in VALID_CALLERS}
    assert stranger.status_code == 404
    assert stranger.json()["code"] == "NOT_FOUND"
    query = "query ($id: ID!) { exportJob(id: $id) { id } }"
    graphql = await matrix_gateway.client.post(
        "/graphql",
        json={"query": query, "variables": {"id": job_id}},
        headers={"Authorization": f"Bearer {other[1]}"},
    )
    assert graphql.json() == {"data": {"exportJob": None}}
    for caller in VALID_CALLERS:
        data = await matrix_gateway.data(caller, query, {"id": job_id})
        assert data == {"exportJob": {"id": job_id}}

"""Metric point exports over the stepped reference agent: every format and compression reads
back to exactly the raw points `Agent.history` answers for the same range."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from support.gateway_harness import AGENT_ID, START, Gateway

from .readback import decompressed, export, metric_rows, parquet_table

FORMATS = ["json", "jsonl", "csv", "parquet"]
COMPRESSIONS = ["none", "gzip", "zstd"]
METRIC = "llm.tokens.total"
HISTORY = """
query H($agent: ID!, $metric: String!, $since: DateTime!, $until: DateTime) {
  agent(id: $agent) {
    history(metric: $metric, since: $since, until: $until) {
      complete points { nodeId at value labels }
    }
  }
}
"""


async def history_rows(
    gateway: Gateway, metric: str, since: str, until: str
) -> list[dict[str, Any]]:
    data = await gateway.data(
        HISTORY, {"agent": AGENT_ID, "metric": metric, "since": since, "until": until}
    )
    found = data["agent"]["history"]
    assert found["complete"] is True
    return [
        {"metric": metric, "node_id": p["nodeId"], "time": p["at"], "value": p["value"]}
        | {"tags": p["labels"]}
        for p in found["points"]
    ]


async def point_times(gateway: Gateway, metric: str) -> list[str]:
    """Every point time of `metric` over the agent's whole half hour, oldest first."""
    whole = await history_rows(gateway, metric, START.isoformat(), "2026-01-01T01:00:00+00:00")
    return [row["time"] for row in whole]


@pytest.mark.parametrize("compression", COMPRESSIONS)
@pytest.mark.parametrize("export_format", FORMATS)
async def test_export_reads_back_as_the_history_points_exact_at_the_edges(
    gateway: Gateway, export_format: str, compression: str
) -> None:
    times = await point_times(gateway, METRIC)
    assert len(times) == 75
    # A point exactly at `since` is in, a point exactly at `until` is out.
    since, until = times[10], times[60]
    expected = await history_rows(gateway, METRIC, since, until)
    assert [r["time"] for r in expected] == times[10:60]

    response = await export(
        gateway,
        metrics=METRIC,
        since=since,
        until=until,
        format=export_format,
        compression=compression,
    )

    assert response.status_code == 200, response.text
    assert "content-encoding" not in response.headers
    data = decompressed(response.content, compression)
    assert metric_rows(data, export_format) == expected


async def test_every_metric_asked_is_exported_in_the_order_asked(gateway: Gateway) -> None:
    since, until = START.isoformat(), "2026-01-01T00:30:00+00:00"
    first = await history_rows(gateway, "llm.latency.ms", since, until)
    second = await history_rows(gateway, "handler_invoked_tool", since, until)

    response = await export(
        gateway,
        metrics=["llm.latency.ms", "handler_invoked_tool", "llm.latency.ms"],
        since=since,
        until=until,
        format="jsonl",
    )

    assert response.status_code == 200, response.text
    assert metric_rows(response.content, "jsonl") == first + second
    assert (len(first), len(second)) == (75, 3)


@pytest.mark.parametrize(
    ("export_format", "compression", "content_type", "file_name"),
    [
        ("json", "none", "application/json", "ally-metrics-{}.json"),
        ("jsonl", "gzip", "application/gzip", "ally-metrics-{}.jsonl.gz"),
        ("csv", "none", "text/csv; charset=utf-8", "ally-metrics-{}.csv"),
        ("parquet", "none", "application/vnd.apache.parquet", "ally-metrics-{}.parquet"),
        ("parquet", "zstd", "application/zstd", "ally-metrics-{}.parquet.zst"),
    ],
)
async def test_headers_name_the_file_and_its_type_without_a_content_encoding(
    gateway: Gateway, export_format: str, compression: str, content_type: str, file_name: str
) -> None:
    response = await export(
        gateway,
        metrics=METRIC,
        since="2026-01-01T00:00:00Z",
        until="2026-01-01T00:10:00.5Z",
        format=export_format,
        compression=compression,
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == content_type
    name = file_name.format("20260101T000000Z-20260101T001000.500000Z")
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert "content-encoding" not in response.headers


async def test_until_defaults_to_the_agents_now_and_metrics_to_every_stored_one(
    gateway: Gateway,
) -> None:
    response = await export(gateway, since=START.isoformat(), format="csv")

    assert response.status_code == 200, response.text
    name = "ally-metrics-20260101T000000Z-20260101T003000Z.csv"
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    member = gateway.fleet.get(AGENT_ID)
    assert member is not None
    names = await member.store.metric_names()
    assert len(names) == 27
    now = "2026-01-01T00:30:00+00:00"
    expected = [
        row for name in names for row in await history_rows(gateway, name, START.isoformat(), now)
    ]
    assert metric_rows(response.content, "csv") == expected


async def test_parquet_columns_are_typed(gateway: Gateway) -> None:
    response = await export(
        gateway,
        metrics=METRIC,
        since=START.isoformat(),
        until="2026-01-01T01:00:00Z",
        format="parquet",
    )

    table = parquet_table(response.content)
    assert [(f.name, str(f.type), f.nullable) for f in table.schema][:4] == [
        ("metric", "string", False),
        ("node_id", "string", False),
        ("time", "timestamp[us, tz=UTC]", False),
        ("value", "double", False),
    ]
    tags = table.schema.field("tags")
    assert (tags.name, tags.nullable, pa.types.is_map(tags.type)) == ("tags", False, True)
    assert (str(tags.type.key_type), str(tags.type.item_type)) == ("string", "string")
    assert table.schema.names == ["metric", "node_id", "time", "value", "tags"]
    assert table.num_rows == 75


async def test_an_empty_range_is_a_file_without_rows(gateway: Gateway) -> None:
    common: dict[str, Any] = {
        "metrics": METRIC,
        "since": "2026-02-01T00:00:00Z",
        "until": "2026-02-02T00:00:00Z",
    }
    answers = {f: await export(gateway, format=f, **common) for f in FORMATS}

    assert answers["json"].content == b"[]"
    assert answers["jsonl"].content == b""
    assert answers["csv"].content == b"metric,node_id,time,value,tags\r\n"
    assert parquet_table(answers["parquet"].content).num_rows == 0

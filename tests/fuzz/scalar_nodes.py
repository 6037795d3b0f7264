"""Literal strategies for the schema's custom scalars: valid values, or valid and invalid ones.

hypothesis-graphql only knows the built-in scalars; for DateTime, Date and JSON it needs
strategies of GraphQL value nodes. Invalid ones (wrong shapes, impossible dates, other literal
kinds) must be refused with a coded error, never reach a resolver as garbage.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import graphql
from hypothesis import strategies as st

# Around the reference agent's simulated start (2026-01-01), so some ranges hold data.
_EARLIEST = datetime(2025, 12, 1)
_LATEST = datetime(2026, 2, 1)
_GRAPHQL_NAME = r"\A[_A-Za-z][_0-9A-Za-z]{0,11}\Z"


def _string(value: str) -> graphql.StringValueNode:
    return graphql.StringValueNode(value=value)


_offsets = st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]
)
_aware_datetimes = st.datetimes(min_value=_EARLIEST, max_value=_LATEST, timezones=_offsets)
_dates = st.dates(min_value=_EARLIEST.date(), max_value=_LATEST.date())

# Strings that look like a time or a date but are not one (or lack what the gateway needs).
_bad_temporal_strings = st.sampled_from(
    [
        "",
        "now",
        "2026-01-01",
        "2026-01-01T00:00:00",
        "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00+00:00",
        "2026-01-01T25:61:00Z",
        "0000-00-00T00:00:00Z",
        "9999-12-31T23:59:59.999999+23:59",
        "-2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z\x00",
        "2026-W01",
        "1e309",
    ]
)
_other_literals: st.SearchStrategy[graphql.ValueNode] = st.one_of(
    st.integers(-(2**40), 2**40).map(lambda n: graphql.IntValueNode(value=str(n))),
    st.floats(allow_nan=False, allow_infinity=False).map(
        lambda x: graphql.FloatValueNode(value=repr(x))
    ),
    st.booleans().map(lambda b: graphql.BooleanValueNode(value=b)),
    st.text(max_size=12).map(_string),
)


def _or_invalid(
    valid: st.SearchStrategy[graphql.ValueNode], *, invalid: bool
) -> st.SearchStrategy[graphql.ValueNode]:
    if not invalid:
        return valid
    wrong = st.one_of(_bad_temporal_strings.map(_string), _other_literals)
    return st.one_of(valid, wrong)


def datetime_nodes(*, invalid: bool) -> st.SearchStrategy[graphql.ValueNode]:
    return _or_invalid(_aware_datetimes.map(lambda d: _string(d.isoformat())), invalid=invalid)


def date_nodes(*, invalid: bool) -> st.SearchStrategy[graphql.ValueNode]:
    return _or_invalid(_dates.map(lambda d: _string(date.isoformat(d))), invalid=invalid)


def json_nodes() -> st.SearchStrategy[graphql.ValueNode]:
    """Any JSON literal, nested; JSON accepts them all, so every one is a valid value."""
    leaves: st.SearchStrategy[graphql.ValueNode] = st.one_of(
        st.just(graphql.NullValueNode()), _other_literals
    )

    def nested(
        children: st.SearchStrategy[graphql.ValueNode],
    ) -> st.SearchStrategy[graphql.ValueNode]:
        fields = st.dictionaries(st.from_regex(_GRAPHQL_NAME), children, max_size=3)
        return st.one_of(
            st.lists(children, max_size=3).map(lambda v: graphql.ListValueNode(values=tuple(v))),
            fields.map(
                lambda f: graphql.ObjectValueNode(
                    fields=tuple(
                        graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=v)
                        for k, v in f.items()
                    )
                )
            ),
        )

    return st.recursive(leaves, nested, max_leaves=8)


def custom_scalars(*, invalid: bool) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Valid values only, or valid and invalid ones alike (`invalid`)."""
    return {
        "DateTime": datetime_nodes(invalid=invalid),
        "Date": date_nodes(invalid=invalid),
        "JSON": json_nodes(),
    }

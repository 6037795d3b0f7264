"""Agent entries of each source kind: what each needs, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from ciris_telemetry.cli import _flag_agents, _named
from ciris_telemetry.config import ConfigError, Settings


def test_each_source_kind_loads_from_toml(tmp_path: Path) -> None:
    config = tmp_path / "fleet.toml"
    config.write_text(
        """
[[agents]]
id = "datum"
source = "remote"
base_url = "http://10.0.0.5:8080"
token = "s3cret"
timeout_seconds = 3
cache_seconds = 0

[[agents]]
id = "archive"
source = "store"
database = "postgresql://reader@db:5432/ciris"

[[agents]]
id = "sim"
seed = 4
"""
    )
    settings = Settings.load(config)
    datum, archive, sim = settings.agents
    assert (datum.source, datum.base_url, datum.timeout_seconds, datum.cache_seconds) == (
        "remote",
        "http://10.0.0.5:8080",
        3.0,
        0.0,
    )
    assert datum.token is not None and datum.token.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(settings)
    assert (archive.source, archive.database) == ("store", "postgresql://reader@db:5432/ciris")
    assert (sim.source, sim.seed) == ("reference", 4)


@pytest.mark.parametrize(
    ("agent", "problem"),
    [
        ({"id": "a", "source": "remote"}, "needs base_url"),
        ({"id": "a", "source": "remote", "base_url": "ftp://x"}, "needs base_url"),
        ({"id": "a", "source": "store"}, "needs database"),
        ({"id": "a", "base_url": "http://x"}, "remote agents only"),
        (
            {"id": "a", "source": "remote", "base_url": "http://x", "database": "/x.db"},
            "store agents only",
        ),
        (
            {"id": "a", "source": "remote", "base_url": "http://x", "timeout_seconds": 0},
            "timeout_seconds",
        ),
        ({"id": "a", "source": "carrier-pigeon"}, "source"),
    ],
)
def test_misfit_agent_entries_are_refused(agent: dict[str, object], problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.load(None, agents=[agent])
    assert problem in str(caught.value)


def test_serve_flags_name_their_agents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIRIS_TELEMETRY_REMOTE_TOKEN", "tok")
    assert _named("sage=http://h:8080", "x") == ("sage", "http://h:8080")
    assert _named("http://h:8080/a=b", "x") == ("x", "http://h:8080/a=b")
    assert _named("/var/db.sqlite", "agent") == ("agent", "/var/db.sqlite")
    agents = _flag_agents(("http://a:1", "b=http://b:2"), ("/x.db", "pg=postgresql://h/db"))
    assert agents == [
        {"id": "remote-1", "source": "remote", "base_url": "http://a:1", "token": "tok"},
        {"id": "b", "source": "remote", "base_url": "http://b:2", "token": "tok"},
        {"id": "agent", "source": "store", "database": "/x.db"},
        {"id": "pg", "source": "store", "database": "postgresql://h/db"},
    ]
    settings = Settings.load(None, agents=agents)
    assert [a.id for a in settings.agents] == ["remote-1", "b", "agent", "pg"]

"""The gateway loaded inside a CIRIS agent, as the adapter `ciris_telemetry`.

`ciris-telemetry install-ciris-adapter` makes it importable as `ciris_adapters.ciris_telemetry`,
where the agent looks for adapters; `--adapter ciris_telemetry` then loads it.
"""

from .adapter import STOP_DEADLINE_SECONDS, Adapter, AdapterStartError
from .settings import AdapterConfigError, AdapterSettings

__all__ = [
    "STOP_DEADLINE_SECONDS",
    "Adapter",
    "AdapterConfigError",
    "AdapterSettings",
    "AdapterStartError",
]

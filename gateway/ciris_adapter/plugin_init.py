"""ciris_adapters.ciris_telemetry, placed by `ciris-telemetry install-ciris-adapter`.

The adapter lives in the installed ciris-telemetry-gateway distribution; this package only
puts it where the agent loads adapters from.
"""

from ciris_telemetry.ciris_adapter import Adapter

__all__ = ["Adapter"]

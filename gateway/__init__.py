"""ciris-telemetry-gateway: one typed GraphQL API over the telemetry of CIRIS agents."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ciris-telemetry-gateway")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

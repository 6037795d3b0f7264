"""Prometheus exposition of the fleet's telemetry and of the gateway itself."""

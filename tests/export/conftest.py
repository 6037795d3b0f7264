"""Fixtures of the export tests: see support/gateway_harness.py."""

from support.gateway_harness import gateway, reference_agent

__all__ = ["gateway", "reference_agent"]

"""Hourly and daily metric aggregates with lineage, computed by a job into the gateway store."""

"""Service health sampled into the gateway store: history of state changes and availability."""

"""Collectors of what the agent does not record itself."""

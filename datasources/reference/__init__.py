"""The embedded reference agent: a deterministic simulation of a CIRIS agent."""

from .agent import REFERENCE_CODENAME, REFERENCE_VERSION, ReferenceAgent
from .audit import AuditChainError, SigningIdentity, verify_chain
from .stats import BreakerTransition, SimulationStats

__all__ = [
    "REFERENCE_CODENAME",
    "REFERENCE_VERSION",
    "AuditChainError",
    "BreakerTransition",
    "ReferenceAgent",
    "SigningIdentity",
    "SimulationStats",
    "verify_chain",
]

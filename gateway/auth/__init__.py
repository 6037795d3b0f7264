"""API-key and service-token authentication with CIRIS's roles."""

from .authenticator import SERVICE_PREFIX, Authenticator
from .bootstrap import BOOTSTRAP_KEY_NAME, ensure_bootstrap_admin_key
from .errors import AuthenticationError, AuthError, AuthorizationError
from .keys import API_KEY_NODE_TYPE, KEY_PREFIX
from .principal import Principal, PrincipalKind, require_role
from .records import ApiKeyInfo, ApiKeyRecordError
from .roles import ROLE_LEVELS, Role, role_satisfies
from .service import ApiKeyService, KeyCheck, KeyRejection, UnknownApiKeyError

__all__ = [
    "API_KEY_NODE_TYPE",
    "BOOTSTRAP_KEY_NAME",
    "KEY_PREFIX",
    "ROLE_LEVELS",
    "SERVICE_PREFIX",
    "ApiKeyInfo",
    "ApiKeyRecordError",
    "ApiKeyService",
    "AuthError",
    "AuthenticationError",
    "Authenticator",
    "AuthorizationError",
    "KeyCheck",
    "KeyRejection",
    "Principal",
    "PrincipalKind",
    "Role",
    "UnknownApiKeyError",
    "ensure_bootstrap_admin_key",
    "require_role",
    "role_satisfies",
]

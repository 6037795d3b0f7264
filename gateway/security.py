"""Turn the Authorization header into a principal, or refuse the request."""

from __future__ import annotations

from fastapi import HTTPException
from starlette.requests import HTTPConnection

from ciris_telemetry.auth import AuthenticationError, Principal
from ciris_telemetry.store import StoreUnavailableError

from .state import GatewayState

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="ciris-telemetry"'}


async def principal_or_none(request: HTTPConnection) -> Principal | None:
    """The caller, None when no credentials were sent; 401 for bad credentials; 503 when an
    API key must be looked up and the gateway store does not answer (the key may be valid,
    so it is not refused as unknown)."""
    state: GatewayState = request.app.state.gateway
    try:
        return await state.authenticator.authenticate(request.headers.get("authorization"))
    except AuthenticationError as exc:
        raise HTTPException(
            status_code=401, detail={"code": exc.code, "message": str(exc)}, headers=CHALLENGE
        ) from exc
    except StoreUnavailableError as exc:
        raise HTTPException(
            status_code=503,
            detail={"code": exc.code, "message": f"Cannot check the API key: {exc.message}"},
        ) from exc


async def require_principal(request: HTTPConnection) -> Principal:
    principal = await principal_or_none(request)
    if principal is None:
        raise HTTPException(
            status_code=401,
            detail={
                "code": "UNAUTHENTICATED",
                "message": "Send `Authorization: Bearer <api key>` or `Bearer service:<token>`.",
            },
            headers=CHALLENGE,
        )
    return principal

"""Who may write through the API: the bearer token of ``VEILLE_TOKEN``.

The API's write routes and the alerts' routes (:mod:`veille.alerts.api`)
both check it here.
"""

from __future__ import annotations

import hmac

from starlette.requests import Request

from veille.errors import ApiError


def authorise(request: Request, token: str | None) -> None:
    """Let a write through only with the server's bearer token; raise :class:`ApiError` else.

    With no token set the server is read-only (403 ``E-WRITE-DISABLED``); a
    missing or wrong token is a 401 ``E-UNAUTHORIZED``.
    """
    if not token:
        raise ApiError(
            403,
            "writes are disabled on this server: set VEILLE_TOKEN to a long random secret "
            "and restart `veille serve`, then send it as `Authorization: Bearer <token>`",
            code="E-WRITE-DISABLED",
        )
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    # compare_digest takes the same time wherever the strings differ, so the
    # token cannot be guessed one character at a time from response times.
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise ApiError(
            401,
            "missing or wrong token: send `Authorization: Bearer <VEILLE_TOKEN>`",
            code="E-UNAUTHORIZED",
        )

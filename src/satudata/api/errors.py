"""The one place that maps domain errors to HTTP status codes and the one error shape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from satudata.errors import (
    ConflictError,
    IngestError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    SatudataError,
)

STATUS = {
    NotFoundError: 404,
    ConflictError: 409,
    InvalidInputError: 400,
    IngestError: 422,
    PermissionDeniedError: 403,
}


def status_of(error: SatudataError) -> int:
    """Return the HTTP status of a domain error."""
    if error.type == "file-too-large":
        return 413
    if error.type in ("invalid-token", "invalid-credentials"):
        return 401
    if error.type == "too-many-attempts":
        return 429
    return next((code for cls, code in STATUS.items() if isinstance(error, cls)), 400)


def error_body(type_: str, message: str, message_en: str, **details: object) -> dict[str, object]:
    """Return the error shape used everywhere: {"error": {type, message, message_en, details}}."""
    body: dict[str, object] = {"type": type_, "message": message, "message_en": message_en}
    if details:
        body["details"] = details
    return {"error": body}


def _invalid_request(errors: Sequence[Any]) -> JSONResponse:
    problems = [
        {"location": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in errors
    ]
    first = problems[0] if problems else {"location": "", "message": ""}
    body = error_body(
        "invalid-request",
        f"Permintaan tidak sah: {first['location']}: {first['message']}.",
        f"Invalid request: {first['location']}: {first['message']}.",
        problems=problems,
    )
    return JSONResponse(body, status_code=422)


HTTP_MESSAGES = {404: ("Alamat tidak ditemukan.", "Not found."),
                 405: ("Metode tidak diizinkan.", "Method not allowed.")}  # fmt: skip


def domain_error_response(exc: SatudataError) -> JSONResponse:
    """Return the JSON response of a domain error."""
    return JSONResponse({"error": exc.as_dict()}, status_code=status_of(exc))


def http_error_response(exc: StarletteHTTPException) -> JSONResponse:
    """Return the JSON response of an HTTP error (unknown path, wrong method)."""
    msg_id, msg_en = HTTP_MESSAGES.get(exc.status_code, (str(exc.detail), str(exc.detail)))
    return JSONResponse(error_body(f"http-{exc.status_code}", msg_id, msg_en),
                        status_code=exc.status_code)  # fmt: skip


def request_error_response(exc: RequestValidationError | ValidationError) -> JSONResponse:
    """Return the JSON response of a request the schema refused."""
    return _invalid_request(exc.errors())


def install_error_handlers(app: FastAPI) -> None:
    """Register handlers so every error leaves in the one shape."""

    @app.exception_handler(SatudataError)
    async def _domain(_: Request, exc: SatudataError) -> JSONResponse:
        return domain_error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return request_error_response(exc)

    # A value the request carried but a service's model refused (an upload's new slug or
    # title): the client's fault, so 422 in the same shape rather than a 500.
    @app.exception_handler(ValidationError)
    async def _model_validation(_: Request, exc: ValidationError) -> JSONResponse:
        return request_error_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return http_error_response(exc)

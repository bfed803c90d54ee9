"""Errors on pages: the same domain errors as the API, shown as a page in the visitor's language.

Paths under /api (and the OpenAPI docs) keep the API's JSON shape. A page that needs a
signed-in user sends an anonymous visitor to the sign-in page and back afterwards.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from satudata.api.deps import SESSION_COOKIE
from satudata.api.errors import (
    HTTP_MESSAGES,
    domain_error_response,
    http_error_response,
    request_error_response,
    status_of,
)
from satudata.auth.actor import ANONYMOUS
from satudata.db.session import session_scope
from satudata.errors import PermissionDeniedError, SatudataError
from satudata.people.sessions import actor_for_session
from satudata.web.i18n import LANGUAGE_COOKIE, pick_language
from satudata.web.page import Page

JSON_PREFIXES = ("/api/", "/docs", "/openapi.json", "/redoc", "/static/")


def wants_json(request: Request) -> bool:
    """Does this request get the API's JSON errors rather than an error page?"""
    return request.url.path.startswith(JSON_PREFIXES)


def _page(request: Request) -> Page:
    """Build a page for an error: the visitor as far as the cookie tells, no CSRF check."""
    actor, csrf = ANONYMOUS, None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        try:
            with session_scope(request.app.state.runtime.sessions) as session:
                found = actor_for_session(session, cookie)
            if found:
                actor, csrf = found
        except Exception:
            pass
    lang = pick_language(request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE))
    return Page(request=request, actor=actor, csrf_token=csrf, lang=lang)


def error_page(request: Request, status: int, message: str, message_en: str) -> Response:
    """Render the error page."""
    page = _page(request)
    text = message_en if page.lang == "en" else message
    return page.render("error.html", {"status": status, "message": text},
                       status_code=status)  # fmt: skip


def install_page_errors(app: FastAPI) -> None:
    """Show errors of page routes as pages (after the API's handlers are installed)."""

    @app.exception_handler(SatudataError)
    async def _domain(request: Request, exc: SatudataError) -> Response:
        if wants_json(request):
            return domain_error_response(exc)
        if isinstance(exc, PermissionDeniedError) and _page(request).actor.kind == "anonymous":
            here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/masuk?next={quote(here, safe='')}", status_code=303)
        return error_page(request, status_of(exc), exc.message_id, exc.message_en)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return http_error_response(exc)
        msg_id, msg_en = HTTP_MESSAGES.get(exc.status_code, (str(exc.detail), str(exc.detail)))
        return error_page(request, exc.status_code, msg_id, msg_en)

    @app.exception_handler(RequestValidationError)
    async def _request(request: Request, exc: RequestValidationError) -> Response:
        if wants_json(request):
            return request_error_response(exc)
        return _form_error(request, exc)

    @app.exception_handler(ValidationError)
    async def _model(request: Request, exc: ValidationError) -> Response:
        if wants_json(request):
            return request_error_response(exc)
        return _form_error(request, exc)


def _form_error(request: Request, exc: RequestValidationError | ValidationError) -> Response:
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": ""}
    where = ".".join(str(p) for p in first["loc"])
    return error_page(request, 422, f"Isian tidak sah: {where}: {first['msg']}.",
                      f"Invalid input: {where}: {first['msg']}.")  # fmt: skip

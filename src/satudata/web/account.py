"""Sign in, sign out and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from satudata.api.deps import SESSION_COOKIE, SessionDep
from satudata.api.errors import status_of
from satudata.errors import SatudataError
from satudata.people import service
from satudata.people.sessions import SESSION_LIFETIME, end_session, start_session
from satudata.web.i18n import LANGUAGE_COOKIE, LANGUAGES
from satudata.web.page import PageDep

router = APIRouter(include_in_schema=False)

RULES = {
    ("GET", "/masuk"): "anyone",
    ("POST", "/masuk"): "credentials",
    ("POST", "/keluar"): "anyone",
    ("GET", "/bahasa/{lang}"): "anyone",
}


def local_path(target: str | None, default: str = "/") -> str:
    """Return `target` if it is a path of this site (no open redirect), else `default`."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default


@router.get("/masuk", response_class=HTMLResponse)
def login_form(page: PageDep, next: str = "/") -> Response:
    """The sign-in form."""
    return page.render("account/login.html", {"next": local_path(next), "email": ""})


@router.post("/masuk", response_class=HTMLResponse)
def login(page: PageDep, session: SessionDep, email: Annotated[str, Form()],
          password: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:  # fmt: skip
    """Check the e-mail and password; on success start a session and go on."""
    target = local_path(next)
    try:
        actor = service.authenticate(session, email, password)
    except SatudataError as exc:
        return page.render("account/login.html", {
            "next": target, "email": email, "error": page.message(exc)},
            status_code=status_of(exc))  # fmt: skip
    secret, _ = start_session(session, actor)
    response = page.redirect(target)
    response.set_cookie(SESSION_COOKIE, secret, max_age=int(SESSION_LIFETIME.total_seconds()),
                        path="/", httponly=True, samesite="lax",
                        secure=page.request.url.scheme == "https")  # fmt: skip
    return response


@router.post("/keluar")
def logout(page: PageDep, session: SessionDep) -> Response:
    """Sign out this browser."""
    cookie = page.request.cookies.get(SESSION_COOKIE)
    if cookie:
        end_session(session, cookie)
    response = page.redirect("/", notice=page.gettext("Anda sudah keluar."))
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


@router.get("/bahasa/{lang}")
def switch_language(lang: str, next: str = "/") -> Response:
    """Switch the page language and go back."""
    response = RedirectResponse(local_path(next), status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 86400, path="/", samesite="lax")
    return response

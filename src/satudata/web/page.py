"""The request's page: who asks, in which language, and how a template is rendered.

Every web route takes `PageDep`. It resolves the actor like the API does, but a form
post carries its CSRF token in the hidden field `csrf_token` (the API: a header). Pages
render through `Page.render`, which adds what every template needs: the actor, the
translation functions, the CSRF token, the navigation and a one-time notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from satudata.api.deps import CSRF_HEADER, UNSAFE_METHODS, RuntimeDep, actor_and_csrf
from satudata.auth.actor import Actor
from satudata.auth.policy import can_read_board, can_use_desk, can_use_workspace
from satudata.errors import SatudataError
from satudata.web.i18n import (
    LANGUAGE_COOKIE,
    LANGUAGES,
    N_,
    gettext_functions,
    pick_language,
)

TEMPLATES_DIR = Path(__file__).parent / "templates"
NOTICE_COOKIE = "satudata_notice"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class NavItem:
    """A link of the top navigation."""

    href: str
    label: str


def navigation(actor: Actor) -> list[NavItem]:
    """Return the links this actor's navigation shows."""
    items = [NavItem("/", N_("Beranda")), NavItem("/cari", N_("Cari data")),
             NavItem("/opd", N_("Perangkat daerah"))]  # fmt: skip
    if can_use_workspace(actor):
        items.append(NavItem("/saya", N_("Data Saya")))
    if can_use_desk(actor):
        items.append(NavItem("/walidata", N_("Meja Walidata")))
    if can_read_board(actor):
        items.append(NavItem("/kepatuhan", N_("Kepatuhan")))
    items.append(NavItem("/docs", N_("API")))
    return items


@dataclass
class Page:
    """One request's page context."""

    request: Request
    actor: Actor
    csrf_token: str | None
    lang: str

    def gettext(self, message: str, **variables: Any) -> str:
        """Translate a message into the page's language."""
        return gettext_functions(self.lang)["_"](message, **variables)

    def message(self, error: SatudataError) -> str:
        """Return a domain error's message in the page's language."""
        return error.message_en if self.lang == "en" else error.message_id

    def context(self, values: dict[str, Any] | None = None) -> dict[str, Any]:
        """Return a template context with what every page needs."""
        request = self.request
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        base = {
            "actor": self.actor, "signed_in": self.actor.kind == "user",
            "csrf_token": self.csrf_token or "", "lang": self.lang, "languages": LANGUAGES,
            "nav": navigation(self.actor), "path": request.url.path, "here": here,
            "here_quoted": quote(here, safe=""),
            "notice": unquote(request.cookies.get(NOTICE_COOKIE, "")),
            **gettext_functions(self.lang),
        }  # fmt: skip
        return {**base, **(values or {})}

    def render(self, template: str, values: dict[str, Any] | None = None, *,
               status_code: int = 200) -> HTMLResponse:  # fmt: skip
        """Render a template with the page context."""
        response = templates.TemplateResponse(self.request, template, self.context(values),
                                              status_code=status_code)  # fmt: skip
        if self.request.cookies.get(NOTICE_COOKIE):
            response.delete_cookie(NOTICE_COOKIE, path="/")
        if self.request.query_params.get("lang") in LANGUAGES:
            response.set_cookie(LANGUAGE_COOKIE, self.lang, max_age=365 * 86400, path="/",
                                samesite="lax")  # fmt: skip
        return response

    def redirect(self, url: str, *, notice: str = "") -> Response:
        """Go on to another page after a form (303), with a notice shown there once."""
        response = RedirectResponse(url, status_code=303)
        if notice:
            response.set_cookie(NOTICE_COOKIE, quote(notice), max_age=60, path="/",
                                httponly=True, samesite="lax")  # fmt: skip
        return response


async def get_page(request: Request, runtime: RuntimeDep) -> Page:
    """Build the page of this request (reading a posted form's CSRF field)."""
    given = request.headers.get(CSRF_HEADER, "")
    content_type = request.headers.get("content-type", "")
    if request.method in UNSAFE_METHODS and not given and content_type.startswith(FORM_TYPES):
        form = await request.form()
        given = str(form.get("csrf_token") or "")
    actor, csrf = await run_in_threadpool(actor_and_csrf, request, runtime, csrf_given=given)
    lang = pick_language(request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE))
    return Page(request=request, actor=actor, csrf_token=csrf, lang=lang)


PageDep = Annotated[Page, Depends(get_page)]


async def read_form(request: Request) -> FormData:
    """Return the posted form (already read for its CSRF token, so read from cache)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(read_form)]


def form_text(form: FormData, name: str) -> str:
    """Return a text field of a posted form ("" when it is missing or a file)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""

"""The ASGI application: API v1, the portal pages and OpenAPI docs at /docs."""

from __future__ import annotations

from fastapi import FastAPI

from satudata import __version__
from satudata.api.auth import router as auth_router
from satudata.api.datasets import router as datasets_router
from satudata.api.errors import install_error_handlers
from satudata.api.inbox import router as inbox_router
from satudata.api.review import router as review_router
from satudata.api.validation import router as validation_router
from satudata.config import Settings, get_settings
from satudata.runtime import Runtime


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    """Build the application for these settings (default: from the environment)."""
    runtime = runtime or Runtime(settings or get_settings())
    app = FastAPI(
        title="satudata API",
        version=__version__,
        description="Satu Data Jawa Timur: datasets, rows, aggregates and downloads.",
    )
    app.state.runtime = runtime
    install_error_handlers(app)
    app.include_router(auth_router)
    app.include_router(datasets_router)
    app.include_router(validation_router)
    app.include_router(review_router)
    app.include_router(inbox_router)
    from fastapi.staticfiles import StaticFiles

    from satudata.web.pages import STATIC_DIR
    from satudata.web.pages import router as web_router

    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app

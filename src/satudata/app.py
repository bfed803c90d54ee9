"""The ASGI application: API v1, the portal pages and OpenAPI docs at /docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from satudata import __version__
from satudata.api.auth import router as auth_router
from satudata.api.compliance import router as compliance_router
from satudata.api.datasets import router as datasets_router
from satudata.api.errors import install_error_handlers
from satudata.api.inbox import router as inbox_router
from satudata.api.jobs import router as jobs_router
from satudata.api.review import router as review_router
from satudata.api.validation import router as validation_router
from satudata.config import Settings, get_settings
from satudata.jobs.queue import JobQueue
from satudata.runtime import Runtime
from satudata.timing import ServerTiming
from satudata.web import STATIC_DIR, WEB_ROUTERS
from satudata.web.errors import install_page_errors


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None,
               jobs: JobQueue | None = None) -> FastAPI:  # fmt: skip
    """Build the application for these settings (default: from the environment).

    With the default embedded job queue, the app runs `job_workers` worker threads while
    it serves (started and stopped with the server).
    """
    runtime = runtime or Runtime(settings or get_settings())
    queue = jobs or JobQueue(runtime)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        queue.start_workers(runtime.settings.job_workers)
        try:
            yield
        finally:
            queue.stop_workers()

    app = FastAPI(
        title="satudata API",
        version=__version__,
        description="Satu Data Jawa Timur: datasets, rows, aggregates and downloads.",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.jobs = queue
    install_error_handlers(app)
    install_page_errors(app)
    for router in (auth_router, datasets_router, validation_router, review_router,
                   inbox_router, jobs_router, compliance_router, *WEB_ROUTERS):  # fmt: skip
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(ServerTiming)
    return app

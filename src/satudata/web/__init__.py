"""HTML pages of the portal (server-rendered, Indonesian first).

Each part of the portal is one module with its `router` and its `RULES`: for every page
route, the policy rule that says who gets through (the same rule names as
`satudata.api.access`). A test calls every page as every role against these rules.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from satudata.web import account, compliance, desk, public, upload, visual, workspace

STATIC_DIR = Path(__file__).parent / "static"
PARTS = (account, public, visual, workspace, upload, desk, compliance)
WEB_ROUTERS: tuple[APIRouter, ...] = tuple(part.router for part in PARTS)
WEB_RULES: dict[tuple[str, str], str] = {
    route: rule for part in PARTS for route, rule in part.RULES.items()
}

"""Real-browser tests: Debian's chromium driven by Playwright, against a real server.

The server is `satudata serve` in its own process, on a data folder loaded with the
demo data (sample OPDs, datasets and one account per role), with the embedded job queue
and its worker thread, as a user's `make demo` runs it. Playwright downloads nothing:
it drives the chromium that `make test` installs from Debian (`/usr/bin/chromium`, or
SATUDATA_CHROMIUM). Without chromium the tests skip, except in CI
(SATUDATA_REQUIRE_SERVERS=1), where they fail. Screenshots of every test are kept in
test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from tests.conftest import REQUIRE_SERVERS

from satudata.config import Settings
from satudata.demo.people import DEMO_PASSWORD
from satudata.demo.service import load_demo
from satudata.runtime import Runtime

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
SERIOUS = ("serious", "critical")


def chromium_path() -> str | None:
    """Return the chromium executable the tests drive, if there is one."""
    given = os.environ.get("SATUDATA_CHROMIUM")
    if given:
        return given
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `satudata serve` on demo data; return its address."""
    data_dir = tmp_path_factory.mktemp("browser-data")
    runtime = Runtime(Settings(data_dir=data_dir))
    runtime.init()
    load_demo(runtime)
    runtime.engine.dispose()
    port = free_port()
    env = {**os.environ, "SATUDATA_DATA_DIR": str(data_dir), "SATUDATA_JOB_WORKERS": "1"}
    for name in ("SATUDATA_DATABASE_URL", "SATUDATA_JOBS_URL", "SATUDATA_CONFIG"):
        env.pop(name, None)
    log = (data_dir / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "satudata", "serve", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/api/v1/datasets", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((data_dir / "server.log").read_text()[-3000:])
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless."""
    path = chromium_path()
    if path is None:
        if REQUIRE_SERVERS:
            raise RuntimeError("chromium is not installed: `make test` installs Debian's chromium")
        pytest.skip(
            "chromium is not installed (Debian package `chromium`; `make test` installs it)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, headless=True,
                                              args=["--no-sandbox"])  # fmt: skip
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context (no cookies) and page; a screenshot is kept afterwards."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)  # fmt: skip
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    try:
        tab.screenshot(path=str(ARTIFACTS / f"{name}-end.png"), full_page=True)
    finally:
        context.close()


def shot(page: Page, name: str) -> None:
    """Keep a screenshot of a step of a journey."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


_AXE = Axe()


def accessibility_problems(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2 A and AA rules) in the page; return serious and critical violations."""
    results = _AXE.run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})  # fmt: skip
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in results.response["violations"] if v["impact"] in SERIOUS
    ]  # fmt: skip


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, as a person would."""
    page.goto("/masuk")
    page.get_by_label("Surel").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"^(?!.*/masuk).*$"))

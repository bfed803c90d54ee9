"""Every page, as each kind of visitor, in both languages: no serious accessibility
violation (axe-core, WCAG 2.1 A/AA) and, in English, no Indonesian string left untranslated.

The pages are found by following the portal's own links from each role's start pages,
so a new page is checked as soon as something links to it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page
from tests.browser.conftest import accessibility_problems, shot, sign_in

from satudata.web.i18n import catalogs

SKIP = re.compile(
    r"^/(keluar|bahasa/|static/|docs|redoc|openapi\.json|api/)|/download|/annotated|/unduh"
    r"|\.(xlsx|csv|pdf)$"
)
ROLES = {
    "anonymous": (None, ["/", "/cari", "/opd", "/masuk"]),
    "producer": ("operator.dinkes@demo.satudata.id", ["/saya", "/saya/unggah"]),
    "custodian": ("walidata@demo.satudata.id", ["/walidata"]),
    # the walidata's compliance pages: the Daftar Data with its forms, items, reports
    "custodian-compliance": (
        "walidata@demo.satudata.id",
        ["/kepatuhan/daftar", "/kepatuhan/laporan"],
    ),
    "leader": ("pimpinan@demo.satudata.id", ["/kepatuhan"]),
}
PAGES_PER_ROLE = 24
# The interface's own visible text: data and metadata written by agencies are marked
# lang="id" (they stay Indonesian in the English portal) and are left out.
INTERFACE_TEXT = """() => {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('[lang="id"], script, style, template')) continue;
    if (el.checkVisibility && !el.checkVisibility()) continue;
    parts.push(node.textContent);
  }
  return parts.join(" ");
}"""


def english_leftovers() -> list[str]:
    """Indonesian source strings (two words or more) whose English differs: they must not show."""
    found = []
    for catalog in catalogs("en"):
        for message in catalog:
            source = message.id if isinstance(message.id, str) else ""
            if source and message.string and message.string != source and " " in source.strip():
                found.append(re.sub(r"%\([a-z_]+\)[sd]", "", source).strip())
    return [text for text in found if len(text) > 8]


def crawl(page: Page, starts: list[str], limit: int) -> list[str]:
    """Visit pages breadth-first from `starts`; return the paths that rendered as HTML pages."""
    seen: list[str] = []
    queue = list(starts)
    host = urlsplit(page.url).netloc if page.url.startswith("http") else None
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or SKIP.search(path):
            continue
        response = page.goto(path)
        if (
            response is None
            or response.status != 200
            or ("/masuk" in page.url and path != "/masuk")
        ):
            continue
        seen.append(path)
        host = host or urlsplit(page.url).netloc
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            parts = urlsplit(href)
            if parts.netloc == host:
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if target not in seen and target not in queue:
                    queue.append(target)
    return seen


@pytest.mark.slow
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_page_is_accessible_and_fully_translated(page: Page, role: str) -> None:
    email, starts = ROLES[role]
    if email:
        sign_in(page, email)
    paths = crawl(page, starts, PAGES_PER_ROLE)
    assert len(paths) >= len(starts), paths
    leftovers = english_leftovers()
    problems: dict[str, object] = {}
    for path in paths:
        for lang in ("id", "en"):
            page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
            assert page.locator("html").get_attribute("lang") == lang, path
            found = accessibility_problems(page)
            if found:
                problems[f"{lang} {path}"] = found
            if lang == "en":
                text = page.evaluate(INTERFACE_TEXT)
                left = [s for s in leftovers if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)]
                if left:
                    problems[f"untranslated {path}"] = left
    page.goto("/?lang=id")  # leave the browser in Indonesian for the screenshot
    shot(page, f"every-page-{role}")
    assert problems == {}, problems

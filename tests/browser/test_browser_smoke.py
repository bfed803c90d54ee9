"""The browser set-up itself: the server answers, a person signs in and out, axe-core runs."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from tests.browser.conftest import accessibility_problems, sign_in


def test_sign_in_and_out_in_a_real_browser(page: Page) -> None:
    sign_in(page, "operator.dinkes@demo.satudata.id")
    expect(page.get_by_text("operator.dinkes@demo.satudata.id")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("status")).to_have_text("Anda sudah keluar.")
    expect(page.get_by_role("link", name="Masuk")).to_be_visible()


def test_axe_core_finds_a_planted_violation(page: Page) -> None:
    """The accessibility check can fail: an image without alt text is reported."""
    page.set_content('<html lang="id"><head><title>x</title></head><body><main>'
                     '<h1>Uji</h1><img src="data:,"><input type="text"></main></body></html>')  # fmt: skip
    found = {problem["id"] for problem in accessibility_problems(page)}
    assert {"image-alt", "label"} <= found

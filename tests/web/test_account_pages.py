"""Signing in and out through the pages, CSRF on forms, the language switch and error pages."""

from __future__ import annotations

from html import unescape

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from tests.api.test_route_permissions import ALLOWED
from tests.web.conftest import PASSWORD, csrf_of, sign_in

from satudata.web import WEB_ROUTERS, WEB_RULES


def test_sign_in_then_out_through_the_forms(client: TestClient, people: dict[str, str]) -> None:
    page = client.get("/masuk?next=/cari")
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.text
    response = client.post("/masuk", data={"email": people["producer"], "password": PASSWORD,
                                           "next": "/cari"})  # fmt: skip
    assert (response.status_code, response.headers["location"]) == (303, "/cari")
    cookie = response.headers["set-cookie"]
    assert (
        "satudata_session=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    )
    home = client.get("/")
    assert (
        people["producer"] in home.text and 'href="/saya"' in home.text
    )  # their name, their workspace
    assert 'href="/walidata"' not in home.text
    out = client.post("/keluar", data={"csrf_token": csrf_of(home.text)})
    assert out.status_code == 303
    assert "Anda sudah keluar." in client.get("/").text  # the notice, shown once
    assert "Anda sudah keluar." not in client.get("/").text
    assert client.get("/api/v1/me").json()["kind"] == "anonymous"


def test_a_wrong_password_shows_the_form_again_with_the_reason(
    client: TestClient, people: dict[str, str]
) -> None:  # fmt: skip
    response = client.post("/masuk", data={"email": people["producer"], "password": "salah"})
    assert response.status_code == 401
    assert 'role="alert"' in response.text and people["producer"] in response.text
    english = client.post("/masuk?lang=en", data={"email": people["producer"], "password": "x"})
    assert "Sign in" in english.text and "Kata sandi" not in english.text


def test_a_form_post_without_the_csrf_token_is_refused(
    client: TestClient, people: dict[str, str]
) -> None:  # fmt: skip
    sign_in(client, people["producer"])
    refused = client.post("/keluar", data={"csrf_token": "palsu"})
    assert refused.status_code == 403
    assert "CSRF" in refused.text and "<html" in refused.text  # a page, not JSON
    assert client.get("/api/v1/me").json()["kind"] == "user"  # still signed in


def test_next_never_leads_off_the_site(client: TestClient, people: dict[str, str]) -> None:
    for target in ("https://jahat.example/", "//jahat.example/", "/\\jahat.example"):
        client.cookies.clear()
        response = client.post("/masuk", data={"email": people["leader"], "password": PASSWORD,
                                               "next": target})  # fmt: skip
        assert response.headers["location"] == "/"
    assert client.get("/bahasa/en?next=//jahat.example").headers["location"] == "/"


def test_the_language_switch_is_remembered(client: TestClient) -> None:
    response = client.get("/bahasa/en?next=/masuk")
    assert (response.status_code, response.headers["location"]) == (303, "/masuk")
    page = client.get("/masuk")
    assert '<html lang="en">' in page.text and "Password" in page.text
    assert "Bahasa Indonesia" in page.text  # the way back
    assert '<html lang="id">' in client.get("/masuk?lang=id").text


def test_errors_are_pages_for_browsers_and_json_for_the_api(client: TestClient) -> None:
    page = client.get("/dataset/tidak-ada")
    assert page.status_code == 404 and "<html" in page.text and "tidak-ada" in page.text
    assert "Dataset 'tidak-ada' was not found." in unescape(
        client.get("/dataset/tidak-ada?lang=en").text
    )
    api = client.get("/api/v1/datasets/tidak-ada")
    assert api.status_code == 404 and api.json()["error"]["type"] == "not-found"
    assert client.get("/halaman-tidak-ada").headers["content-type"].startswith("text/html")


def test_every_page_route_has_a_rule() -> None:
    pages = {(method, route.path) for router in WEB_ROUTERS for route in router.routes
             if isinstance(route, APIRoute) for method in route.methods}  # fmt: skip
    missing = sorted(pages - set(WEB_RULES))
    assert missing == [], f"page routes without a rule in their module's RULES: {missing}"
    assert set(WEB_RULES) <= pages, "rules for pages that do not exist"
    assert set(WEB_RULES.values()) <= set(ALLOWED) | {"reviewer-or-steward"}

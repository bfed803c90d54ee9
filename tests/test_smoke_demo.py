"""The demo loads every sample dataset and the API lists them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from satudata.app import create_app
from satudata.demo.service import load_demo
from satudata.runtime import Runtime


@pytest.mark.slow
def test_demo_loads_and_api_lists_sample_datasets(runtime: Runtime) -> None:
    loaded = load_demo(runtime)
    with TestClient(create_app(runtime=runtime)) as client:
        body = client.get("/api/v1/datasets", params={"limit": 100}).json()
        page = client.get("/").text
    assert body["count"] == loaded - 1  # one sample dataset is terbatas: hidden from the public
    assert all(d["is_sample"] for d in body["data"])
    sectors = {f["value"] for f in body["facets"]["sector"]}
    assert {"pendidikan", "kesehatan", "ekonomi", "kependudukan"} <= sectors
    assert "Prevalensi" in page

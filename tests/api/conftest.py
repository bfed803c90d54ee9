"""API fixtures: a small read-only catalogue shared by a module, and checked HTTP clients.

Every client made here checks that each error response (status >= 400) has the one error
shape, so no test can pass on an error in another shape.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from satudata.app import create_app
from satudata.auth import SYSTEM
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization
from satudata.config import Settings
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.runtime import Runtime

ADMIN = {"Authorization": "Bearer rahasia-uji"}
TEST_DB_URL = os.environ.get("SATUDATA_TEST_DATABASE_URL")
REQUIRE_SERVERS = os.environ.get("SATUDATA_REQUIRE_SERVERS") == "1"

# The current version of `jumlah-puskesmas`; version 1 (PUSKESMAS_V1) is older.
PUSKESMAS_V2 = """kode_wilayah,nama_wilayah,tahun,jumlah,rasio,keterangan
35.07,Kabupaten Malang,2020,39,1.5,
35.07,Kabupaten Malang,2021,40,1.75,baru
35.73,Kota Malang,2020,16,2.25,
35.73,Kota Malang,2021,16,2.0,
35.78,Kota Surabaya,2020,63,2.5,100% terakreditasi
35.78,Kota Surabaya,2021,,,belum lapor
"""
PUSKESMAS_V1 = """kode_wilayah,nama_wilayah,tahun,jumlah,rasio,keterangan
35.07,Kabupaten Malang,2020,38,1.25,lama
35.73,Kota Malang,2020,15,2.5,lama
"""


def assert_error_shape(body: Any) -> None:
    """Assert the one error shape: {"error": {type, message (Indonesian), message_en}}."""
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert {"type", "message", "message_en"} <= set(error) <= {
        "type", "message", "message_en", "details"
    }, error  # fmt: skip
    assert all(isinstance(error[k], str) and error[k] for k in ("type", "message", "message_en"))
    assert error["message"] != error["message_en"], "the message must be the Indonesian one"


def _check_error_response(response: httpx.Response) -> None:
    # The portal's own HTML pages (a missing dataset page) are the one exception.
    if response.status_code < 400 or response.request.url.path.startswith("/dataset/"):
        return
    response.read()
    assert response.headers["content-type"].startswith("application/json"), response.text
    assert_error_shape(response.json())


def checked_client(runtime: Runtime) -> TestClient:
    """Return an in-process client that checks the shape of every error response."""
    client = TestClient(create_app(runtime=runtime))
    client.event_hooks = {"request": [], "response": [_check_error_response]}
    return client


@pytest.fixture(scope="session")
def make_client() -> Callable[[Runtime], TestClient]:
    """Return the factory of checked clients (for tests that build their own runtime)."""
    return checked_client


@pytest.fixture
def client(runtime: Runtime) -> TestClient:
    """A checked client on the per-test runtime (for tests that write)."""
    return checked_client(runtime)


def _postgres_database() -> Iterator[str]:
    assert TEST_DB_URL
    admin = create_engine(TEST_DB_URL, isolation_level="AUTOCOMMIT")
    name = f"satudata_m_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        if REQUIRE_SERVERS:
            raise
        pytest.skip(f"PostgreSQL at SATUDATA_TEST_DATABASE_URL is not reachable: {exc}")
    try:
        yield make_url(TEST_DB_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def module_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A metadata database shared by one module (PostgreSQL when the suite runs on it)."""
    if TEST_DB_URL:
        yield from _postgres_database()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('meta') / 'meta.sqlite3'}"


def ingest_text(runtime: Runtime, folder: Path, *, org: str, slug: str, csv_text: str,
                **metadata: Any) -> None:  # fmt: skip
    """Write `csv_text` to a file and ingest it as the next version of `slug`."""
    path = folder / f"{slug}-{uuid.uuid4().hex[:6]}.csv"
    path.write_text(csv_text, encoding="utf-8")
    ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=IngestRequest(
        path=path, organization=org, dataset=slug, metadata=metadata))  # fmt: skip


@pytest.fixture(scope="module")
def catalog(
    tmp_path_factory: pytest.TempPathFactory, module_database_url: str
) -> Iterator[Runtime]:
    """Three public datasets of two OPDs and one `terbatas` one; read-only for tests.

    - angka-partisipasi-sekolah (DISDIK, pendidikan, 2019-2021)
    - jumlah-puskesmas (DINKES, kesehatan, 2020-2021; two versions)
    - tenaga-pendidik (DISDIK, pendidikan, 2021-2022)
    - kesehatan-siswa-pendidikan-khusus (DINKES, kesehatan, 2020; terbatas)
    """
    folder = tmp_path_factory.mktemp("catalog")
    rt = Runtime(Settings(data_dir=folder / "data", database_url=module_database_url,
                          admin_token="rahasia-uji"))  # fmt: skip
    rt.init()
    with session_scope(rt.sessions) as session:
        for code, name in [("DINKES", "Dinas Kesehatan Provinsi Jawa Timur"),
                           ("DISDIK", "Dinas Pendidikan Provinsi Jawa Timur")]:  # fmt: skip
            create_organization(session, actor=SYSTEM, data=OrganizationCreate(
                code=code, name=name, short_name=name.removesuffix(" Provinsi Jawa Timur")))  # fmt: skip
    ingest_text(rt, folder, org="DISDIK", slug="angka-partisipasi-sekolah",
                csv_text="kode_wilayah,tahun,aps\n35.07,2019,70.5\n35.07,2020,71.25\n"
                         "35.73,2021,80.0\n",
                title="Angka Partisipasi Sekolah", sector="pendidikan",
                tags=["sekolah", "pendidikan"], frequency="tahunan",
                region_level="kabupaten_kota")  # fmt: skip
    puskesmas = {"title": "Jumlah Puskesmas", "sector": "kesehatan",
                 "description": "Fasilitas pelayanan kesehatan tingkat pertama.",
                 "tags": ["puskesmas", "fasilitas kesehatan"], "frequency": "tahunan",
                 "region_level": "kabupaten_kota", "unit": "unit"}  # fmt: skip
    ingest_text(rt, folder, org="DINKES", slug="jumlah-puskesmas", csv_text=PUSKESMAS_V1,
                **puskesmas)  # fmt: skip
    ingest_text(rt, folder, org="DISDIK", slug="tenaga-pendidik",
                csv_text="tahun,jenjang,jumlah\n2021,SMA,100\n2022,SMA,110\n",
                title="Jumlah Tenaga Pendidik", sector="pendidikan", tags=["guru"],
                frequency="semesteran", region_level="provinsi")  # fmt: skip
    # A second version after tenaga-pendidik: updated last, though created before it.
    ingest_text(rt, folder, org="DINKES", slug="jumlah-puskesmas", csv_text=PUSKESMAS_V2)
    ingest_text(rt, folder, org="DINKES", slug="kesehatan-siswa-pendidikan-khusus",
                csv_text="kode_wilayah,tahun,jumlah\n35.07,2020,5\n35.73,2020,7\n",
                title="Kesehatan Siswa Pendidikan Khusus", sector="kesehatan",
                tags=["puskesmas"], frequency="tahunan", region_level="kabupaten_kota",
                access_level="terbatas")  # fmt: skip
    yield rt
    rt.engine.dispose()


@pytest.fixture(scope="module")
def api(catalog: Runtime) -> TestClient:
    """A checked client on the shared catalogue."""
    return checked_client(catalog)

"""Catalog services: organizations, datasets and who may see or change them."""

from __future__ import annotations

import contextlib

import pytest

from satudata.auth import ANONYMOUS, SYSTEM, Actor
from satudata.catalog.schema import DatasetCreate, DatasetUpdate, OrganizationCreate
from satudata.catalog.search import SearchQuery, search_datasets
from satudata.catalog.service import (
    create_dataset,
    create_organization,
    get_dataset,
    list_organizations,
    update_dataset,
)
from satudata.catalog.text import fold, query_terms, slugify
from satudata.db.session import session_scope
from satudata.errors import ConflictError, NotFoundError, PermissionDeniedError
from satudata.runtime import Runtime

DINKES_STAFF = Actor(kind="user", name="budi", organizations=frozenset({"DINKES"}))
OTHER_STAFF = Actor(kind="user", name="sari", organizations=frozenset({"DISDIK"}))
STEWARD = Actor(kind="user", name="pembina", roles=frozenset({"steward"}))
SLUGS = ("terbuka-satu", "terbatas-satu", "tertutup-satu", "tertutup-prioritas")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Pendidikan  Dasar", "pendidikan dasar"),
        ("Angka Partisipasi (APS) — 2020/2021", "angka partisipasi aps 2020 2021"),
        ("Ékspor  Non-Migas", "ekspor non migas"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_query_terms_drop_stop_words() -> None:
    assert query_terms("Jumlah Penduduk menurut Jenis Kelamin dan Kabupaten") == [
        "jumlah", "penduduk", "jenis", "kelamin", "kabupaten"
    ]  # fmt: skip
    assert query_terms("dan di ke") == []


def test_slugify() -> None:
    assert slugify("Jumlah Puskesmas (Unit) 2024") == "jumlah-puskesmas-unit-2024"
    assert slugify("!!!") == "dataset"


def _add_datasets(runtime: Runtime) -> None:
    with session_scope(runtime.sessions) as session:
        create_dataset(session, actor=SYSTEM, data=DatasetCreate(
            slug="terbuka-satu", organization="DINKES", title="Cakupan Imunisasi Dasar"))  # fmt: skip
        create_dataset(session, actor=SYSTEM, data=DatasetCreate(
            slug="terbatas-satu", organization="DINKES", title="Data Pasien Terbatas",
            access_level="terbatas"))  # fmt: skip
        create_dataset(session, actor=SYSTEM, data=DatasetCreate(
            slug="tertutup-satu", organization="DINKES", title="Data Pasien Tertutup",
            access_level="tertutup"))  # fmt: skip
        create_dataset(session, actor=SYSTEM, data=DatasetCreate(
            slug="tertutup-prioritas", organization="DINKES", title="Data Pasien Prioritas",
            access_level="tertutup", priority=True))  # fmt: skip


@pytest.mark.parametrize(
    ("actor", "visible"),
    [
        (ANONYMOUS, {"terbuka-satu"}),
        (OTHER_STAFF, {"terbuka-satu", "terbatas-satu"}),
        (DINKES_STAFF, set(SLUGS)),
        # The pembina reads tertutup data only once a version is put before it (none is
        # here, not even of the priority one): tests/api/test_api_pembina_access.py.
        (STEWARD, {"terbuka-satu", "terbatas-satu"}),
        (SYSTEM, set(SLUGS)),
    ],
)
def test_access_levels_decide_who_sees_what(
    runtime: Runtime, actor: Actor, visible: set[str]
) -> None:
    _add_datasets(runtime)
    with session_scope(runtime.sessions) as session:
        found = search_datasets(session, actor=actor, query=SearchQuery(q="data pasien"))
        listed = {d.slug for d in search_datasets(session, actor=actor, query=SearchQuery()).data}
        readable = set()
        for slug in SLUGS:
            with contextlib.suppress(NotFoundError):
                readable.add(get_dataset(session, actor=actor, slug=slug).slug)
    assert listed == readable == visible
    assert found.count == len(visible - {"terbuka-satu"})


def test_only_admins_add_organizations(runtime: Runtime) -> None:
    with session_scope(runtime.sessions) as session, pytest.raises(PermissionDeniedError):
        create_organization(session, actor=DINKES_STAFF, data=OrganizationCreate(
            code="BARU", name="Badan Baru"))  # fmt: skip


def test_duplicate_organization_code_is_a_conflict(runtime: Runtime) -> None:
    with session_scope(runtime.sessions) as session, pytest.raises(ConflictError) as info:
        create_organization(session, actor=SYSTEM, data=OrganizationCreate(
            code="DINKES", name="Dinas Kesehatan Lagi"))  # fmt: skip
    assert info.value.type == "duplicate-organization"
    assert info.value.message_id == "OPD dengan kode 'DINKES' sudah ada."


def test_duplicate_dataset_slug_is_a_conflict(runtime: Runtime) -> None:
    _add_datasets(runtime)
    with session_scope(runtime.sessions) as session, pytest.raises(ConflictError) as info:
        create_dataset(session, actor=SYSTEM, data=DatasetCreate(
            slug="terbuka-satu", organization="DINKES", title="Lagi"))  # fmt: skip
    assert info.value.type == "duplicate-dataset"


def test_dataset_of_an_unknown_organization_is_not_found(runtime: Runtime) -> None:
    with session_scope(runtime.sessions) as session, pytest.raises(NotFoundError) as info:
        create_dataset(session, actor=SYSTEM, data=DatasetCreate(
            slug="apa-saja", organization="TIDAKADA", title="Apa Saja"))  # fmt: skip
    assert info.value.as_dict() == {
        "type": "not-found",
        "message": "OPD 'TIDAKADA' tidak ditemukan.",
        "message_en": "Organization 'TIDAKADA' was not found.",
        "details": {"key": "TIDAKADA"},
    }


def test_staff_change_their_own_datasets_only(runtime: Runtime) -> None:
    _add_datasets(runtime)
    with session_scope(runtime.sessions) as session:
        changed = update_dataset(session, actor=DINKES_STAFF, slug="terbuka-satu",
                                 data=DatasetUpdate(unit="persen"))  # fmt: skip
        assert changed.unit == "persen"
        with pytest.raises(PermissionDeniedError):
            update_dataset(session, actor=OTHER_STAFF, slug="terbuka-satu",
                           data=DatasetUpdate(unit="orang"))  # fmt: skip


def test_list_organizations_counts_what_the_actor_may_see(runtime: Runtime) -> None:
    _add_datasets(runtime)
    with session_scope(runtime.sessions) as session:
        public = list_organizations(session, actor=ANONYMOUS)
        admin = list_organizations(session, actor=SYSTEM)
    assert [(o.code, o.name, o.dataset_count) for o in public] == [
        ("DINKES", "Dinas Kesehatan Provinsi Jawa Timur", 1)
    ]
    assert [o.dataset_count for o in admin] == [4]


@pytest.mark.parametrize(("actor", "count"), [(OTHER_STAFF, 2), (DINKES_STAFF, 4), (STEWARD, 2)])
def test_organization_counts_agree_with_what_staff_can_open(
    runtime: Runtime, actor: Actor, count: int
) -> None:
    _add_datasets(runtime)
    with session_scope(runtime.sessions) as session:
        (dinkes,) = list_organizations(session, actor=actor)
        listed = search_datasets(session, actor=actor, query=SearchQuery()).count
    assert dinkes.dataset_count == listed == count

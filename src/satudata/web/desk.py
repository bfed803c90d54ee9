"""The walidata desk (`/walidata/…`): the review queue, the review page and metadata changes.

Every action is a form post that calls `review.service` with the signed-in actor and goes
on with a notice: after a decision, to the next version waiting in the queue. What the
queue holds, which buttons show and the rules of the checklist form are
`review.desk`; the services check every permission again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from satudata.api.deps import RuntimeDep, SessionDep
from satudata.api.errors import status_of
from satudata.catalog.service import get_dataset, list_organizations
from satudata.errors import ConflictError, InvalidInputError, SatudataError
from satudata.notify.mail import send_pending_email
from satudata.review import service
from satudata.review.checklist import ITEMS
from satudata.review.desk import (
    GENERAL_ITEM,
    Mark,
    QueueQuery,
    allowed_actions,
    check_approval,
    desk_queue,
    next_in_queue,
    pending_change,
    pending_changes,
    queue_query,
    require_desk,
    return_reasons,
    version_history,
)
from satudata.review.evidence import evidence_en
from satudata.review.overview import review_overview
from satudata.runtime import Runtime
from satudata.web.i18n import N_
from satudata.web.page import FormDep, Page, PageDep, form_text

router = APIRouter(include_in_schema=False)
D = "/walidata/dataset/{slug}"
V = f"{D}/versi/{{number}}"
RULES = {
    ("GET", "/walidata"): "reviewer-or-steward",
    ("GET", V): "reviewer-or-steward",
    ("POST", f"{V}/ambil"): "reviewer",
    ("POST", f"{V}/kembalikan"): "reviewer-or-steward",
    ("POST", f"{V}/setujui"): "reviewer-or-steward",
    ("POST", f"{V}/terbitkan"): "publisher",
    ("POST", f"{V}/turunkan"): "publisher",
    ("POST", f"{V}/terbitkan-ulang"): "publisher",
    ("POST", f"{V}/komentar"): "commenter",
    ("GET", f"{D}/metadata"): "reviewer",
    ("POST", f"{D}/metadata/setujui"): "reviewer",
    ("POST", f"{D}/metadata/tolak"): "reviewer",
}
STATE_LABELS = {
    "draft": N_("draf"), "submitted": N_("diajukan"), "in_review": N_("diperiksa"),
    "returned": N_("dikembalikan"), "approved": N_("disetujui"),
    "pembina_review": N_("telaah pembina"), "published": N_("terbit"),
    "superseded": N_("digantikan"), "unpublished": N_("diturunkan"), "withdrawn": N_("ditarik"),
}  # fmt: skip
EVENT_LABELS = {
    "version.uploaded": N_("diunggah"), "version.submit": N_("diajukan"),
    "version.withdraw": N_("ditarik"), "version.take": N_("mulai diperiksa"),
    "version.return": N_("dikembalikan"), "version.approve": N_("disetujui walidata"),
    "version.steward_approve": N_("disetujui pembina"), "version.publish": N_("diterbitkan"),
    "version.unpublish": N_("diturunkan"), "version.republish": N_("diterbitkan ulang"),
    "version.commented": N_("dikomentari"),
}  # fmt: skip
FIELD_LABELS = {
    "title": N_("Judul"), "description": N_("Deskripsi"), "sector": N_("Sektor"),
    "tags": N_("Kata kunci"), "license": N_("Lisensi"), "access_level": N_("Tingkat akses"),
    "concept": N_("Konsep"), "definition": N_("Definisi"), "classification": N_("Klasifikasi"),
    "measure": N_("Ukuran"), "unit": N_("Satuan"), "frequency": N_("Frekuensi"),
    "period_coverage": N_("Cakupan periode"), "region_level": N_("Tingkat penyajian"),
    "source": N_("Sumber data"), "producer": N_("Produsen data"),
    "release_schedule": N_("Jadwal rilis"), "priority": N_("Data prioritas"),
    "bps_indicator_code": N_("Kode indikator BPS"), "kode_dssd": N_("Kode DSSD"),
}  # fmt: skip
ITEM_LABELS = {GENERAL_ITEM: N_("Catatan umum")}
SHOWN_ROWS = 20  # diff examples shown per kind (the totals are exact)
SHOWN_FINDINGS = 50  # validation findings listed (the totals are exact)
LABELS = {"states": STATE_LABELS, "events": EVENT_LABELS, "fields": FIELD_LABELS,
          "items": ITEM_LABELS}  # fmt: skip


# --- the queue ------------------------------------------------------------------------


@router.get("/walidata")
def queue_page(page: PageDep, session: SessionDep) -> Response:
    """The review queue: versions by state, oldest first, filtered by OPD, priority and age."""
    roles = require_desk(page.actor)
    params = page.request.query_params
    entered = {k: params.get(k, "") for k in ("status", "opd", "prioritas", "umur")}
    error, status = "", 200
    try:
        query = queue_query(state=entered["status"], organization=entered["opd"],
                            priority=entered["prioritas"], older_than_days=entered["umur"],
                            page=params.get("halaman", ""))  # fmt: skip
    except InvalidInputError as exc:
        error, status = page.message(exc), status_of(exc)
        query = QueueQuery(organization=entered["opd"])
    queue = desk_queue(session, actor=page.actor, query=query)
    changes = pending_changes(session, actor=page.actor, organization=query.organization) \
        if roles.reviewer else []  # fmt: skip
    return page.render("desk/queue.html", {
        "queue": queue, "roles": roles, "entered": entered, "error": error, "changes": changes,
        "organizations": list_organizations(session, actor=page.actor),
        "filters": _filter_query(queue.query), "labels": LABELS,
    }, status_code=status)  # fmt: skip


def _filter_query(query: QueueQuery) -> str:
    """Return the query string of the filters (without state and page), for links."""
    parts: dict[str, str | int] = {}
    if query.organization:
        parts["opd"] = query.organization
    if query.priority is not None:
        parts["prioritas"] = "ya" if query.priority else "tidak"
    if query.older_than_days is not None:
        parts["umur"] = query.older_than_days
    return urlencode(parts)


# --- the review page --------------------------------------------------------------------


def _review_page(page: Page, session: Session, runtime: Runtime, slug: str, number: int, *,
                 entered: dict[str, Any] | None = None, error: SatudataError | None = None,
                 failed: str = "") -> Response:  # fmt: skip
    roles = require_desk(page.actor)
    overview = review_overview(session, runtime.lake, actor=page.actor, slug=slug, number=number,
                               con=runtime.query_engine.cursor())  # fmt: skip
    dataset = get_dataset(session, actor=page.actor, slug=slug)
    version = next(v for v in dataset.versions if v.number == number)
    report = overview["validation"]
    findings = [*report.get("errors", []), *report.get("warnings", [])]
    return page.render("desk/review.html", {
        "d": dataset, "v": version, "ov": overview, "roles": roles,
        "actions": allowed_actions(page.actor, overview["state"]),
        "history": version_history(session, actor=page.actor, slug=slug, number=number),
        "next_item": next_in_queue(session, actor=page.actor, after=(slug, number)),
        "findings": findings[:SHOWN_FINDINGS],
        "entered": entered or {}, "error": page.message(error) if error else "", "failed": failed,
        "error_field": error.details.get("field", "") if error else "",
        "labels": LABELS, "items": ITEMS, "shown_rows": SHOWN_ROWS,
        "evidence": evidence_en if page.lang == "en" else str,
        "base": f"/walidata/dataset/{slug}/versi/{number}",
    }, status_code=status_of(error) if error else 200)  # fmt: skip


@router.get(V)
def review_page(slug: str, number: int, page: PageDep, session: SessionDep,
                runtime: RuntimeDep) -> Response:  # fmt: skip
    """A version under review: summary, checklist, diff, report, comments and the actions."""
    return _review_page(page, session, runtime, slug, number)


def _marks(form: FormData) -> list[Mark]:
    """Read the checklist's marks: `mark-<item>` ok | tidak | (empty), `note-<item>`."""
    values = {"ok": True, "tidak": False}
    return [Mark(item=item, ok=values.get(form_text(form, f"mark-{item}")),
                 note=form_text(form, f"note-{item}").strip()) for item in ITEMS]  # fmt: skip


def _entered(form: FormData) -> dict[str, Any]:
    """Return what was typed into the review form, to show it again with an error."""
    names = [f"mark-{i}" for i in ITEMS] + [f"note-{i}" for i in [*ITEMS, GENERAL_ITEM]]
    return {name: form_text(form, name) for name in [*names, "body", "reason"]}


def _after(page: Page, session: Session, slug: str, number: int, notice: str) -> Response:
    """Go on to the next version waiting for this actor, or back to the queue."""
    following = next_in_queue(session, actor=page.actor, after=(slug, number))
    if following is None:
        return page.redirect("/walidata", notice=notice + " " + page.gettext(
            "Tidak ada lagi versi yang menunggu."))  # fmt: skip
    return page.redirect(f"/walidata/dataset/{following.dataset}/versi/{following.version}",
                         notice=notice + " " + page.gettext(
                             "Berikutnya dalam antrean: %(title)s, versi %(number)s.",
                             title=following.title, number=following.version))  # fmt: skip


def _attempt(page: Page, session: Session, runtime: Runtime, slug: str, number: int,
             form: FormData, action: str, act: Callable[[], Response],
             mail: BackgroundTasks | None = None) -> Response:  # fmt: skip
    """Run a move; bad input or a stale state shows the page again with the reason.

    With `mail`, the move's notices are committed now and e-mailed after the response.
    """
    try:
        result = act()
    except (InvalidInputError, ConflictError) as exc:
        session.rollback()
        return _review_page(page, session, runtime, slug, number, entered=_entered(form),
                            error=exc, failed=action)  # fmt: skip
    if mail is not None:
        session.commit()
        mail.add_task(send_pending_email, runtime.sessions, runtime.settings)
    return result


def _name(session: Session, page: Page, slug: str, number: int) -> dict[str, Any]:
    dataset = get_dataset(session, actor=page.actor, slug=slug)
    return {"title": dataset.title, "number": number, "org": dataset.organization.code}


@router.post(f"{V}/ambil")
def take(slug: str, number: int, page: PageDep, session: SessionDep, runtime: RuntimeDep,
         form: FormDep) -> Response:  # fmt: skip
    """Start reviewing a submitted version."""

    def act() -> Response:
        service.take_version(session, actor=page.actor, slug=slug, number=number)
        return page.redirect(f"/walidata/dataset/{slug}/versi/{number}#periksa", notice=page.gettext(
            "Versi %(number)s dari %(title)s sedang Anda periksa.",
            **_name(session, page, slug, number)))  # fmt: skip

    return _attempt(page, session, runtime, slug, number, form, "take", act)


@router.post(f"{V}/kembalikan")
def return_(slug: str, number: int, page: PageDep, session: SessionDep, runtime: RuntimeDep,
            form: FormDep, mail: BackgroundTasks) -> Response:  # fmt: skip
    """Send the version back to the agency with a reason per checklist item."""

    def act() -> Response:
        marks = _marks(form)
        reasons = return_reasons(marks, form_text(form, f"note-{GENERAL_ITEM}"))
        service.return_version(session, actor=page.actor, slug=slug, number=number,
                               reasons=reasons, marks=[m.as_dict() for m in marks],
                               settings=runtime.settings)  # fmt: skip
        return _after(page, session, slug, number, page.gettext(
            "Versi %(number)s dari %(title)s dikembalikan ke %(org)s.",
            **_name(session, page, slug, number)))  # fmt: skip

    return _attempt(page, session, runtime, slug, number, form, "return", act, mail)


@router.post(f"{V}/setujui")
def approve(slug: str, number: int, page: PageDep, session: SessionDep, runtime: RuntimeDep,
            form: FormDep, mail: BackgroundTasks) -> Response:  # fmt: skip
    """Approve the version (the walidata; then the pembina for priority data)."""

    def act() -> Response:
        marks = _marks(form)
        check_approval(marks)
        moved = service.approve_version(session, actor=page.actor, slug=slug, number=number,
                                        marks=[m.as_dict() for m in marks],
                                        settings=runtime.settings)  # fmt: skip
        names = _name(session, page, slug, number)
        if moved.state == "pembina_review":
            return _after(page, session, slug, number, page.gettext(
                "Versi %(number)s dari %(title)s disetujui dan diteruskan ke pembina data "
                "(data prioritas).", **names))  # fmt: skip
        if "publish" in allowed_actions(page.actor, moved.state):  # publish it next, here
            return page.redirect(f"/walidata/dataset/{slug}/versi/{number}#tindakan",
                                 notice=page.gettext(
                                     "Versi %(number)s dari %(title)s disetujui dan siap "
                                     "diterbitkan.", **names))  # fmt: skip
        return _after(page, session, slug, number, page.gettext(
            "Versi %(number)s dari %(title)s disetujui.", **names))  # fmt: skip

    return _attempt(page, session, runtime, slug, number, form, "approve", act, mail)


@router.post(f"{V}/terbitkan")
def publish(slug: str, number: int, page: PageDep, session: SessionDep, runtime: RuntimeDep,
            form: FormDep, mail: BackgroundTasks) -> Response:  # fmt: skip
    """Make the approved version the public one."""

    def act() -> Response:
        service.publish_version(session, actor=page.actor, slug=slug, number=number,
                                settings=runtime.settings)  # fmt: skip
        return _after(page, session, slug, number, page.gettext(
            "Versi %(number)s dari %(title)s terbit dan kini tampil untuk publik.",
            **_name(session, page, slug, number)))  # fmt: skip

    return _attempt(page, session, runtime, slug, number, form, "publish", act, mail)


@router.post(f"{V}/turunkan")
def unpublish(slug: str, number: int, page: PageDep, session: SessionDep, runtime: RuntimeDep,
              form: FormDep) -> Response:  # fmt: skip
    """Withdraw the publication with a reason; the previous one, if any, comes back."""

    def act() -> Response:
        service.unpublish_version(session, actor=page.actor, slug=slug, number=number,
                                  reason=form_text(form, "reason"))  # fmt: skip
        current = get_dataset(session, actor=page.actor, slug=slug).current_version
        names = _name(session, page, slug, number)
        notice = (page.gettext("Versi %(number)s dari %(title)s diturunkan; versi %(current)s "
                               "kembali tampil.", current=current, **names) if current
                  else page.gettext("Versi %(number)s dari %(title)s diturunkan; dataset ini "
                                    "kini tanpa versi terbit.", **names))  # fmt: skip
        return page.redirect(f"/walidata/dataset/{slug}/versi/{number}", notice=notice)

    return _attempt(page, session, runtime, slug, number, form, "unpublish", act)


@router.post(f"{V}/terbitkan-ulang")
def republish(slug: str, number: int, page: PageDep, session: SessionDep, runtime: RuntimeDep,
              form: FormDep) -> Response:  # fmt: skip
    """Bring an earlier publication back (a rollback)."""

    def act() -> Response:
        service.republish_version(session, actor=page.actor, slug=slug, number=number)
        return page.redirect(f"/walidata/dataset/{slug}/versi/{number}", notice=page.gettext(
            "Versi %(number)s dari %(title)s diterbitkan ulang dan kini tampil untuk publik.",
            **_name(session, page, slug, number)))  # fmt: skip

    return _attempt(page, session, runtime, slug, number, form, "republish", act)


@router.post(f"{V}/komentar")
def comment(slug: str, number: int, page: PageDep, session: SessionDep, runtime: RuntimeDep,
            form: FormDep) -> Response:  # fmt: skip
    """Add a comment to the version."""

    def act() -> Response:
        service.comment_version(session, actor=page.actor, slug=slug, number=number,
                                body=form_text(form, "body"))  # fmt: skip
        return page.redirect(f"/walidata/dataset/{slug}/versi/{number}#komentar",
                             notice=page.gettext("Komentar tersimpan."))  # fmt: skip

    return _attempt(page, session, runtime, slug, number, form, "comment", act)


# --- metadata changes of published datasets ---------------------------------------------


def _metadata_page(page: Page, session: Session, slug: str, *, reason: str = "",
                   error: SatudataError | None = None) -> Response:  # fmt: skip
    change = pending_change(session, actor=page.actor, slug=slug)
    return page.render("desk/metadata.html", {
        "change": change, "labels": LABELS, "reason": reason,
        "error": page.message(error) if error else "",
    }, status_code=status_of(error) if error else 200)  # fmt: skip


@router.get(f"{D}/metadata")
def metadata_page(slug: str, page: PageDep, session: SessionDep) -> Response:
    """An agency's proposed metadata change: each field now and proposed, side by side."""
    return _metadata_page(page, session, slug)


def _decide_metadata(page: Page, session: Session, slug: str, *, approve: bool,
                     reason: str = "") -> Response:  # fmt: skip
    try:
        service.review_metadata(session, actor=page.actor, slug=slug, approve=approve,
                                reason=reason)  # fmt: skip
    except (InvalidInputError, ConflictError) as exc:
        session.rollback()
        return _metadata_page(page, session, slug, reason=reason, error=exc)
    title = get_dataset(session, actor=page.actor, slug=slug).title
    notice = (page.gettext("Perubahan metadata %(title)s diterapkan.", title=title) if approve
              else page.gettext("Perubahan metadata %(title)s ditolak; alasannya tercatat.",
                                title=title))  # fmt: skip
    waiting = [c for c in pending_changes(session, actor=page.actor) if c.dataset != slug]
    if waiting:
        return page.redirect(f"/walidata/dataset/{waiting[0].dataset}/metadata",
                             notice=notice + " " + page.gettext(
                                 "Berikutnya: %(title)s.", title=waiting[0].title))  # fmt: skip
    return page.redirect("/walidata#metadata", notice=notice)


@router.post(f"{D}/metadata/setujui")
def approve_metadata(slug: str, page: PageDep, session: SessionDep) -> Response:
    """Apply the pending metadata change."""
    return _decide_metadata(page, session, slug, approve=True)


@router.post(f"{D}/metadata/tolak")
def refuse_metadata(slug: str, page: PageDep, session: SessionDep, form: FormDep) -> Response:
    """Refuse the pending metadata change, with a reason."""
    return _decide_metadata(page, session, slug, approve=False, reason=form_text(form, "reason"))

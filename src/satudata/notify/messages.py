"""The words of each notification: an Indonesian title and body, then an English line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TITLE_MAX = 500  # Notification.title
NOTE_IN_TITLE_MAX = 120


@dataclass(frozen=True)
class Message:
    """What a notification says; `body` is Indonesian, a blank line, then English."""

    title: str
    body: str


@dataclass(frozen=True)
class VersionFacts:
    """What a message about one version needs to know."""

    number: int
    title: str  # the dataset's
    organization: str  # the OPD as people call it
    actor: str  # who caused the event, as the audit log names them
    by_steward: bool  # decided by the pembina data rather than the walidata


def _one_line(text: str) -> str:
    """Collapse whitespace: titles become e-mail subjects, which may not hold line breaks."""
    return " ".join(text.split())


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _reviewer(facts: VersionFacts) -> tuple[str, str]:
    if facts.by_steward:
        return "pembina data", "the data steward (pembina data)"
    return "walidata", "the custodian (walidata)"


def _reason_lines(reasons: list[dict[str, Any]]) -> list[str]:
    lines = []
    for reason in reasons:
        item, note = str(reason.get("item", "")).strip(), str(reason.get("note", "")).strip()
        lines.append(f"- {item}: {note}" if item else f"- {note}")
    return lines


def _submitted(v: VersionFacts, name: str, _: list[dict[str, Any]]) -> Message:
    return Message(
        f"Versi {v.number} '{name}' diajukan untuk diperiksa",
        f"{v.organization} mengajukan versi {v.number} dataset '{name}' untuk diperiksa "
        f"walidata (oleh {v.actor}).\n\n"
        f"English: version {v.number} of '{name}' was submitted by {v.organization} for "
        "review by the custodian (walidata).",
    )  # fmt: skip


def _pembina_review(v: VersionFacts, name: str, _: list[dict[str, Any]]) -> Message:
    return Message(
        f"Versi {v.number} '{name}' menunggu telaah pembina data",
        f"Walidata menyetujui versi {v.number} dataset prioritas '{name}' ({v.organization}); "
        "kini giliran pembina data menelaahnya.\n\n"
        f"English: the custodian approved version {v.number} of the priority dataset "
        f"'{name}' ({v.organization}); it now awaits the data steward's review.",
    )  # fmt: skip


def _returned(v: VersionFacts, name: str, reasons: list[dict[str, Any]]) -> Message:
    who_id, who_en = _reviewer(v)
    notes = [_one_line(str(r.get("note", ""))) for r in reasons]
    notes = [n for n in notes if n]
    summary = _shorten(notes[0], NOTE_IN_TITLE_MAX) if notes else "lihat alasannya"
    if len(notes) > 1:
        summary += f" (+{len(notes) - 1} alasan lain)"
    lines = _reason_lines(reasons) or ["- (tanpa alasan tertulis)"]
    return Message(
        f"Versi {v.number} '{name}' dikembalikan oleh {who_id}: {summary}",
        f"{who_id.capitalize()} ({v.actor}) mengembalikan versi {v.number} dataset '{name}' "
        "dengan alasan berikut:\n" + "\n".join(lines) + "\n"
        "Perbaiki datanya, lalu ajukan lagi.\n\n"
        f"English: version {v.number} of '{name}' was returned by {who_en} with "
        f"{len(lines)} reason(s) listed above; fix it and submit it again.",
    )  # fmt: skip


def _approved(v: VersionFacts, name: str, _: list[dict[str, Any]]) -> Message:
    who_id, who_en = _reviewer(v)
    return Message(
        f"Versi {v.number} '{name}' disetujui",
        f"{who_id.capitalize()} ({v.actor}) menyetujui versi {v.number} dataset '{name}'. "
        "Versi ini menunggu diterbitkan oleh walidata.\n\n"
        f"English: version {v.number} of '{name}' was approved by {who_en} and awaits "
        "publication by the custodian.",
    )  # fmt: skip


def _published(v: VersionFacts, name: str, _: list[dict[str, Any]]) -> Message:
    return Message(
        f"Versi {v.number} '{name}' terbit",
        f"Versi {v.number} dataset '{name}' telah diterbitkan walidata ({v.actor}) dan kini "
        "menjadi versi publik.\n\n"
        f"English: version {v.number} of '{name}' was published and is now the public version.",
    )  # fmt: skip


WRITERS = {
    "submitted": _submitted,
    "pembina_review": _pembina_review,
    "returned": _returned,
    "approved": _approved,
    "published": _published,
}
KINDS = frozenset(WRITERS)


def version_message(kind: str, facts: VersionFacts,
                    reasons: list[dict[str, Any]] | None = None) -> Message:  # fmt: skip
    """Return the notification text for a workflow event of `kind` on one version."""
    message = WRITERS[kind](facts, _one_line(facts.title), reasons or [])
    return Message(_shorten(_one_line(message.title), TITLE_MAX), message.body)

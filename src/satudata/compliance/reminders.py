"""Reminders: each OPD hears of its Daftar Data periods due soon or overdue; the walidata
gets a digest. In-app notices, then e-mail (notify.mail) after the commit.

Never the same reminder twice: every reminder sent is recorded per person
(`compliance_reminder`, keyed "due_soon:<item>:<period>", "overdue:<item>:<period>:<round>",
"digest:<day>"). A period due soon is reminded once; one still overdue again every
`compliance_repeat_days` days (its round is days late // that number); the digest at most
once a day. During `compliance_quiet_hours` (WIB) a run sends nothing; the next catches up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from satudata.auth.actor import SYSTEM
from satudata.catalog.periods import MONTHS_ID, WIB, period_from_ordinal
from satudata.compliance.daftar import item_rows
from satudata.compliance.history import ItemFacts, load_facts
from satudata.compliance.scores import period_key_ordinal, score_item
from satudata.config import Settings
from satudata.db.base import utcnow
from satudata.db.compliance import ComplianceReminder
from satudata.db.people import RoleGrant, User
from satudata.db.session import session_scope
from satudata.db.workflow import Notification
from satudata.lake.store import Lake
from satudata.notify.mail import EmailOutcome, send_pending_email

OPD_ROLES = ("producer", "org_admin")
WALIDATA_ROLES = ("custodian", "custodian_delegate")
MAX_LINES = 20


@dataclass(frozen=True)
class Due:
    """One period to remind of."""

    kind: str  # due_soon | overdue
    item_id: int
    organization: str
    organization_name: str
    title: str
    period: str
    label: str
    label_en: str
    due: date
    days: int  # days late (overdue) or days left (due soon)
    key: str


@dataclass
class ReminderOutcome:
    """What a reminder run did (or, dry, would do)."""

    as_of: date
    quiet: bool = False
    dry_run: bool = False
    notices: list[dict[str, Any]] = field(default_factory=list)  # {email, kind, organization, keys}
    email: EmailOutcome | None = None


def in_quiet_hours(settings: Settings, moment: datetime) -> bool:
    """Is `moment` inside the quiet hours (WIB)?"""
    if not settings.compliance_quiet_hours:
        return False
    start, end = (int(h) for h in settings.compliance_quiet_hours.split("-"))
    hour = moment.astimezone(WIB).hour
    return start <= hour < end if start <= end else hour >= start or hour < end


def _day(d: date) -> str:
    return f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def dues_of(item: ItemFacts, as_of: date, settings: Settings) -> list[Due]:
    """Return the item's periods overdue and its next period if due soon and not sent."""
    score = score_item(item, as_of)
    repeat = settings.compliance_repeat_days
    out = []
    for p in score.periods:
        if p.delivered_on is None:
            round_ = p.days_late // repeat if repeat else 0
            out.append(Due("overdue", item.id, item.organization, item.organization_short,
                           item.title, p.period, p.label, p.label_en, p.due, p.days_late,
                           f"overdue:{item.id}:{p.period}:{round_}"))  # fmt: skip
    window = settings.compliance_due_soon_days
    if score.next_due is not None and score.next_period is not None and window:
        left = (score.next_due - as_of).days
        ahead = score.latest_period is not None and period_key_ordinal(
            item.frequency, score.latest_period) >= period_key_ordinal(item.frequency,
                                                                       score.next_period)  # fmt: skip
        if 0 <= left <= window and not ahead:
            period = period_from_ordinal(item.frequency,
                                         period_key_ordinal(item.frequency, score.next_period))  # fmt: skip
            out.append(Due("due_soon", item.id, item.organization, item.organization_short,
                           item.title, period.key, period.label("id"), period.label("en"),
                           score.next_due, left, f"due_soon:{item.id}:{period.key}"))  # fmt: skip
    return out


def _users(session: Session, roles: tuple[str, ...], organization: str | None) -> list[User]:
    from satudata.db.models import Organization

    grants = select(RoleGrant.user_id).where(RoleGrant.role.in_(roles))
    if organization is not None:
        grants = grants.join(Organization, Organization.id == RoleGrant.organization_id).where(
            Organization.code == organization)  # fmt: skip
    return list(session.scalars(select(User).where(User.is_active.is_(True), User.id.in_(grants))
                                .order_by(User.id)))  # fmt: skip


def opd_message(name: str, dues: list[Due]) -> tuple[str, str]:
    """Return the title and body of one OPD's reminder."""
    late = [d for d in dues if d.kind == "overdue"]
    soon = [d for d in dues if d.kind == "due_soon"]
    counts = ", ".join(x for x in (f"{len(late)} terlambat" if late else "",
                                   f"{len(soon)} segera jatuh tempo" if soon else "") if x)  # fmt: skip
    lines: list[str] = []
    if late:
        lines.append(f"Data dalam Daftar Data {name} yang belum dikirim:")
        lines += [f"- {d.title} {d.label}: terlambat {d.days} hari (tenggat {_day(d.due)})"
                  for d in late[:MAX_LINES]]  # fmt: skip
        if len(late) > MAX_LINES:
            lines.append(f"- dan {len(late) - MAX_LINES} periode lainnya")
    if soon:
        lines.append("Data yang segera jatuh tempo:")
        lines += [f"- {d.title} {d.label}: tenggat {_day(d.due)} ({d.days} hari lagi)"
                  for d in soon[:MAX_LINES]]  # fmt: skip
    english = (
        f"English: Daftar Data reminder for {name}: {len(late)} period(s) overdue, "
        f"{len(soon)} due soon; please send them through the Satu Data portal."
    )
    body = "\n".join(lines) + "\nKirim datanya melalui portal Satu Data.\n\n" + english
    return f"Pengingat Daftar Data {name}: {counts}", body


def digest_message(as_of: date, dues: list[Due]) -> tuple[str, str]:
    """Return the title and body of the walidata's digest."""
    by_org: dict[str, list[Due]] = defaultdict(list)
    for d in dues:
        by_org[d.organization_name].append(d)
    rows = sorted(by_org.items(), key=lambda kv: (-sum(d.kind == "overdue" for d in kv[1]), kv[0]))
    late_orgs = sum(1 for _, ds in rows if any(d.kind == "overdue" for d in ds))
    lines = [f"- {name}: {sum(d.kind == 'overdue' for d in ds)} terlambat, "
             f"{sum(d.kind == 'due_soon' for d in ds)} segera jatuh tempo" for name, ds in rows]  # fmt: skip
    body = (f"Ringkasan Daftar Data per {_day(as_of)}:\n" + "\n".join(lines) + "\n\n"
            f"English: Daftar Data digest: {late_orgs} agencies with overdue data, "
            f"{len(rows)} with reminders.")  # fmt: skip
    return f"Ringkasan Daftar Data {_day(as_of)}: {late_orgs} OPD terlambat", body


def _plan(session: Session, lake: Lake | None, settings: Settings,
          as_of: date) -> list[tuple[User, str, str, str, list[tuple[str, Due | None]], str]]:  # fmt: skip
    """Return (user, kind, title, body, [(key, due)], organization) of each notice to leave."""
    facts = load_facts(session, lake, item_rows(session, actor=SYSTEM))
    dues = [d for item in facts for d in dues_of(item, as_of, settings)]
    sent = defaultdict(set)
    for user_id, key in session.execute(select(ComplianceReminder.user_id, ComplianceReminder.key)):
        sent[user_id].add(key)
    by_org: dict[str, list[Due]] = defaultdict(list)
    for d in dues:
        by_org[d.organization].append(d)
    Plan = tuple[User, str, str, str, list[tuple[str, Due | None]], str]
    plan: list[Plan] = []
    for code, org_dues in sorted(by_org.items()):
        for user in _users(session, OPD_ROLES, code):
            fresh = [d for d in org_dues if d.key not in sent[user.id]]
            if fresh:
                title, body = opd_message(fresh[0].organization_name, fresh)
                keys: list[tuple[str, Due | None]] = [(d.key, d) for d in fresh]
                plan.append((user, "reminder", title, body, keys, code))
    if dues:
        title, body = digest_message(as_of, dues)
        for user in _users(session, WALIDATA_ROLES, None):
            key = f"digest:{as_of.isoformat()}"
            if key not in sent[user.id]:
                plan.append((user, "digest", title, body, [(key, None)], ""))
    return plan


def send_reminders(factory: sessionmaker[Session], settings: Settings, lake: Lake | None, *,
                   now: datetime | None = None, dry_run: bool = False) -> ReminderOutcome:  # fmt: skip
    """Leave the reminders due now (in-app), record them, then send their e-mail."""
    moment = now or utcnow()
    as_of = moment.astimezone(WIB).date()
    outcome = ReminderOutcome(as_of=as_of, dry_run=dry_run)
    if in_quiet_hours(settings, moment):
        outcome.quiet = True
        return outcome
    link = settings.public_url.rstrip("/") + "/kepatuhan"
    with session_scope(factory) as session:
        for user, kind, title, body, keys, code in _plan(session, lake, settings, as_of):
            outcome.notices.append({"email": user.email, "kind": kind, "organization": code,
                                    "title": title, "keys": [k for k, _ in keys]})  # fmt: skip
            if dry_run:
                continue
            note = Notification(user_id=user.id, kind=kind, title=title[:500], body=body,
                                link=f"{link}/{code}" if code else link)  # fmt: skip
            session.add(note)
            session.flush()
            for key, due in keys:
                session.add(ComplianceReminder(
                    user_id=user.id, key=key, kind=due.kind if due else "digest",
                    item_id=due.item_id if due else None, period=due.period if due else "",
                    notification_id=note.id, sent_at=moment))  # fmt: skip
        if dry_run:
            session.rollback()
    if not dry_run:
        outcome.email = send_pending_email(factory, settings)
    return outcome

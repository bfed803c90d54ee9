"""Sample accounts of the demo: one person per role, so every part of the portal can be tried.

They exist only in demo data folders (`satudata demo`); their password is printed in the
README and by the demo command. Never load the demo into a production database.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from satudata.auth import SYSTEM
from satudata.people.service import create_user, find_user

DEMO_PASSWORD = "coba-satudata-2026"
# e-mail, name, role, OPD
DEMO_PEOPLE: tuple[tuple[str, str, str, str | None], ...] = (
    ("operator.dinkes@demo.satudata.id", "Operator Dinas Kesehatan", "producer", "DINKES"),
    ("operator.dindik@demo.satudata.id", "Operator Dinas Pendidikan", "producer", "DINDIK"),
    ("walidata@demo.satudata.id", "Walidata Diskominfo", "custodian", None),
    ("pembina@demo.satudata.id", "Pembina Data BPS", "steward", None),
    ("pimpinan@demo.satudata.id", "Pimpinan Daerah", "leader", None),
    ("admin@demo.satudata.id", "Administrator", "admin", None),
)


def load_demo_people(session: Session) -> list[str]:
    """Create the demo accounts that are missing; return the e-mails created."""
    created = []
    for email, name, role, org in DEMO_PEOPLE:
        if find_user(session, email) is None:
            create_user(session, actor=SYSTEM, email=email, name=name, password=DEMO_PASSWORD,
                        role=role, organization=org)  # fmt: skip
            created.append(email)
    return created

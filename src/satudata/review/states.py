"""The states of a version and the moves between them.

draft ──submit──► submitted ──take──► in_review ──approve──► approved ──publish──► published
  ▲                  │                    │  └─(priority)──► pembina_review ──approve─┘
  └──── (new upload) ◄── returned ◄──return┴───────────────────────return──┘
submitted/in_review ──withdraw──► withdrawn;  published ──unpublish──► unpublished;
a newer publication makes the older one superseded; republish brings either back.
"""

from __future__ import annotations

STATE_NAMES_ID = {
    "draft": "draf", "submitted": "diajukan", "in_review": "diperiksa",
    "returned": "dikembalikan", "approved": "disetujui", "pembina_review": "diperiksa pembina",
    "published": "terbit", "superseded": "digantikan", "unpublished": "diturunkan",
    "withdrawn": "ditarik",
}  # fmt: skip

# action -> (states it starts from, state it leads to)
MOVES: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({"draft", "returned"}), "submitted"),
    "take": (frozenset({"submitted"}), "in_review"),
    "return": (frozenset({"in_review", "pembina_review"}), "returned"),
    "approve": (frozenset({"in_review"}), "approved"),  # or pembina_review: priority data
    "steward_approve": (frozenset({"pembina_review"}), "approved"),
    "publish": (frozenset({"approved"}), "published"),
    "withdraw": (frozenset({"submitted", "in_review"}), "withdrawn"),
    "unpublish": (frozenset({"published"}), "unpublished"),
    "republish": (frozenset({"superseded", "unpublished"}), "published"),
}

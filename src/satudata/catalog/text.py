"""Text normalisation for catalogue search (Indonesian-friendly, accent- and case-blind)."""

from __future__ import annotations

import re
import unicodedata

_STOPWORDS = frozenset(
    [
        "dan",
        "di",
        "ke",
        "dari",
        "yang",
        "untuk",
        "pada",
        "dengan",
        "atau",
        "per",
        "menurut",
        "dalam",
        "oleh",
        "the",
        "of",
        "and",
        "in",
    ]
)


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", ascii_text.lower()).split())


def query_terms(query: str) -> list[str]:
    """Split a search query into folded terms, dropping stop words."""
    return [t for t in fold(query).split() if t not in _STOPWORDS]


def slugify(text: str) -> str:
    """Turn a title into a URL slug."""
    return "-".join(fold(text).split())[:120] or "dataset"

"""Page languages: Indonesian in the source, English from Babel catalogs.

Every string a page shows is written in Indonesian and marked with `_()` (templates) or
`N_()` (labels in Python), and translated in `translations/en/*.po`. Each part of the
portal keeps its own catalog file (core, public, workspace, desk, ...); they are merged
when the app starts, so no `.mo` build step is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.support import NullTranslations

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
DEFAULT_LANGUAGE = "id"
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
LANGUAGE_COOKIE = "satudata_lang"


def N_(message: str) -> str:
    """Mark a label for translation where it is defined; pages translate it when shown."""
    return message


class CatalogTranslations(NullTranslations):
    """gettext over merged Babel catalogs; untranslated strings fall back to the source."""

    def __init__(self, messages: dict[str, str | tuple[str, ...]]) -> None:
        super().__init__()
        self.messages = messages

    def gettext(self, message: str) -> str:
        found = self.messages.get(message)
        return found if isinstance(found, str) and found else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self.messages.get(singular)
        if isinstance(found, tuple) and all(found):
            return found[0] if n == 1 else found[1]
        return singular if n == 1 else plural


def catalogs(language: str) -> list[Catalog]:
    """Return the catalogs of one language, one per portal part."""
    folder = TRANSLATIONS_DIR / language
    result = []
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            result.append(read_po(handle, locale=language))
    return result


@cache
def translations(language: str) -> NullTranslations:
    """Return the translations of a language (Indonesian: the source strings)."""
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return NullTranslations()
    messages: dict[str, str | tuple[str, ...]] = {}
    for catalog in catalogs(language):
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            key = str(message.id[0] if isinstance(message.id, (tuple, list)) else message.id)
            value = message.string
            messages[key] = tuple(value) if isinstance(value, (tuple, list)) else str(value or "")
    return CatalogTranslations(messages)


def gettext_functions(language: str) -> dict[str, Callable[..., str]]:
    """Return `_`, `gettext` and `ngettext` for templates (Jinja's newstyle: `%(name)s`)."""
    tr = translations(language)

    def gettext(message: str, **variables: Any) -> str:
        text = tr.gettext(message)
        return text % variables if variables else text

    def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
        text = tr.ngettext(singular, plural, n)
        return text % {"num": n, **variables}

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def pick_language(query: str | None, cookie: str | None) -> str:
    """Choose the page language: `?lang=`, then the cookie, then Indonesian.

    The browser's Accept-Language is not followed: the portal is Indonesian first, and
    English is what a visitor asks for with the switch.
    """
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return str(candidate)
    return DEFAULT_LANGUAGE

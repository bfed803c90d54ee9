"""Keeping the translation catalogs complete: extract every page string, by portal part.

`python scripts/i18n.py update` adds new strings to `translations/en/<part>.po` (with an
empty English text to fill in); `python scripts/i18n.py check` and the test suite fail
while any string is untranslated.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from satudata.web.i18n import TRANSLATIONS_DIR

WEB_DIR = Path(__file__).parent
METHOD_MAP = [("templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
CORE = "core"
PARTS = frozenset({"public", "visual", "workspace", "desk", "compliance"})  # one catalog each


def part_of(relative: str) -> str:
    """Return the portal part (catalog name) a source file of web/ belongs to."""
    path = Path(relative)
    name = path.parts[1] if path.parts[0] == "templates" and len(path.parts) > 2 else path.stem
    return name if name in PARTS else CORE


def extract() -> dict[str, dict[str, list[str]]]:
    """Return {part: {message: [where it is used]}} for every string of the web pages."""
    found: dict[str, dict[str, list[str]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(WEB_DIR), method_map=METHOD_MAP, keywords=KEYWORDS,
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    ):  # fmt: skip
        ids = message if isinstance(message, tuple) else (message,)
        if not ids or not ids[0]:
            continue
        found.setdefault(part_of(filename), {}).setdefault(ids[0], []).append(
            f"{filename}:{lineno}"
        )
    return found


def load(language: str, part: str) -> Catalog:
    """Return a part's catalog (an empty one if it has none yet)."""
    path = TRANSLATIONS_DIR / language / f"{part}.po"
    if not path.exists():
        return Catalog(locale=language, project="satudata", domain=part)
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def update(language: str = "en") -> dict[str, int]:
    """Add new strings to each part's catalog; return how many each part gained."""
    added: dict[str, int] = {}
    folder = TRANSLATIONS_DIR / language
    folder.mkdir(parents=True, exist_ok=True)
    known = {m.id for part in folder.glob("*.po") for m in load(language, part.stem) if m.id}
    for part, messages in extract().items():
        catalog = load(language, part)
        count = 0
        for message, places in messages.items():
            if message in known:
                continue
            catalog.add(message, "", locations=[(p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1]))
                                                for p in places[:3]])  # fmt: skip
            known.add(message)
            count += 1
        if count:
            with (folder / f"{part}.po").open("wb") as handle:
                write_po(handle, catalog, width=100, sort_output=False, include_lineno=False)
        added[part] = count
    return added


def untranslated(language: str = "en") -> dict[str, list[str]]:
    """Return {message: [where used]} for every page string without a translation."""
    folder = TRANSLATIONS_DIR / language
    done = {m.id: m.string for part in folder.glob("*.po") for m in load(language, part.stem)
            if m.id and not m.fuzzy}  # fmt: skip
    missing: dict[str, list[str]] = {}
    for messages in extract().values():
        for message, places in messages.items():
            value = done.get(message)
            if not value or (isinstance(value, tuple) and not all(value)):
                missing[message] = places
    return missing

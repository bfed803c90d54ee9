"""Translation catalogs: `update` adds new page strings to the English catalogs; `check` lists the untranslated."""

from __future__ import annotations

import sys

from satudata.web.catalogs import untranslated, update


def main(argv: list[str]) -> int:
    """Run `update` or `check`."""
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        for part, count in sorted(update().items()):
            print(f"{part}: {count} new")
    missing = untranslated()
    for message, places in missing.items():
        print(f"untranslated: {message!r} ({', '.join(places[:2])})")
    return 1 if missing and command == "check" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

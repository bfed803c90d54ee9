"""Every setting is documented in docs/configuration.md."""

from __future__ import annotations

from pathlib import Path

from satudata.config import Settings

CONFIGURATION = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_every_setting_is_documented() -> None:
    text = CONFIGURATION.read_text(encoding="utf-8")
    missing = [
        name
        for name in Settings.model_fields
        if f"`{name}`" not in text or f"`SATUDATA_{name.upper()}`" not in text
    ]
    assert missing == [], f"settings missing from docs/configuration.md: {', '.join(missing)}"

"""Translatable text. Messages live in ``spin_coach/locale/<lang>/<domain>.toml``.

A key is ``domain.name`` (``coach.nudge.too_many_questions``); the value is a
``str.format`` template. A key missing in one language falls back to English,
and a key missing everywhere shows itself, so a gap is visible, never a crash.
"""

from __future__ import annotations

import locale
import os
import tomllib
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SUPPORTED = ("en", "ru")


@cache
def _domain(lang: str, domain: str) -> dict[str, str]:
    path = LOCALE_DIR / lang / f"{domain}.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    flat: dict[str, str] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else k, v)
        else:
            flat[prefix] = value

    walk("", data)
    return flat


def t(key: str, lang: str = "en", /, **values) -> str:
    """The message ``key`` in ``lang``, with ``values`` filled in."""
    domain, _, name = key.partition(".")
    template = _domain(lang, domain).get(name)
    if template is None and lang != "en":
        template = _domain("en", domain).get(name)
    if template is None:
        return key
    return template.format(**values) if values else template


def system_language() -> str:
    """``ru`` when the user's locale is Russian, else ``en``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    code = (locale.getlocale()[0] or "").lower()
    return "ru" if code.startswith("ru") else "en"


def resolve_language(explicit: str | None, configured: str | None = None) -> str:
    """``--lang`` wins, then the config file, then the locale."""
    for lang in (explicit, configured):
        if lang in SUPPORTED:
            return lang
    return system_language()

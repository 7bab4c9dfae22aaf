"""Markdown output: client text printed into Markdown stays text.

Before a Markdown template renders, every string of its context is escaped
(:func:`markdown_context`), the way an HTML template autoescapes: an answer
holding ``<script>``, ``[a](javascript:…)``, ``**`` or ``|`` reads as typed in
any Markdown viewer and cannot break a table, open a link or become HTML.
Escaping the data rather than each printed value lets templates use macros
freely; ids and other plain words (``end_use``) come through unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

# Inline syntax: code, emphasis, links and images, raw HTML and autolinks, tables, escapes.
_INLINE = re.compile(r"([\\`*\[\]<>|])")
# An underscore inside a word (end_use) is never emphasis; only one at a word's edge is.
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# At the start of the value: headings, lists and thematic breaks (quotes are escaped inline).
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|-{3,}|[+\-](?=\s|$)|\d+[.)](?=\s|$))")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Line breaks and runs of spaces become one space; no-break spaces (in "EUR 60,000") stay.
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f]+")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: one line, every active character backslash-escaped."""
    flat = _BREAKING_SPACE.sub(" ", text).strip()
    flat = _ENTITY.sub("&amp;", flat)
    flat = _INLINE.sub(r"\\\1", flat).replace("~~", "\\~\\~")
    flat = _EDGE_UNDERSCORE.sub(r"\\_", flat)
    return _LINE_START.sub(_escape_marker, flat)


def _escape_marker(m: re.Match) -> str:
    marker = m.group(2)
    if marker[0].isdigit():  # "1." is escaped as "1\.", a backslash before a digit means nothing
        return m.group(1) + marker[:-1] + "\\" + marker[-1]
    return m.group(1) + "\\" + marker


def markdown_context(value: Any) -> Any:
    """A copy of a template context (dicts, lists, strings) with every string Markdown-escaped."""
    if isinstance(value, str):
        return value if isinstance(value, Markup) else escape_markdown(value)
    if isinstance(value, dict):
        return {k: markdown_context(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [markdown_context(v) for v in value]
    return value

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


# Most strings (names, labels, amounts, ids) hold nothing to escape: one search tells.
_NOTHING_TO_DO = re.compile(r"[\\`*_\[\]<>|~&\r\n\t\f\v\x85\u2028\u2029]|\s\s|^\s|\s$|^[#+\-]|^\d+[.)]")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: one line, every active character backslash-escaped."""
    if not _NOTHING_TO_DO.search(text):
        return text
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


def markdown_context(value: Any, _seen: dict[str, str] | None = None) -> Any:
    """A copy of a template context (dicts, lists, strings) with every string Markdown-escaped."""
    seen = {} if _seen is None else _seen  # the same names and labels recur all over a context
    if isinstance(value, str):
        if isinstance(value, Markup):
            return value
        done = seen.get(value)
        if done is None:
            done = seen[value] = escape_markdown(value)
        return done
    if isinstance(value, dict):
        return {k: markdown_context(v, seen) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [markdown_context(v, seen) for v in value]
    return value

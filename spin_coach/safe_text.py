"""Stored text made safe to show: control characters become visible stand-ins.

What a client said is stored exactly as typed or pasted (the JSON export keeps
it, escaped by JSON). Wherever text leaves the store to be *shown* — the
terminal app, the command line's human output, Markdown, HTML and Word
documents — it passes through :func:`visible` first, so that an escape
sequence (``ESC[2J`` clearing the screen, OSC 52 writing the clipboard, OSC 8
links), a vertical tab pasted from Word (which Word's own XML cannot hold) or
a right-to-left override (which makes text read differently from what it is)
is seen for what it is instead of acting on the terminal or the reader.

The mapping, one character at a time:

- newline and tab stay; a Windows line end (CR LF) is a newline;
- every other C0 control character (U+0000–U+001F) becomes its Unicode
  control picture, U+2400–U+241F: ESC is ``␛``, a vertical tab ``␋``, a lone
  carriage return ``␍``; DEL (U+007F) becomes ``␡`` (U+2421);
- C1 control characters (U+0080–U+009F, among them CSI U+009B and OSC
  U+009D, which some terminals act on) and the bidirectional embedding,
  override and isolate characters (U+202A–U+202E, U+2066–U+2069) have no
  pictures: they become their code point in angle brackets, ``⟨U+009B⟩``,
  ``⟨U+202E⟩``.

Where text is being edited in place (an input field of the terminal app), one
character must stay one character so the cursor stays where it is:
``visible(text, one_for_one=True)`` maps the characters without a picture to
``�`` (U+FFFD) and leaves a carriage return a ``␍``.

Everything else — letters of every script, emoji, no-break spaces — comes
through unchanged. This module imports nothing but :mod:`re`: the core, the
CLI, the documents and the terminal app all use it.
"""

from __future__ import annotations

import re

__all__ = ["visible"]

# CR LF first, so that a Windows line end is read as the newline it is.
_HIDDEN = re.compile("\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"⟨U+{code:04X}⟩"


_STAND_INS = {chr(c): _stand_in(chr(c)) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_STAND_INS["\r\n"] = "\n"
_ONE_FOR_ONE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SINGLE_TABLE = str.maketrans({char: shown if len(shown) == 1 else "\ufffd" for char, shown in _STAND_INS.items() if len(char) == 1 and char not in "\n\t"})


def _replace(match: re.Match[str]) -> str:
    return _STAND_INS[match.group()]


def visible(text: str, *, one_for_one: bool = False) -> str:
    """``text`` with every control character except newline and tab shown as a harmless stand-in.

    ``visible("Q3\\x1b[2J")`` is ``"Q3␛[2J"``; text without control characters
    is returned as it is (the same object). With ``one_for_one``, the result
    has exactly as many characters as ``text``.
    """
    if one_for_one:
        if not _ONE_FOR_ONE.search(text):
            return text
        return text.translate(_SINGLE_TABLE)
    if not _HIDDEN.search(text):
        return text
    return _HIDDEN.sub(_replace, text)

"""``@name`` at the start of a meeting note says who said it.

The name is matched by prefix against each word of a person's name, ignoring
case and ё/е, and across alphabets: a seller on a Latin keyboard can type
``@olga`` for Ольга, or ``@анна`` for Anna.
"""

from __future__ import annotations

import re
from typing import Sequence

from .models import Stakeholder

__all__ = ["leading_mention", "match_people", "transliterate"]

_MENTION = re.compile(r"\s*@(?P<name>[^\s:,;.!?]+)[:,;.!?]?\s*")

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
_TRANSLIT = str.maketrans(_CYRILLIC_TO_LATIN)


def transliterate(text: str) -> str:
    """Lower-case Latin spelling of ``text`` (Cyrillic letters spelled out, the rest kept)."""
    return text.casefold().translate(_TRANSLIT)


def leading_mention(text: str) -> tuple[str, str] | None:
    """``("anna", "we use SAP")`` for ``"@anna: we use SAP"``; None when the line starts otherwise."""
    m = _MENTION.match(text)
    if not m:
        return None
    return m.group("name"), text[m.end() :]


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-.']+", name.casefold().replace("ё", "е")) if w]


def match_people(token: str, people: Sequence[Stakeholder]) -> list[Stakeholder]:
    """The people whose name has a word starting with ``token``, in the order given.

    Spelled as typed first; only when nobody matches that way, across alphabets.
    """
    token = token.casefold().replace("ё", "е")
    if not token:
        return []
    same = [p for p in people if any(w.startswith(token) for w in _words(p.name))]
    if same:
        return same
    latin = transliterate(token)
    return [p for p in people if any(transliterate(w).startswith(latin) for w in _words(p.name))]

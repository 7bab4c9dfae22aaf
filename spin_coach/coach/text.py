"""Wording shared by the coaching modules: messages, money, names and short quotes.

Every sentence the coach shows a seller comes from the ``coach`` message
catalogs (``spin_coach/locale/<lang>/coach.toml``), so English and Russian
stay side by side and a missing key shows itself instead of crashing.
"""

from __future__ import annotations

from ..i18n import t
from ..models import Period

QUOTE_LIMIT = 80
# A no-break space keeps "120 000 RUB" on one line in Russian text.
_NBSP = "\u00a0"


def msg(key: str, lang: str, /, **values) -> str:
    """The coach message ``key`` (without the ``coach.`` prefix) in ``lang``."""
    return t(f"coach.{key}", lang, **values)


def number(value: float, lang: str) -> str:
    """A number as a seller reads it: thousands grouped, cents only when there are any."""
    text = f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 1000 else f"{value:,.2f}"
    if lang == "ru":
        return text.replace(",", _NBSP).replace(".", ",")
    return text


def money(amount: float, currency: str, lang: str, period: Period | None = None) -> str:
    """``EUR 120,000 a year`` / ``120 000 EUR в год``; a one-off amount gets no period."""
    text = f"{number(amount, lang)}{_NBSP}{currency}" if lang == "ru" else f"{currency}{_NBSP}{number(amount, lang)}"
    if period and period != "one_off":
        text += " " + msg(f"period.{period}", lang)
    return text


def money_list(amounts: dict[str, float], lang: str, period: Period | None = None) -> str:
    """Several currencies side by side, never added together: ``EUR 10 + USD 5``."""
    if not amounts:
        return msg("money.none", lang)
    return " + ".join(money(v, c, lang, period) for c, v in sorted(amounts.items()))


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """What someone said, on one line and short enough for a nudge."""
    # A closing full stop would double up with the sentence the quote sits in.
    flat = " ".join(text.split()).removesuffix(".")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def names(people: list[str]) -> str:
    """A short list of names for a sentence."""
    return ", ".join(people)

"""Wording for proposals and call plans: messages, money, dates and labels in en or ru.

Every sentence a document adds around the client's own words comes from the
``proposal`` message catalogs (``spin_coach/locale/<lang>/proposal.toml``).
"""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

from ..coach.gaps import Gap, GapKind
from ..coach.text import number
from ..i18n import t
from .views import Money

_NBSP = "\u00a0"
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTHS_RU = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)


def doc(key: str, lang: str, /, **values) -> str:
    """The document message ``key`` (under ``proposal.doc.``)."""
    return t(f"proposal.doc.{key}", lang, **values)


def plan_msg(key: str, lang: str, /, **values) -> str:
    """The call-plan message ``key`` (under ``proposal.plan.``)."""
    return t(f"proposal.plan.{key}", lang, **values)


def doc_list(key: str, lang: str) -> list[str]:
    """A list-valued document message (next steps), falling back to English."""
    value = t(f"proposal.doc.{key}", lang)  # without values, t() returns the catalog's list as is
    return [str(v) for v in value] if isinstance(value, list) else []


def section_title(section: str, emphasis: str, lang: str) -> str:
    """A section heading, worded for the purchase model when the catalog has such a wording."""
    specific = t(f"proposal.doc.section.{section}.{emphasis}", lang)
    if not specific.startswith("proposal."):
        return specific
    return doc(f"section.{section}.default", lang)


def currency_label(currency: str, lang: str) -> str:
    label = t(f"proposal.doc.currency.{currency}", lang)
    return currency if label.startswith("proposal.") else label


def money_text(amount: float, currency: str, lang: str, period: str | None = None) -> str:
    """``EUR 60,000 a year`` / ``6 000 000 руб. в год``; a one-off amount gets no period."""
    shown = currency_label(currency, lang)
    text = f"{number(amount, lang)}{_NBSP}{shown}" if lang == "ru" else f"{shown}{_NBSP}{number(amount, lang)}"
    if period and period != "one_off":
        text += " " + doc(f"period.{period}", lang)
    return text


def money(amount: float, currency: str, lang: str, period: str | None = None) -> Money:
    return Money(amount=amount, currency=currency, text=money_text(amount, currency, lang, period))


def money_list(amounts: dict[str, float], lang: str, period: str | None = None) -> list[Money]:
    """One entry per currency, in currency order; currencies are never added together."""
    return [money(v, c, lang, period) for c, v in sorted(amounts.items()) if v]


def joined(items: list[str], lang: str) -> str:
    """``A, B and C`` / ``A, B и C``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    word = " и " if lang == "ru" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


def amounts_text(amounts: list[Money], lang: str) -> str:
    return " + ".join(m.text for m in amounts)


def quoted(text: str, lang: str) -> str:
    """The client's words in the language's quotation marks, on one line."""
    flat = " ".join(text.split())
    return f"{doc('quote_open', lang)}{flat}{doc('quote_close', lang)}"


def date_text(day: date, lang: str) -> str:
    """``6 October 2026`` / ``6 октября 2026 г.``"""
    if lang == "ru":
        return f"{day.day} {_MONTHS_RU[day.month - 1]} {day.year}\u00a0г."
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def in_sentence(text: str, lang: str) -> str:
    """A label or statement placed after a colon: Russian lowercases its first letter (not in ERP)."""
    if lang == "ru" and text[:1].isupper() and text[1:2].islower():
        return text[0].lower() + text[1:]
    return text


# ---------------------------------------------------------------- the coach's gaps, as documents word them

OpenPoint = Literal["confirm", "quantify", "validate", "value", "implied", "meet", "roles"]
# The gaps still open with the client, as the proposal's open questions (``doc.open.<point>``) and the
# call plan's open points (``plan.open.<point>``) word them; the order is the order they are asked in.
OPEN_POINTS: dict[GapKind, OpenPoint] = {
    "key_not_confirmed": "confirm",
    "problem_without_implication": "quantify",
    "implication_not_quantified": "quantify",
    "estimate_to_confirm": "validate",
    "implication_without_payoff": "value",
    "problem_without_payoff": "value",
    "need_implied": "implied",
    "never_met": "meet",
    "missing_key_role": "roles",
    "missing_role": "roles",
}
OPEN_ORDER: tuple[OpenPoint, ...] = get_args(OpenPoint)
# The gaps the proposal names as risks to the decision (``doc.risk.<risk>``).
RISKS: dict[GapKind, str] = {
    "no_shared_problem": "no_agreement",
    "estimate_to_confirm": "estimates",
}


def open_point(gap: Gap) -> OpenPoint | None:
    """What the documents ask about a gap, or None for a gap they leave to the coach."""
    return OPEN_POINTS.get(gap.kind)

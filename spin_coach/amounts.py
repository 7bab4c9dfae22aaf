"""Money in what the client said: find "12k EUR/month", "1.2 млн руб в год" or
"€40,000 a year" in a line of notes and turn it into a value, currency and period.

Only a number that looks like money counts: it carries a currency, or a
multiplier such as "k" or "млн". "3 days" or "in 2024" is not an amount, so a
seller's line is never given a figure the client did not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Period

__all__ = ["Amount", "parse_amount"]


@dataclass(frozen=True)
class Amount:
    """An amount found in text: ``value`` in ``currency`` per ``period`` (either may be unknown)."""

    value: float
    currency: str | None = None
    period: Period | None = None
    start: int = 0  # where the figure sits in the text it came from
    end: int = 0


# A number: "40,000", "40 000", "1 200 000", "1.2", "1,2", "12". Thousands
# separators are a comma, a dot or a (no-break) space followed by exactly three digits.
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"

_MULTIPLIERS: list[tuple[str, float]] = [
    (r"k|к|тыс\.?|тысяч[аи]?|thousands?|thsd\.?", 1e3),
    (r"m|mn|mln|mio|millions?|млн\.?|миллион(?:а|ов)?", 1e6),
    (r"bn|b|billions?|млрд\.?|миллиард(?:а|ов)?", 1e9),
]

# Currency words before or after the figure. The code is what the store keeps.
_CURRENCIES: list[tuple[str, str]] = [
    (r"€|eur|euros?|евро", "EUR"),
    (r"\$|usd|us\$|dollars?|долл(?:\.|ар(?:а|ов)?)?", "USD"),
    (r"£|gbp|pounds?|фунт(?:а|ов)?", "GBP"),
    (r"₽|rub|rur|roubles?|rubles?|руб(?:\.|л(?:ь|я|ей))?|р\.", "RUB"),
    (r"pln|zł|zl|złotych|злот(?:ый|ых)", "PLN"),
    (r"chf|francs?|франк(?:а|ов)?", "CHF"),
    (r"kzt|₸|тенге", "KZT"),
    (r"uah|₴|грив(?:на|ны|ен)", "UAH"),
    (r"cny|yuan|юан(?:ь|я|ей)", "CNY"),
]

_PERIODS: list[tuple[str, Period]] = [
    (
        r"(?:/|per|an?|each|every)\s*(?:month|mo|mth)\b|monthly|(?:/|в|за|на)\s*(?:мес\.?|месяц)\b|ежемесячн\w*",
        "month",
    ),
    (
        r"(?:/|per|an?|each|every)\s*(?:quarter|qtr|q)\b|quarterly|(?:/|в|за|на)\s*квартал\b|ежеквартальн\w*",
        "quarter",
    ),
    (
        r"(?:/|per|an?|each|every)\s*(?:year|yr|y|annum)\b|p\.\s?a\.|annual(?:ly)?\b|yearly|(?:/|в|за|на)\s*год\b|ежегодн\w*|годовых",
        "year",
    ),
    (r"one[- ]?off|one[- ]?time|once\b|разово|единоразово|единовременно", "one_off"),
]
# In a field that holds nothing but an amount, the bare word is enough: "12000 EUR month".
_BARE_PERIODS: list[tuple[str, Period]] = [
    (r"months?|месяц\w*|мес\.?", "month"),
    (r"quarters?|квартал\w*", "quarter"),
    (r"years?|год\w*|лет", "year"),
]


def _alternation(pairs: list[tuple[str, object]]) -> str:
    return "|".join(f"(?P<g{i}>{pattern})" for i, (pattern, _) in enumerate(pairs))


def _which(match: re.Match, pairs: list[tuple[str, object]]):
    for i, (_, value) in enumerate(pairs):
        if match.group(f"g{i}") is not None:
            return value
    return None


# The letter-like tail must not run on into a word: "12 min" is not "12 m(illion)".
_END = r"(?![^\W\d_])"
_NUMBER_RE = re.compile(rf"(?<![\w.,])(?P<num>{_NUMBER})(?![\d])")
_MULTIPLIER_RE = re.compile(rf"[ \u00a0\u202f]?(?:{_alternation(_MULTIPLIERS)}){_END}", re.IGNORECASE)
_CURRENCY_AFTER_RE = re.compile(rf"[ \u00a0\u202f]?(?:{_alternation(_CURRENCIES)})(?:{_END}|(?<=\W))", re.IGNORECASE)
_CURRENCY_BEFORE_RE = re.compile(rf"(?:{_alternation(_CURRENCIES)})[ \u00a0\u202f]?$", re.IGNORECASE)
_PERIOD_RE = re.compile(_alternation(_PERIODS), re.IGNORECASE)
_BARE_PERIOD_RE = re.compile(rf"(?<![^\W\d_])(?:{_alternation(_BARE_PERIODS)}){_END}", re.IGNORECASE)


def _number(text: str) -> float:
    """Read one number, deciding which of ``,`` and ``.`` groups thousands and which marks decimals."""
    text = re.sub(r"[ \u00a0\u202f]", "", text)
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if decimal == "," else ","
        return float(text.replace(group, "").replace(decimal, "."))
    for sep in (",", "."):
        if sep in text:
            head, *groups = text.split(sep)
            # "40,000" and "1.200.000" group thousands; "1,2" and "2,50" are decimals.
            if all(len(g) == 3 for g in groups) and (len(groups) > 1 or sep == ","):
                return float(head + "".join(groups))
            if len(groups) == 1:
                return float(f"{head}.{groups[0]}")
            return float(text.replace(sep, ""))
    return float(text)


def parse_amount(text: str, default_currency: str | None = None, *, lenient: bool = False) -> Amount | None:
    """The amount of money ``text`` mentions, or None when it names none.

    A figure counts when it carries a currency or a multiplier; with
    ``lenient`` (a field meant for an amount) a bare number counts too, and so
    does a bare period word ("12000 EUR month"). Without a currency in the
    text the amount takes ``default_currency``. When several figures qualify,
    the one with the most money-like marks wins, the first on a tie.
    """
    best: tuple[int, Amount] | None = None
    for m in _NUMBER_RE.finditer(text):
        try:
            value = _number(m.group("num"))
        except ValueError:
            continue
        end = m.end()
        score = 0
        mult = _MULTIPLIER_RE.match(text, end)
        if mult:
            value *= _which(mult, _MULTIPLIERS)
            end = mult.end()
            score += 1
        currency = None
        after = _CURRENCY_AFTER_RE.match(text, end)
        if after:
            currency = _which(after, _CURRENCIES)
            end = after.end()
        else:
            before = _CURRENCY_BEFORE_RE.search(text, 0, m.start())
            if before:
                currency = _which(before, _CURRENCIES)
        if currency:
            score += 2
        if not score and not lenient:
            continue
        start = before.start() if currency and not after else m.start()
        amount = Amount(round(value, 2), currency or default_currency, _period(text, end, lenient), start, end)
        if best is None or score > best[0]:
            best = (score, amount)
    return best[1] if best else None


def _period(text: str, after: int, lenient: bool) -> Period | None:
    """The period said after the figure, else anywhere in the line."""
    for pattern, pairs in ((_PERIOD_RE, _PERIODS), *(((_BARE_PERIOD_RE, _BARE_PERIODS),) if lenient else ())):
        found = pattern.search(text, after) or pattern.search(text)
        if found:
            return _which(found, pairs)
    return None

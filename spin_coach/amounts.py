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

# A word starts here: not inside another word ("a day" must not read as "a y(ear)").
_WORD = r"(?<![^\W\d_])"
_EVERY = rf"(?:/\s*|{_WORD}(?:per|an?|each|every)\s+)"  # "/month", "a month" (never "any")

_PERIODS: list[tuple[str, Period]] = [
    (
        rf"{_EVERY}(?:week|wk|w)\b|{_WORD}weekly|(?:/|{_WORD}(?:в|за))\s*(?:нед\.?|неделю)(?![^\W\d_])|{_WORD}еженедельн\w*",
        "week",
    ),
    (
        rf"{_EVERY}(?:month|mo|mth)\b|{_WORD}monthly|(?:/|{_WORD}(?:в|за|на))\s*(?:мес\.?|месяц)\b|{_WORD}ежемесячн\w*",
        "month",
    ),
    (
        rf"{_EVERY}(?:quarter|qtr|q)\b|{_WORD}quarterly|(?:/|{_WORD}(?:в|за|на))\s*квартал\b|{_WORD}ежеквартальн\w*",
        "quarter",
    ),
    (
        rf"{_EVERY}(?:year|yr|y|annum)\b|{_WORD}p\.\s?a\.|{_WORD}annual(?:ly)?\b|{_WORD}yearly|(?:/|{_WORD}(?:в|за|на))\s*год\b|{_WORD}ежегодн\w*|{_WORD}годовых",
        "year",
    ),
    (rf"{_WORD}(?:one[- ]?off|one[- ]?time|once\b|разово|единоразово|единовременно)", "one_off"),
]

# How often something recurs, said in a way no period holds: "every two months", "twice a
# month", "a day", "fortnightly", "раз в два месяца". Such an amount gets no period — never
# the nearest one — so the seller says how often it is rather than the coach guessing.
_COUNT = r"(?:\d+|an?other|other|two|three|four|five|six|eight|ten|twelve|two or three|два|две|три|четыре|пять|шесть|полгода)"
_UNITS = r"(?:days?|weeks?|months?|quarters?|years?|hours?|дн\w*|сут\w*|недел\w*|месяц\w*|квартал\w*|год\w*|лет|час\w*)"
_UNCOUNTABLE = (
    rf"{_WORD}(?:every|each|per|once\s+(?:every|in))\s+{_COUNT}\s*-?\s*{_UNITS}"
    rf"|{_WORD}(?:twice|thrice|(?:\d+|two|three|four|five|six)\s*(?:x|times))\s+(?:an?|per|each|every|in\s+an?)\b"
    rf"|{_WORD}(?:bi-?(?:weekly|monthly|annual(?:ly)?|yearly)|fortnight(?:ly)?|semi-?annual(?:ly)?|half-?yearly|twice-?yearly)"
    rf"|{_EVERY}(?:day|hour|hr|h|night|shift|weekend|fortnight)\b|{_WORD}(?:daily|hourly|nightly|weekends)"
    rf"|{_WORD}раз\s+в\s+{_COUNT}|{_WORD}(?:\d+|два|две|три|четыре|пять|шесть)\s+раза?\s+в\b|{_WORD}дважды\s+в\b|{_WORD}в\s+полгода"
    rf"|(?:/|{_WORD}(?:в|за))\s*(?:день|дн\.|сутки|час|смену|выходные)(?![^\W\d_])|{_WORD}(?:ежедневн|ежечасн|посуточн|почасов)\w*"
)
_NOT_A_PERIOD = "uncountable"

# In a field that holds nothing but an amount, the bare word is enough: "12000 EUR month".
_BARE_PERIODS: list[tuple[str, Period]] = [
    (r"weeks?|недел\w*|нед\.?", "week"),
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
_SAID_PERIODS: list[tuple[str, str]] = [(_UNCOUNTABLE, _NOT_A_PERIOD), *_PERIODS]
_PERIOD_RE = re.compile(_alternation(_SAID_PERIODS), re.IGNORECASE)
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
    """The period said after the figure, else anywhere in the line; None when none was said,
    or when how often was said in a way no period holds ("every two months", "a day")."""
    for pattern, pairs in ((_PERIOD_RE, _SAID_PERIODS), *(((_BARE_PERIOD_RE, _BARE_PERIODS),) if lenient else ())):
        found = pattern.search(text, after) or pattern.search(text)
        if found:
            period = _which(found, pairs)
            return None if period == _NOT_A_PERIOD else period
    return None

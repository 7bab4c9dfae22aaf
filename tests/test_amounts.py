"""Amounts in what the client said: the figure, its currency and how often it recurs."""

from __future__ import annotations

import pytest

from spin_coach.amounts import Amount, parse_amount


@pytest.mark.parametrize(
    ("text", "value", "currency", "period"),
    [
        ("12k EUR/month", 12_000, "EUR", "month"),
        ("1.2 млн руб в год", 1_200_000, "RUB", "year"),
        ("€40,000 a year", 40_000, "EUR", "year"),
        ("$5m per quarter", 5_000_000, "USD", "quarter"),
        ("300 тыс. ₽ в месяц", 300_000, "RUB", "month"),
        ("около 2,5 млн рублей ежемесячно", 2_500_000, "RUB", "month"),
        ("40 000 евро в год", 40_000, "EUR", "year"),
        ("12к₽/мес", 12_000, "RUB", "month"),
        ("GBP 3.5k p.a.", 3_500, "GBP", "year"),
        ("1,234.5 USD", 1_234.5, "USD", None),
        ("1.5 mln USD annually", 1_500_000, "USD", "year"),
        ("€ 40 000 one-off", 40_000, "EUR", "one_off"),
        ("штраф 500 тыс. руб. разово", 500_000, "RUB", "one_off"),
        ("50 000 zł miesięcznie", 50_000, "PLN", None),
    ],
)
def test_seller_types_what_the_client_said_and_gets_the_amount(text, value, currency, period):
    amount = parse_amount(text)
    assert amount is not None
    assert (amount.value, amount.currency, amount.period) == (pytest.approx(value), currency, period)


def test_an_amount_inside_a_longer_line_is_found_with_its_place():
    text = "CFO: delays cost us about 12k EUR/month in penalties"
    amount = parse_amount(text)
    assert amount == Amount(12_000, "EUR", "month", text.index("12k"), text.index("/month"))


def test_a_multiplier_without_currency_takes_the_deals_currency():
    assert parse_amount("costs us 12k a month", default_currency="RUB") == Amount(12_000, "RUB", "month", 9, 12)
    assert parse_amount("costs us 12k a month").currency is None


@pytest.mark.parametrize(
    "text",
    ["we lose 3 days per order", "in 2024 they replaced SAP", "30% of orders are late", "12 min per approval", ""],
)
def test_a_number_that_is_not_money_is_not_an_amount(text):
    assert parse_amount(text, default_currency="EUR") is None


def test_the_most_money_like_figure_wins_over_earlier_counts():
    amount = parse_amount("3 people spend 2 days, that is €4,500 a month")
    assert (amount.value, amount.currency, amount.period) == (4_500, "EUR", "month")


def test_a_field_meant_for_an_amount_takes_bare_numbers_and_period_words():
    assert parse_amount("12000 EUR month", lenient=True) == Amount(12_000, "EUR", "month", 0, 9)
    assert parse_amount("12000", "EUR", lenient=True).value == 12_000
    assert parse_amount("250 тыс руб год", lenient=True).period == "year"
    assert parse_amount("12000 EUR month").period is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,2 млн руб", 1_200_000), ("1 200 000 руб", 1_200_000), ("1.200.000 руб", 1_200_000), ("2,50 EUR", 2.5)],
)
def test_commas_dots_and_spaces_group_or_mark_decimals_as_people_write_them(text, value):
    assert parse_amount(text).value == pytest.approx(value)


def test_amounts_and_mentions_are_core_modules_without_textual():
    import subprocess
    import sys

    code = "import sys, spin_coach.amounts, spin_coach.mentions; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0

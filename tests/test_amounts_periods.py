"""No amount is ever given a period it was not said with (issue 10, item 13): weekly
amounts are weekly, an unsaid period stays unsaid, and a cadence the coach cannot count
("every two months", "twice a month", "a day") is no period rather than a wrong one."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from spin_coach.amounts import parse_amount
from spin_coach.coach.problems import PER_YEAR, per_year
from spin_coach.models import Implication
from tui_helpers import pilot_test


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$6,500 a week", 6_500, "USD"),
        ("6.5k EUR per week", 6_500, "EUR"),
        ("€6,500 weekly", 6_500, "EUR"),
        ("6500 USD/wk", 6_500, "USD"),
        ("6500 USD / week", 6_500, "USD"),
        ("€2k each week", 2_000, "EUR"),
        ("650 тыс. руб. в неделю", 650_000, "RUB"),
        ("65 тыс руб еженедельно", 65_000, "RUB"),
        ("65к₽/нед", 65_000, "RUB"),
    ],
)
def test_a_weekly_amount_is_weekly(text, value, currency):
    amount = parse_amount(text)
    assert (amount.value, amount.currency, amount.period) == (pytest.approx(value), currency, "week")


def test_a_bare_week_word_in_an_amount_field_is_weekly():
    assert parse_amount("6500 EUR week", lenient=True).period == "week"
    assert parse_amount("6500 руб неделя", lenient=True).period == "week"


@pytest.mark.parametrize(
    "text",
    [
        "€5k every two months",
        "€5k every 2 months",
        "€500 twice a month",
        "€500 two times a year",
        "$300 every other week",
        "$300 every 3 weeks",
        "$300 biweekly",
        "$300 bi-weekly",
        "£300 fortnightly",
        "$1,200 a day",
        "$1,200 per day",
        "$120 an hour",
        "$120 hourly",
        "€4k a weekend",
        "500 тыс руб раз в два месяца",
        "500 тыс руб два раза в месяц",
        "5 тыс руб в день",
        "5 тыс руб ежедневно",
    ],
)
@pytest.mark.parametrize("lenient", [False, True])
def test_a_cadence_the_coach_cannot_count_gets_no_period(text, lenient):
    amount = parse_amount(text, lenient=lenient)
    assert amount is not None
    assert amount.period is None


@pytest.mark.parametrize("text", ["$6,500", "6500", "€40k for the pilot"])
def test_an_amount_said_without_a_period_has_none(text):
    assert parse_amount(text, "EUR", lenient=True).period is None


def test_a_week_is_a_period_the_coach_counts():
    assert PER_YEAR["week"] == 52
    assert per_year(1_000, "week") == 52_000
    assert Implication(problem_id="p", consequence="temps", amount=6500, currency="USD", period="week").period == "week"


# ---------------------------------------------------------------- the money form


async def _open_form(app, pilot, implication=None):
    from spin_coach.tui.dialogs.implication_form import ImplicationForm

    form = ImplicationForm(implication, [], currency="EUR", stated_by=None)
    await app.push_screen(form)
    await pilot.pause()
    form.query_one("#consequence", Input).value = "Temps in peak season"
    return form


@pilot_test
async def test_the_money_form_shows_no_period_when_none_was_said(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        form = await _open_form(app, pilot)
        assert form.query_one("#period", Select).value is Select.NULL  # not a default year
        form.query_one("#amount", Input).value = "6500"
        assert form.result()["period"] is None
        form.query_one("#amount", Input).value = "$6,500 a week"
        assert (form.result()["amount"], form.result()["currency"], form.result()["period"]) == (6500, "USD", "week")
        form.query_one("#amount", Input).value = "€5k every two months"
        assert form.result()["period"] is None


@pilot_test
async def test_the_money_form_keeps_the_period_that_was_said(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        saved = Implication(problem_id="p", consequence="Temps", amount=9000, currency="EUR", period="month")
        form = await _open_form(app, pilot, saved)
        assert form.query_one("#period", Select).value == "month"
        assert form.result()["period"] == "month"
        form.query_one("#period", Select).value = "week"
        assert form.result()["period"] == "week"

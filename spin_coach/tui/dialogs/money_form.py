"""The part of a form that records money: amount, currency and how often."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select

from ...amounts import parse_amount
from .form import FormDialog

PERIODS = ("year", "quarter", "month", "week", "one_off")


class MoneyForm(FormDialog):
    """A form with an amount row. An amount typed with its currency and period
    (``12k EUR/month``, ``1,2 млн руб в год``) fills those fields too."""

    DEFAULT_CSS = """
    MoneyForm .money {
        height: auto;
    }
    MoneyForm #amount {
        width: 1fr;
    }
    MoneyForm #currency {
        width: 10;
    }
    MoneyForm #period {
        width: 20;
    }
    """

    def money_fields(self, amount: float | None, currency: str, period: str | None) -> ComposeResult:
        t = self.app.t
        with Horizontal(classes="money"):
            yield Input("" if amount is None else f"{amount:g}", placeholder=t("tui.implication_form.amount_hint"), id="amount")
            yield Input(currency, max_length=3, id="currency")
            # No period unless one was said or chosen: an amount is never silently made yearly.
            yield Select(
                [(t(f"tui.period.{p}"), p) for p in PERIODS],
                value=period if period in PERIODS else Select.NULL,
                prompt="—",
                id="period",
            )

    def read_money(self) -> dict | None:
        """``{"amount", "currency", "period"}`` from the fields (all None without an amount),
        or None after showing what is wrong."""
        t = self.app.t
        field = self.query_one("#amount", Input)
        typed = field.value.strip()
        if not typed:
            return {"amount": None, "currency": None, "period": None}
        found = parse_amount(typed, lenient=True)
        if found is None or typed.startswith("-"):
            self.error(t("tui.implication_form.bad_amount"))
            field.focus()
            return None
        currency = found.currency or self.query_one("#currency", Input).value.strip().upper()
        if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
            self.error(t("tui.deal_form.bad_currency"))
            self.query_one("#currency", Input).focus()
            return None
        chosen = self.query_one("#period", Select).value
        # The period said with the amount wins; else the one chosen in the field; else none.
        period = found.period or (None if chosen is Select.NULL else chosen)
        return {"amount": found.value, "currency": currency, "period": period}

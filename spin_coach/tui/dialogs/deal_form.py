"""New deal, or change one: title, client, journey stage, currency."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select

from ...models import JOURNEY_STAGES, Account, Deal
from ...store import StoreError
from .form import FormDialog


class DealForm(FormDialog):
    """Creates or changes the deal through ``app.actions``; dismisses with the saved Deal.

    It saves itself (unlike the other forms) so that a refusal is shown in the form, with
    what the seller typed still there. ``based_on`` is the deal's revision when it was read.
    """

    def __init__(self, deal: Deal | None, account: Account | None, *, based_on: int | None = None) -> None:
        super().__init__()
        self.deal = deal
        self.account = account
        self.based_on = based_on

    def heading(self) -> str:
        return self.app.t("tui.deal_form.edit" if self.deal else "tui.deal_form.new")

    def fields(self) -> ComposeResult:
        t, deal, account = self.app.t, self.deal, self.account
        names = [a.name for a in self.app.store.accounts()]
        yield self.label("tui.deal_form.title")
        yield Input(deal.title if deal else "", placeholder=t("tui.deal_form.title_hint"), id="title")
        yield self.label("tui.deal_form.account")
        yield Input(
            account.name if account else "",
            placeholder=t("tui.deal_form.account_hint"),
            suggester=SuggestFromList(names, case_sensitive=False),
            id="account",
        )
        yield self.label("tui.deal_form.industry")
        yield Input(account.industry if account else "", id="industry")
        yield self.label("tui.deal_form.stage")
        yield Select(
            [(t(f"tui.journey.{s}"), s) for s in JOURNEY_STAGES],
            value=deal.journey_stage if deal else JOURNEY_STAGES[0],
            allow_blank=False,
            id="stage",
        )
        yield self.label("tui.deal_form.currency")
        yield Input(deal.currency if deal else "EUR", max_length=3, id="currency")

    def result(self) -> Deal | None:
        t = self.app.t
        title = self.query_one("#title", Input).value.strip()
        account_name = self.query_one("#account", Input).value.strip()
        industry = self.query_one("#industry", Input).value.strip()
        currency = self.query_one("#currency", Input).value.strip().upper()
        stage = self.query_one("#stage", Select).value
        if not title:
            self.error(t("tui.deal_form.need_title"))
            self.query_one("#title", Input).focus()
            return None
        if not account_name:
            self.error(t("tui.deal_form.need_account"))
            self.query_one("#account", Input).focus()
            return None
        if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
            self.error(t("tui.deal_form.bad_currency"))
            self.query_one("#currency", Input).focus()
            return None
        values = dict(title=title, account=account_name, industry=industry, journey_stage=stage, currency=currency)
        try:
            if self.deal is None:
                return self.app.actions.create_deal(**values)
            return self._edit(values)
        except StoreError as exc:
            self.error(t("tui.common.not_saved", error=str(exc)))
            return None

    def _edit(self, values: dict) -> Deal | None:
        """Change the deal from what this form showed: fields changed in another window meanwhile are
        kept; the same field changed there too asks the seller (the form stays open, text and all)."""
        from .conflict import save_or_ask

        deal, industry = self.deal, values.pop("industry")
        was = {"title": deal.title, "account": self.account.name if self.account else "", "journey_stage": deal.journey_stage, "currency": deal.currency}
        saved: list[Deal] = []
        asking = [False]

        def save(values: dict, was: dict) -> Deal:
            return self.app.actions.edit_deal(deal.id, **values, industry=industry, was=was, based_on=self.based_on)

        def done(changed: Deal) -> None:
            saved.append(changed)
            if asking[0]:  # saved once the seller chose: close the form now
                self.dismiss(changed)

        asking[0] = not save_or_ask(self.app, save, values, was, later=True, done=done)
        return saved[0] if saved else None

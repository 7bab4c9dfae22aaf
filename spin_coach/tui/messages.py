"""Messages the app's screens and widgets send each other."""

from __future__ import annotations

from textual.message import Message


class DealChanged(Message):
    """Something of this deal was written to the store; screens showing it reload.

    ``app.actions`` posts it to every screen for each seller action; ``change`` is
    the write layer's :class:`spin_coach.actions.Change` (what changed, the revision).
    """

    def __init__(self, deal_id: str, change=None) -> None:
        super().__init__()
        self.deal_id = deal_id
        self.change = change


class StoreOpened(Message):
    """The database was opened (or failed to open: ``app.store_error`` says why) after the first frame."""


class BanksLoaded(Message):
    """The question banks finished loading in the background."""


class StakeholderSelected(Message):
    """The seller picked a person in the buying group."""

    def __init__(self, stakeholder_id: str | None) -> None:
        super().__init__()
        self.stakeholder_id = stakeholder_id


def in_view(screen) -> bool:
    """Whether a screen should redraw on ``DealChanged`` now: it is on top, or only a dialog
    covers it. Under another full screen (a meeting, the strategy) it waits and reloads when
    it shows again — Textual counts such a screen as "current" when the one above is not opaque."""
    from textual.screen import ModalScreen

    top = screen.app.screen
    return top is screen or (isinstance(top, ModalScreen) and screen.is_current)

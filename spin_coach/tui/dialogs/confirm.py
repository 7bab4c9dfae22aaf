"""Asking before anything is deleted."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..keys import localize_bindings
from ..plain import content


class ConfirmDialog(ModalScreen[bool]):
    """A question with two answers; dismisses with True only when the seller confirms."""

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
    }
    ConfirmDialog > #confirm {
        width: 60;
        max-width: 100%;
        height: auto;
        border: thick $warning 60%;
        background: $surface;
        padding: 1 2;
    }
    ConfirmDialog #confirm-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    ConfirmDialog #confirm-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS = [
        Binding("escape,n", "answer(False)", "tui.key.cancel", id="confirm.no"),
        Binding("y", "answer(True)", "tui.key.yes", id="confirm.yes"),
    ]

    def __init__(self, question: str, confirm_label: str, *, danger: bool = False) -> None:
        super().__init__()
        localize_bindings(self)
        self.question = question
        self.confirm_label = confirm_label
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(content(self.question))  # it names the deal: plain text, never markup
            with Horizontal(id="confirm-buttons"):
                yield Button(self.app.t("tui.common.cancel"), id="no")
                yield Button(self.confirm_label, id="yes", variant="error" if self.danger else "primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

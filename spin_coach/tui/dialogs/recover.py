"""At start: text an earlier session could not save is waiting in a recovery file. Restore it into
the deals (through the write layer), keep the file for later, or discard it."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...recovery import RecoveryFile
from ..keys import localize_bindings
from ..plain import content
from .unsaved import describe


class RecoverDialog(ModalScreen[str]):
    """Dismisses with ``restore``, ``keep`` or ``discard``."""

    DEFAULT_CSS = """
    RecoverDialog {
        align: center middle;
    }
    RecoverDialog > #recover {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $warning 60%;
        background: $surface;
        padding: 1 2;
    }
    RecoverDialog #recover-items {
        height: auto;
        max-height: 16;
        margin-top: 1;
        color: $text-muted;
    }
    RecoverDialog #recover-folder {
        margin-top: 1;
        color: $text-muted;
    }
    RecoverDialog #recover-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    RecoverDialog #recover-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS = [Binding("escape", "choose('keep')", "tui.recover.keep", id="recover.keep")]

    def __init__(self, kept: Iterable[RecoveryFile], titles: Mapping[str, str], folder: Path) -> None:
        super().__init__()
        localize_bindings(self)
        self.kept = list(kept)
        self.titles = dict(titles)
        self.folder = folder

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(id="recover") as box:
            box.border_title = t("tui.recover.title")
            yield Static(t("tui.recover.body"))
            with VerticalScroll(id="recover-items"):
                for found in self.kept:
                    for item in found.items:
                        yield Static(content(describe(item, self.titles, t)))  # client text: never markup
            yield Static(content(str(self.folder)), id="recover-folder")
            with Horizontal(id="recover-buttons"):
                yield Button(t("tui.recover.discard"), id="discard", variant="error")
                yield Button(t("tui.recover.keep"), id="keep")
                yield Button(t("tui.recover.restore"), id="restore", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#restore", Button).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

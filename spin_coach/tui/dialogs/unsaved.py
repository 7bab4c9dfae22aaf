"""Quitting with text the database has not taken: save it to a file, stay, or quit anyway."""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...recovery import Item
from ..keys import localize_bindings
from ..plain import content

PREVIEW = 160


def describe(item: Item, titles: Mapping[str, str], t: Callable[..., str]) -> str:
    """One line saying what an item is and where it belongs, then its text (shortened)."""
    deal = titles.get(item.deal_id) or t("tui.unsaved.deal_gone")
    text = " / ".join(line.strip() for line in item.text.splitlines() if line.strip())
    if len(text) > PREVIEW:
        text = text[: PREVIEW - 1] + "…"
    return f"{t(f'tui.unsaved.{item.kind}', deal=deal)}\n  {text}"


class UnsavedDialog(ModalScreen[str]):
    """Dismisses with ``file`` (write a recovery file, then quit), ``stay`` or ``quit`` (drop it)."""

    DEFAULT_CSS = """
    UnsavedDialog {
        align: center middle;
    }
    UnsavedDialog > #unsaved {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $error 60%;
        background: $surface;
        padding: 1 2;
    }
    UnsavedDialog #unsaved-items {
        height: auto;
        max-height: 14;
        margin-top: 1;
        color: $text-muted;
    }
    UnsavedDialog #unsaved-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    UnsavedDialog #unsaved-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS = [Binding("escape", "choose('stay')", "tui.unsaved.stay", id="unsaved.stay")]

    def __init__(self, items: Iterable[Item], titles: Mapping[str, str]) -> None:
        super().__init__()
        localize_bindings(self)
        self.items = list(items)
        self.titles = dict(titles)

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(id="unsaved") as box:
            box.border_title = t("tui.unsaved.title")
            yield Static(t("tui.unsaved.body"))
            with VerticalScroll(id="unsaved-items"):
                for item in self.items:
                    yield Static(content(describe(item, self.titles, t)))  # client text: never markup
            with Horizontal(id="unsaved-buttons"):
                yield Button(t("tui.unsaved.quit"), id="quit", variant="error")
                yield Button(t("tui.unsaved.stay"), id="stay")
                yield Button(t("tui.unsaved.file"), id="file", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#file", Button).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

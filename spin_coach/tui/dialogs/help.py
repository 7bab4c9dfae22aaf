"""Help: what each key does on the screen you came from, and where keys are remapped."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from ..keys import bindings_of, localize_bindings
from ..plain import rich_text


class HelpScreen(ModalScreen):
    """Lists every binding active on ``screen`` with its id, for the [keymap] table of config.toml."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > #help {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-title {
        text-style: bold;
        margin-bottom: 1;
    }
    HelpScreen DataTable {
        height: auto;
        max-height: 1fr;
    }
    HelpScreen #help-notes {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS = [Binding("escape,f1,q", "close", "tui.key.close", id="help.close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        localize_bindings(self)
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(id="help"):
            yield Static(t("tui.help.title"), id="help-title")
            table = DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            table.add_columns(t("tui.help.key"), t("tui.help.action"), t("tui.help.id"))
            for key, description, binding_id in self.rows():
                table.add_row(rich_text(key), rich_text(description), rich_text(binding_id))  # text, never markup
            yield table
            yield Static(t("tui.help.notes", path=str(self.app.config.path)), id="help-notes", markup=False)

    def rows(self) -> list[tuple[str, str, str]]:
        """Key, what it does, binding id — for the screen below, its focused widget, and the app."""
        seen: set[tuple[str, str]] = set()
        rows = []
        nodes = []
        focused = self.for_screen.focused
        if focused is not None:
            nodes += [n for n in focused.ancestors_with_self if n is not self.for_screen and n is not self.app]
        nodes += [self.for_screen, self.app]
        for node in nodes:
            for key, binding in bindings_of(node):
                # Only bindings with an id: those are the app's own, and the ones [keymap] can remap.
                if not binding.description or binding.system or not binding.id:
                    continue
                marker = (binding.id or binding.action, binding.description)
                if marker in seen:
                    continue
                seen.add(marker)
                rows.append((self.app.get_key_display(binding), binding.description, binding.id or ""))
        return rows

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def action_close(self) -> None:
        self.dismiss()

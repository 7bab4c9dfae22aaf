"""The earlier lines of a meeting, one row each: time, SPIN tag, kind, who, what was said.

The kind is one character: ``?`` for the seller's question, ``→`` for a next
step, blank for what someone said or a note; ``◆`` before the text marks a line
that became a problem, implication or need-payoff.

It draws only the rows on screen (a line-API scroll view), so a meeting with
5,000 lines costs what one with five does.
"""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...models import STAGE_LETTER, LineKind, Note
from ..keys import localize_bindings
from ..plain import visible

SPEAKER_WIDTH = 14
# Below this width the log names people by first name only, to leave room for what they said.
NARROW = 72
KIND_MARK: dict[LineKind, str] = {"question": "?", "next_step": "→", "said": " ", "note": " "}
PROMOTED_MARK = "◆ "


def clock(at: datetime) -> str:
    """A note's time as the seller's clock shows it."""
    return at.astimezone().strftime("%H:%M")


def _one_line(text: str) -> str:
    return " ".join(text.split()) if ("\n" in text or "\t" in text or "\r" in text) else text


class NoteLog(ScrollView, can_focus=True):
    """The meeting's earlier lines, one row each: time, SPIN tag, kind, who, what was said."""

    DEFAULT_CSS = """
    NoteLog {
        height: 1fr;
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    NoteLog:focus {
        background-tint: $foreground 4%;
    }
    NoteLog > .note-log--time { color: $text-muted; }
    NoteLog > .note-log--speaker { color: $text-secondary; }
    NoteLog > .note-log--kind { color: $text-accent; text-style: bold; }
    NoteLog > .note-log--promoted { color: $text-success; }
    NoteLog > .note-log--cursor { background: $block-cursor-blurred-background; }
    NoteLog:focus > .note-log--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    NoteLog > .note-log--empty { color: $text-muted; text-style: italic; }
    NoteLog > .note-log--stage-situation { color: $text-muted; text-style: bold; }
    NoteLog > .note-log--stage-problem { color: $text-warning; text-style: bold; }
    NoteLog > .note-log--stage-implication { color: $text-error; text-style: bold; }
    NoteLog > .note-log--stage-need_payoff { color: $text-success; text-style: bold; }
    """

    COMPONENT_CLASSES = {
        "note-log--time",
        "note-log--speaker",
        "note-log--kind",
        "note-log--promoted",
        "note-log--cursor",
        "note-log--empty",
        "note-log--stage-situation",
        "note-log--stage-problem",
        "note-log--stage-implication",
        "note-log--stage-need_payoff",
    }

    BINDINGS = [
        Binding("up", "cursor_up", "meeting.key.line_up", id="meeting.line_up", show=False),
        Binding("down", "cursor_down", "meeting.key.line_down", id="meeting.line_down", show=False),
        Binding("pageup", "page_up", "meeting.key.page_up", id="meeting.page_up", show=False),
        Binding("pagedown", "page_down", "meeting.key.page_down", id="meeting.page_down", show=False),
        Binding("home", "first", "meeting.key.first_line", id="meeting.first_line", show=False),
        Binding("end", "last", "meeting.key.last_line", id="meeting.last_line", show=False),
        Binding("enter", "edit_line", "meeting.key.edit_line", id="meeting.edit_line"),
        Binding("escape", "leave", "meeting.key.back_to_typing", id="meeting.back_to_typing"),
    ]

    class EditRequested(Message):
        """The seller wants to change the line under the cursor."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Left(Message):
        """The seller went back to typing (Escape, or down past the last line)."""

    def __init__(self, notes: list[Note], empty: str, **kwargs) -> None:
        super().__init__(**kwargs)
        localize_bindings(self)
        self.notes = notes
        self.names: dict[str, str] = {}
        self.short_names: dict[str, str] = {}
        self.speaker_width = self.short_width = 0
        self.empty = empty
        self.cursor = max(len(notes) - 1, 0)
        self.marked: Note | None = None  # the line being edited, shown as such
        self._rows: LRUCache[tuple, Strip] = LRUCache(1024)

    # ------------------------------------------------------------ content

    def on_mount(self) -> None:
        self.lines_changed(follow=False)
        # The newest line is in view once the log knows its height.
        self.call_after_refresh(self.scroll_end, animate=False, immediate=True, x_axis=False)

    def on_resize(self) -> None:
        at_end = self.is_vertical_scroll_end
        self.lines_changed(follow=at_end)

    def lines_changed(self, follow: bool = True) -> None:
        """Lines were added or removed: resize the virtual area, and keep the newest in view."""
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.notes))
        self.cursor = min(self.cursor, max(len(self.notes) - 1, 0))
        if follow:
            self.scroll_end(animate=False, immediate=True, x_axis=False)
        self.refresh()

    def set_people(self, names: dict[str, str]) -> None:
        """Who may speak, by stakeholder id: sizes the speaker column to the longest name."""
        self.names = {k: visible(v) for k, v in names.items()}  # drawn as segments: control characters shown
        self.short_names = {k: v.split()[0] if v.split() else v for k, v in self.names.items()}
        self._rows.clear()
        self.speaker_width = min(SPEAKER_WIDTH, max((cell_len(n) for n in self.names.values()), default=0))
        self.short_width = min(SPEAKER_WIDTH, max((cell_len(n) for n in self.short_names.values()), default=0))
        self.refresh()

    def show_line(self, index: int) -> None:
        """Redraw one line (its text, tag or speaker changed)."""
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh_line(y)

    def move_cursor(self, index: int) -> None:
        if not self.notes:
            return
        self.cursor = max(0, min(index, len(self.notes) - 1))
        self.scroll_to_region(self._cursor_region(), animate=False, immediate=True)
        self.refresh()

    def _cursor_region(self) -> Region:
        return Region(0, self.cursor, 1, 1)

    # ------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = self.scroll_offset.y + y
        if index >= len(self.notes):
            if not self.notes and y == 0:
                style = base + self.get_component_rich_style("note-log--empty")
                return Strip([Segment(" " + self.empty, style)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        note = self.notes[index]
        lit = (index == self.cursor and self.has_focus) or note is self.marked
        # Scrolling by a line (every Enter) redraws every row: most are already drawn.
        key = (note.id, note.text, note.stage, note.kind, note.promoted_to, note.stakeholder_id, note.at, lit, width)
        strip = self._rows.get(key)
        if strip is None:
            strip = self._rows[key] = self._draw(note, lit, width, base)
        return strip

    def _draw(self, note: Note, lit: bool, width: int, base) -> Strip:
        row = base + self.get_component_rich_style("note-log--cursor") if lit else base
        stage_style = self.get_component_rich_style(f"note-log--stage-{note.stage}") if note.stage else base
        letter = STAGE_LETTER[note.stage] if note.stage else "·"
        segments = [
            Segment(f" {clock(note.at)} ", row + self.get_component_rich_style("note-log--time")),
            Segment(f"{letter} ", row + stage_style),
            Segment(f"{KIND_MARK[note.kind]} ", row + self.get_component_rich_style("note-log--kind")),
        ]
        used = 11
        names, column = (self.short_names, self.short_width) if width < NARROW else (self.names, self.speaker_width)
        if column:
            name = set_cell_size(names.get(note.stakeholder_id, ""), column)
            segments.append(Segment(name + " ", row + self.get_component_rich_style("note-log--speaker")))
            used += column + 1
        if note.promoted_to:
            segments.append(Segment(PROMOTED_MARK, row + self.get_component_rich_style("note-log--promoted")))
            used += len(PROMOTED_MARK)
        room = max(width - used - 1, 0)
        text = visible(_one_line(note.text))
        if cell_len(text) > room:
            text = set_cell_size(text, max(room - 1, 0)) + "…"
        segments.append(Segment(text, row))
        return Strip(segments).crop_extend(0, width, row)

    # ------------------------------------------------------------ keys

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rows.clear()  # a theme or focus change recolours every row

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        if self.cursor >= len(self.notes) - 1:
            self.post_message(self.Left())
        else:
            self.move_cursor(self.cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - max(self.size.height - 1, 1))

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + max(self.size.height - 1, 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.notes) - 1)

    def action_edit_line(self) -> None:
        if self.notes:
            self.post_message(self.EditRequested(self.cursor))

    def action_leave(self) -> None:
        self.post_message(self.Left())

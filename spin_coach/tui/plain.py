"""Client text on screen: always content, never Textual markup, never an escape sequence.

Names, titles, what people said and the app's own messages (which carry such
text: "Archived Renewal [/] Q3") are drawn through these helpers. A string
handed to a Textual widget is read as markup (``[bold]``, ``[@click=…]``, a
stray ``[/]`` that crashes the screen); these build
:class:`~textual.content.Content` or :class:`rich.text.Text` objects, which are
plain text, after :func:`~spin_coach.safe_text.visible` has turned control
characters into stand-ins (``␛`` for ESC). The translations hold no markup,
so every message is plain text too.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text
from textual.content import Content

from ..safe_text import visible

__all__ = ["SHOW_CONTROLS", "PlainText", "ShowControls", "content", "rich_text", "visible"]


def content(text: str, style: str = "") -> Content:
    """``text`` as Textual content: shown literally, in ``style`` if given."""
    shown = visible(text)
    return Content.styled(shown, style) if style else Content(shown)


def rich_text(text: str, style: str = "") -> Text:
    """``text`` as a Rich :class:`~rich.text.Text` (for tables and trees): shown literally."""
    return Text(visible(text), style=style)


class PlainText(Text):
    """A Rich :class:`~rich.text.Text` whose strings — given when it is made or appended later —
    are shown literally: build a line of client text with it exactly as with ``Text``."""

    def __init__(self, text: str = "", *args, **kwargs) -> None:
        super().__init__(visible(text), *args, **kwargs)

    def append(self, text, style=None):  # type: ignore[override]
        return super().append(visible(text) if isinstance(text, str) else text, style)


class ShowControls(Highlighter):
    """For an :class:`~textual.widgets.Input` holding stored text (a name, a meeting line being
    edited): draws its control characters as their pictures, one character for one, while the
    value itself — what is saved — stays as it is."""

    def highlight(self, text: Text) -> None:
        shown = visible(text.plain, one_for_one=True)
        if shown != text.plain:
            text.plain = shown


SHOW_CONTROLS = ShowControls()

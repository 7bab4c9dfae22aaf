"""The line under the notes input: what the line being typed will be saved as.

Who is speaking, the line's kind (the seller's question, what was said, a next
step, a note) and its SPIN tag; while ``@name`` is typed, whom it finds; and,
above all else, a warning when lines on screen are not yet in the database.
"""

from __future__ import annotations

from typing import Callable

from textual.content import Content
from textual.widgets import Static

from ...models import LineKind, Stage, Stakeholder
from ..plain import content


class NoteStatus(Static):
    """One line of status for the notes pane; the pane tells it what to say."""

    DEFAULT_CSS = """
    NoteStatus {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        background: $boost;
    }
    NoteStatus.-hint {
        color: $text-accent;
    }
    NoteStatus.-unsaved {
        color: $text-error;
        text-style: bold;
    }
    """

    def __init__(self, t: Callable[..., str], **kwargs) -> None:
        super().__init__("", **kwargs)
        self.t = t
        self.kind = ""
        self._said: tuple | None = None

    def unsaved(self, error: str) -> None:
        self._say("unsaved", [self.t("meeting.notes.unsaved", error=error)])

    def line(
        self,
        speaker: str,
        stage: Stage | None,
        line_kind: LineKind | None = None,
        *,
        editing: bool = False,
        mention: tuple[str, list[Stakeholder]] | None = None,
    ) -> None:
        """Who says the line (or whom ``@token`` finds, while it is typed), its kind and tag, whether it is an edit."""
        t = self.t
        if mention is not None:
            token, matches = mention
            if len(matches) == 1:
                parts = [t("meeting.mention.match", name=matches[0].name)]
            elif matches:
                parts = [t("meeting.mention.several", name=token, names=", ".join(p.name for p in matches))]
            else:
                parts = [t("meeting.mention.none", name=token)]
        else:
            parts = [t("meeting.notes.speaker", name=speaker or t("meeting.notes.nobody"))]
        if line_kind:
            parts.append(t(f"meeting.kind.{line_kind}"))
        if stage:
            parts.append(t("meeting.notes.tag", stage=t(f"meeting.tag.{stage}")))
        if editing:
            parts.append(t("meeting.notes.editing"))
        self._say("hint" if mention is not None else "", parts)

    def _say(self, kind: str, parts: list[str]) -> None:
        said = (kind, *parts)
        if said == self._said:
            return  # most keys change nothing here: no new frame for it
        self._said = said
        self.kind = kind
        self.set_classes({"hint": "-hint", "unsaved": "-unsaved"}.get(kind, ""))
        self.update(content(" · ".join(parts)))  # names and @tokens: shown literally

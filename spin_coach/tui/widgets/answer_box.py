"""Where the seller types what the client said. It saves itself (through ``app.actions``): half a
second after the last key, at the latest a second after the first unsaved one, and whenever it
loses focus."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

from ...actions import Conflict
from ...models import Stage, new_id, now
from ...recovery import Item, answer_item
from ..autosave import Autosaver
from ..keys import localize_bindings
from ..plain import content, visible


@dataclass(frozen=True)
class AnswerTarget:
    """Which answer the box is editing: one person's answer to one question."""

    deal_id: str
    stakeholder_id: str
    stage: Stage
    question_id: str | None  # None: a question of the seller's own
    question_text: str
    answer_id: str  # the answer's id, new or existing
    text: str = ""  # what is stored now
    at: datetime | None = None  # when it was said; a new answer gets the time of its first save
    revision: int | None = None  # the deal's revision when the answer was read (``DealRecord.revision``)

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.stakeholder_id, self.answer_id, self.question_id)


class AnswerBox(TextArea):
    """Edits one answer at a time; an emptied answer is removed from the store."""

    DEFAULT_CSS = """
    AnswerBox {
        height: 1fr;
        min-height: 4;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        border-subtitle-color: $text-muted;
    }
    AnswerBox:focus {
        border: round $primary;
        border-title-color: $text;
    }
    AnswerBox.-unsaved {
        border-subtitle-color: $warning;
    }
    AnswerBox.-failed {
        border: round $error;
        border-subtitle-color: $error;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save_now", "tui.key.save_now", id="answer.save", show=False),
        Binding("ctrl+enter,ctrl+j,alt+enter", "save_and_next", "tui.key.save_next", id="answer.next"),
        Binding("escape", "leave", "tui.key.leave_answer", id="answer.leave"),
    ]

    def get_line(self, line_index: int):
        """A line as drawn: control characters (an escape pasted with the answer) as their pictures,
        one for one so the cursor stays put; the text itself, as saved, is unchanged."""
        line = super().get_line(line_index)
        stored = self.document.get_line(line_index)  # as stored: Rich's Text drops a vertical tab or a bell
        shown = visible(stored, one_for_one=True)
        if shown is not stored:
            line.plain = shown
        return line

    def __init__(self, **kwargs) -> None:
        super().__init__(soft_wrap=True, tab_behavior="focus", show_line_numbers=False, **kwargs)
        localize_bindings(self)
        self.target: AnswerTarget | None = None
        self.question_text_override: str | None = None
        self.saver = Autosaver(self, self._save, on_error=self._save_failed, pending=self._unsaved)
        self.read_only = True

    # ------------------------------------------------------------ what it edits

    def edit_answer(self, target: AnswerTarget | None) -> bool:
        """Save what is pending, then edit ``target``; False if the pending text could not be saved.

        The same answer again leaves the text alone, so a refresh never disturbs typing.
        """
        if self.target is not None and target is not None and target.key == self.target.key:
            if target.text != self.target.text and not self.saver.dirty:
                # Changed elsewhere (another window) while nothing was typed here: show what is stored.
                self.target = replace(target, question_text=self.target.question_text)
                self.load_text(target.text)
                return True
            self.target = replace(target, text=self.target.text, question_text=self.target.question_text)
            return True
        if not self.saver.flush():
            # The database refused: keep the seller's text on screen rather than switch away from it.
            return False
        self.target = target
        self.question_text_override = None
        self.read_only = target is None
        self.load_text(target.text if target else "")
        self.border_title = content(_short(target.question_text) if target and target.question_text else self.app.t("tui.answer.title" if target else "tui.answer.pick"))
        self._status("")
        return True

    def set_question_text(self, text: str) -> None:
        """The seller's own question changed: it is saved with the answer."""
        if self.target is None:
            return
        self.question_text_override = text
        if self.text.strip():
            self._changed()

    # ------------------------------------------------------------ saving

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.target is not None and self.text != self.target.text:
            self._changed()

    def _changed(self) -> None:
        self.saver.touch()
        self.add_class("-unsaved")
        if not self.has_class("-failed"):
            self._status(self.app.t("tui.answer.unsaved"))

    def on_blur(self) -> None:
        self.saver.flush()

    def _save(self) -> None:
        target = self.target
        if target is None:
            return
        text = self.text.strip()
        question_text = self.question_text_override if self.question_text_override is not None else target.question_text
        at = target.at or now()
        if text or target.text:  # an answer never saved and still empty: nothing to write
            self.app.actions.save_answer(
                answer_id=target.answer_id,
                deal_id=target.deal_id,
                stakeholder_id=target.stakeholder_id,
                stage=target.stage,
                text=text,
                question_id=target.question_id,
                question_text=question_text,
                at=at,
                was=target.text,  # what this box loaded or last saved: a text saved elsewhere meanwhile is a Conflict
                based_on=target.revision,
            )
        self.target = replace(target, text=text, question_text=question_text, at=at)
        self.remove_class("-unsaved", "-failed")
        self._status(self.app.t("tui.answer.saved"))

    def _save_failed(self, exc: Exception) -> bool | None:
        if isinstance(exc, Conflict):
            self._conflict(exc)
            return True  # the seller is asked in a dialog: not the app's standing "NOT SAVED" notice
        # The box says NOT SAVED; the app's one standing notice says why (not a toast per attempt).
        self.add_class("-failed")
        self._status(self.app.t("tui.answer.failed"))

    def _conflict(self, conflict: Conflict) -> None:
        """Another window saved this answer meanwhile: nothing was overwritten, the seller's text stays
        on screen, and the seller chooses: keep mine, keep theirs, or both (the two texts joined)."""
        from ..dialogs.conflict import ConflictDialog

        self.add_class("-failed")
        self._status(self.app.t("tui.conflict.unresolved"))
        if getattr(self, "_asking", False):
            return
        self._asking = True
        asked_for = self.target

        def chosen(choice: str | None) -> None:
            self._asking = False
            target = self.target
            if target is None or asked_for is None or target.key != asked_for.key or choice is None:
                return  # decide later: the text stays on screen, unsaved, and the next save asks again
            theirs = conflict.theirs
            self.target = replace(target, text=theirs)  # the seller has seen theirs now
            if choice == "theirs":
                self.saver.discard()
                self.load_text(theirs)
                self.remove_class("-unsaved", "-failed")
                self._status(self.app.t("tui.answer.saved"))
                return
            if choice == "both":
                self.load_text(conflict.both()["text"])
            self.saver.touch()
            self.saver.flush()

        self.app.push_screen(ConflictDialog(conflict), chosen)

    def _unsaved(self) -> "Item | None":
        """The answer as typed, for the recovery file when it cannot be saved before the app closes."""
        target = self.target
        text = self.text.strip()
        if target is None or not text:
            return None
        question_text = self.question_text_override if self.question_text_override is not None else target.question_text
        return answer_item(
            deal_id=target.deal_id,
            answer_id=target.answer_id,
            stakeholder_id=target.stakeholder_id,
            stage=target.stage,
            text=text,
            question_id=target.question_id,
            question_text=question_text,
            at=target.at,
            was=target.text,
        )

    def _status(self, text: str) -> None:
        self.border_subtitle = text

    # ------------------------------------------------------------ actions

    def action_save_now(self) -> None:
        self.saver.touch()
        self.saver.flush()

    def action_save_and_next(self) -> None:
        self.saver.flush()
        self.post_message(self.NextQuestion())

    def action_leave(self) -> None:
        self.saver.flush()
        self.post_message(self.Leave())

    class NextQuestion(Message):
        """The seller finished this answer and wants the next question."""

    class Leave(Message):
        """The seller left the answer box (Escape)."""


def new_answer_id() -> str:
    return new_id("ans")


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

"""The SPIN panel: for the selected stakeholder, the questions of one SPIN stage, what each is for,
the coach's next best question and why, follow-ups, and the answer box."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static, Tab, Tabs
from textual.widgets.option_list import Option

from ...models import STAGE_LETTER, STAGES, Answer, Question, Stage, Stakeholder
from ..plain import SHOW_CONTROLS, content, visible
from .answer_box import AnswerBox, AnswerTarget, new_answer_id
from .question_list import OWN, QuestionList



@dataclass
class StakeholderView:
    """What the panel shows about one stakeholder, handed over by the workspace (which asks the coach)."""

    deal_id: str
    stakeholder: Stakeholder
    role_label: str
    questions: dict[Stage, list[Question]]  # the bank's questions for their role, per stage
    answers: list[Answer]  # what they said, oldest first
    suggestions: list  # coach NextQuestion list, best first
    all_questions: dict[str, Question]  # every bank question by id (follow-ups may be of other roles)
    revision: int | None = None  # the deal's revision this was read at (``DealRecord.revision``)


class SpinPanel(Vertical):
    """Asks the workspace for nothing: it is shown a :class:`StakeholderView` and edits answers through its box."""

    DEFAULT_CSS = """
    SpinPanel {
        height: 1fr;
    }
    SpinPanel #stage-tabs {
        height: 2;
    }
    SpinPanel #next-best {
        height: auto;
        max-height: 5;
        padding: 0 1;
        background: $boost;
        border-left: thick $accent;
    }
    SpinPanel #question-detail {
        height: auto;
        max-height: 7;
        padding: 0 1;
    }
    SpinPanel #own-question {
        display: none;
    }
    SpinPanel.-own #own-question {
        display: block;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.stage: Stage = "situation"
        self.view: StakeholderView | None = None
        self._option_ids: list[str] = []

    def compose(self) -> ComposeResult:
        t = self.app.t
        yield Tabs(
            *[Tab(t(f"tui.stage.{s}"), id=f"stage-{s}") for s in STAGES],
            id="stage-tabs",
        )
        yield Static("", id="next-best")
        yield QuestionList(id="questions")
        yield Static("", id="question-detail")
        yield Input(placeholder=t("tui.spin.own_question_hint"), highlighter=SHOW_CONTROLS, id="own-question")
        yield AnswerBox(id="answer")

    @property
    def answer_box(self) -> AnswerBox:
        return self.query_one("#answer", AnswerBox)

    @property
    def question_list(self) -> QuestionList:
        return self.query_one("#questions", QuestionList)

    # ------------------------------------------------------------ showing

    def show(self, view: StakeholderView | None) -> None:
        """Show ``view`` (same stakeholder again: the highlighted question and the typing stay put)."""
        same_stakeholder = self.view is not None and view is not None and self.view.stakeholder.id == view.stakeholder.id
        self.view = view
        if not same_stakeholder:
            # A new stakeholder starts where the coach says their conversation is.
            if view and view.suggestions:
                self.set_stage(view.suggestions[0].stage, rebuild=False)
        self._show_next_best()
        self._rebuild(keep=self.highlighted_id() if same_stakeholder else None)

    def set_stage(self, stage: Stage, *, rebuild: bool = True) -> None:
        if stage == self.stage and not rebuild:
            return
        self.stage = stage
        tabs = self.query_one("#stage-tabs", Tabs)
        if tabs.active != f"stage-{stage}":
            tabs.active = f"stage-{stage}"
        if rebuild:
            self._rebuild()

    @on(Tabs.TabActivated, "#stage-tabs")
    def _tab_changed(self, event: Tabs.TabActivated) -> None:
        event.stop()
        stage = event.tab.id.removeprefix("stage-")
        if stage != self.stage:
            self.stage = stage
            self._rebuild()

    def _show_next_best(self) -> None:
        t, view = self.app.t, self.view
        box = self.query_one("#next-best", Static)
        if view is None:
            box.update(t("tui.spin.no_person"))
            return
        if not view.suggestions:
            box.update(content(t("tui.spin.no_suggestion", name=view.stakeholder.name)))
            return
        best = view.suggestions[0]
        text = Text()
        text.append(t("tui.spin.next_best") + " ", style="bold")
        text.append(f"[{STAGE_LETTER[best.stage]}] ", style="bold")
        text.append(visible(best.text))
        text.append("\n")
        text.append(visible(("↳ " if best.is_follow_up else "") + best.reason), style="italic")
        box.update(text)

    def _answers_by_question(self) -> dict[str, Answer]:
        latest: dict[str, Answer] = {}
        for answer in self.view.answers if self.view else ():
            if answer.question_id:
                latest[answer.question_id] = answer
        return latest

    def _rebuild(self, keep: str | None = None) -> None:
        t, view = self.app.t, self.view
        listing = self.question_list
        keep = keep or self.highlighted_id()
        options: list[Option] = []
        ids: list[str] = []
        if view is not None:
            answered = self._answers_by_question()
            suggested = {s.question_id: s for s in view.suggestions if s.stage == self.stage}
            top = next(iter(suggested), None)
            for question in view.questions.get(self.stage, []):
                mark, style = "  ", ""
                if question.id in answered:
                    mark, style = "✓ ", "dim"
                elif question.id == top:
                    mark, style = "★ ", "bold"
                elif question.id in suggested:
                    mark = "↳ " if suggested[question.id].is_follow_up else "• "
                options.append(Option(Text(mark + visible(question.ask(self.app.lang)), style=style), id=f"q:{question.id}"))
                ids.append(f"q:{question.id}")
            for answer in view.answers:
                if answer.question_id is None and answer.stage == self.stage:
                    label = answer.question_text or t("tui.spin.untitled_question")
                    options.append(Option(Text("✓ " + visible(label), style="dim italic"), id=f"a:{answer.id}"))
                    ids.append(f"a:{answer.id}")
            options.append(Option(Text("✎ " + t("tui.spin.own_question"), style="italic"), id=OWN))
            ids.append(OWN)
        current = self.answer_box.target
        if keep == OWN and current is not None and current.question_id is None and f"a:{current.answer_id}" in ids:
            # The seller's own question was just saved: it now has a row of its own; stay on it.
            keep = f"a:{current.answer_id}"
        self._option_ids = ids
        listing.set_options(options)
        listing.border_title = content(  # it names the person: plain text, never markup
            t("tui.spin.questions_for", stage=t(f"tui.stage.{self.stage}"), name=view.stakeholder.name) if view else t("tui.spin.questions")
        )
        if ids:
            index = ids.index(keep) if keep in ids else self._first_open(ids)
            listing.highlighted = index
            # The list may not have its size yet: bring the highlight into view once it has.
            self.call_after_refresh(listing.scroll_to_highlight)
            self._highlighted(ids[index])
        else:
            self._highlighted(None)

    def _first_open(self, ids: list[str]) -> int:
        """The coach's pick for this stage, else the first unanswered question."""
        if self.view:
            for s in self.view.suggestions:
                if s.stage == self.stage and f"q:{s.question_id}" in ids:
                    return ids.index(f"q:{s.question_id}")
        answered = self._answers_by_question()
        for n, option_id in enumerate(ids):
            if option_id.startswith("q:") and option_id[2:] not in answered:
                return n
        return 0

    def highlighted_id(self) -> str | None:
        index = self.question_list.highlighted
        if index is None or index >= len(self._option_ids):
            return None
        return self._option_ids[index]

    def highlight(self, option_id: str) -> None:
        if option_id in self._option_ids:
            self.question_list.highlighted = self._option_ids.index(option_id)

    def next_question(self) -> None:
        """Move to the next open question of this stage (after Ctrl+Enter in the answer box)."""
        answered = self._answers_by_question()
        current = self.question_list.highlighted or 0
        for n in range(current + 1, len(self._option_ids)):
            option_id = self._option_ids[n]
            if option_id.startswith("q:") and option_id[2:] not in answered:
                self.question_list.highlighted = n
                return
        self.question_list.focus()

    # ------------------------------------------------------------ the highlighted question

    @on(OptionList.OptionHighlighted, "#questions")
    def _option_moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._highlighted(event.option.id)

    @on(OptionList.OptionSelected, "#questions")
    def _option_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == OWN:
            self.query_one("#own-question", Input).focus()
        else:
            self.answer_box.focus()

    def _highlighted(self, option_id: str | None) -> None:
        view = self.view
        detail = self.query_one("#question-detail", Static)
        own = self.query_one("#own-question", Input)
        if view is None or option_id is None:
            detail.update("")
            self.remove_class("-own")
            self.answer_box.edit_answer(None)
            return
        target: AnswerTarget
        if option_id.startswith("q:"):
            question = view.all_questions.get(option_id[2:])
            existing = self._answers_by_question().get(option_id[2:])
            detail.update(self._describe(question) if question else "")
            self.remove_class("-own")
            target = AnswerTarget(
                deal_id=view.deal_id,
                stakeholder_id=view.stakeholder.id,
                stage=question.stage if question else self.stage,
                question_id=option_id[2:],
                question_text=question.ask(self.app.lang) if question else "",
                answer_id=existing.id if existing else new_answer_id(),
                text=existing.text if existing else "",
                at=existing.at if existing else None,
                revision=view.revision,
            )
        else:
            existing = next((a for a in view.answers if option_id == f"a:{a.id}"), None)
            detail.update(self.app.t("tui.spin.own_detail"))
            self.add_class("-own")
            with own.prevent(Input.Changed):
                own.value = existing.question_text if existing else ""
            target = AnswerTarget(
                deal_id=view.deal_id,
                stakeholder_id=view.stakeholder.id,
                stage=existing.stage if existing else self.stage,
                question_id=None,
                question_text=existing.question_text if existing else "",
                answer_id=existing.id if existing else new_answer_id(),
                text=existing.text if existing else "",
                at=existing.at if existing else None,
                revision=view.revision,
            )
        self.answer_box.edit_answer(target)

    def _describe(self, question: Question) -> Text:
        t, lang, view = self.app.t, self.app.lang, self.view
        text = Text()
        text.append(visible(question.ask(lang)), style="bold")
        if question.why(lang):
            text.append("\n" + t("tui.spin.purpose") + " ", style="dim")
            text.append(visible(question.why(lang)), style="italic")
        suggestion = next((s for s in view.suggestions if s.question_id == question.id), None) if view else None
        if suggestion is not None:
            text.append("\n" + t("tui.spin.coach_says") + " ", style="dim")
            text.append(visible(suggestion.reason))
        if question.research:
            text.append("\n" + t("tui.spin.research"), style="dim italic")
        follow_ups = [view.all_questions[q] for q in question.follow_ups if q in view.all_questions] if view else []
        if follow_ups:
            text.append("\n" + t("tui.spin.follow_ups") + " ", style="dim")
            text.append(visible("  ".join(f"[{STAGE_LETTER[q.stage]}] {q.ask(lang)}" for q in follow_ups)))
        return text

    @on(Input.Changed, "#own-question")
    def _own_question_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.answer_box.set_question_text(event.value.strip())

    @on(Input.Submitted, "#own-question")
    def _own_question_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.answer_box.focus()

    @on(AnswerBox.NextQuestion)
    def _answer_done(self, event: AnswerBox.NextQuestion) -> None:
        event.stop()
        self.next_question()

    @on(AnswerBox.Leave)
    def _answer_left(self, event: AnswerBox.Leave) -> None:
        event.stop()
        self.question_list.focus()

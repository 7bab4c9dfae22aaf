"""What a seller does to a deal, in one place: the only way data changes.

Every screen, widget, dialog and CLI command changes a deal through
:class:`DealActions`, one method per seller action. Each method

1. checks what it was given (a clear :class:`ActionRefused` when it cannot be done),
2. applies the coach's pure edit where there is one (``coach.problems``),
3. writes in one transaction, and
4. emits one :class:`Change` to every listener (the terminal app turns it into
   its ``DealChanged`` message, so every screen showing the deal redraws).

Each method that changes an existing deal takes ``based_on``: the deal's
revision the caller read (``DealRecord.revision``). It travels with the change
notice, so stale writes can be told apart from fresh ones.

No Textual here: the CLI, scripts and tests use the same layer as the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal

from pydantic import ValidationError

from .coach import problems as edit
from .models import (
    Account,
    AccountScore,
    Answer,
    ClosingTactic,
    Deal,
    DealRecord,
    Evidence,
    JourneyStage,
    Meeting,
    Note,
    Period,
    Problem,
    PurchaseModel,
    Stage,
    Stakeholder,
    now,
)
from .store.db import StoreError

if TYPE_CHECKING:
    from .amounts import Amount
    from .store import Store

PromoteAs = Literal["problem", "implication", "need_payoff"]


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


# "Leave as it is", where None is itself a value (None hands a choice back to the coach).
UNSET: Any = _Unset()


class ActionRefused(StoreError):
    """A seller action that cannot be done as asked, worded for the seller."""


@dataclass(frozen=True)
class Change:
    """One seller action written to the store: what changed, and the deal's revision after it.

    ``action`` is the :class:`DealActions` method that made it; ``ids`` the things it
    created or changed; ``based_on`` the revision the caller had read (None if not said).
    """

    deal_id: str
    action: str
    revision: int
    ids: tuple[str, ...] = ()
    based_on: int | None = None


Listener = Callable[[Change], object]


def _check(build: Callable[[], Any]) -> Any:
    """Build a model, turning a validation error into one plain sentence."""
    try:
        return build()
    except ValidationError as exc:
        faults = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors())
        raise ActionRefused(faults) from None


def _refused_if_wrong(build: Callable[[], Any]) -> Any:
    """Like :func:`_check`, also for the coach's own ``ValueError`` (an unknown id or field)."""
    try:
        return _check(build)
    except ValueError as exc:
        raise ActionRefused(str(exc)) from None


class DealActions:
    """The seller's actions on the deals of one store."""

    def __init__(self, store: "Store", listeners: Iterable[Listener] = ()) -> None:
        self.store = store
        self._listeners: list[Listener] = list(listeners)

    # ------------------------------------------------------------ change notices

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every :class:`Change`; returns a function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _changed(self, deal_id: str, action: str, *ids: str, based_on: int | None = None) -> Change:
        change = Change(deal_id, action, self.store.revision(deal_id), tuple(i for i in ids if i), based_on)
        for listener in list(self._listeners):
            listener(change)
        return change

    # ------------------------------------------------------------ deals

    def create_deal(
        self,
        *,
        title: str,
        account: str,
        industry: str = "",
        journey_stage: JourneyStage = "shared_problem_understanding",
        currency: str = "EUR",
    ) -> Deal:
        """A new deal for a client (the client's account is found by name, or made)."""
        title, account = title.strip(), account.strip()
        if not title:
            raise ActionRefused("a deal needs a title")
        if not account:
            raise ActionRefused("a deal needs a client")
        store = self.store
        with store.transaction():
            found = store.find_account(account) or store.add_account(_check(lambda: Account(name=account, industry=industry.strip())))
            deal = _check(lambda: Deal(account_id=found.id, title=title, journey_stage=journey_stage, currency=currency.strip().upper()))
            store.add_deal(deal)
        self._changed(deal.id, "create_deal", deal.id)
        return deal

    def edit_deal(
        self,
        deal_id: str,
        *,
        title: str,
        account: str,
        industry: str = "",
        journey_stage: JourneyStage,
        currency: str,
        based_on: int | None = None,
    ) -> Deal:
        """Change a deal's title, client, journey stage or currency."""
        title, account = title.strip(), account.strip()
        if not title:
            raise ActionRefused("a deal needs a title")
        if not account:
            raise ActionRefused("a deal needs a client")
        store = self.store
        with store.transaction():
            deal = store.deal(deal_id)
            found = store.find_account(account) or store.add_account(_check(lambda: Account(name=account, industry=industry.strip())))
            changed = _check(
                lambda: Deal.model_validate(
                    {**deal.model_dump(), "account_id": found.id, "title": title, "journey_stage": journey_stage, "currency": currency.strip().upper()}
                )
            )
            store.update_deal(changed)
        self._changed(deal_id, "edit_deal", deal_id, based_on=based_on)
        return changed

    def set_archived(self, deal_id: str, archived: bool) -> None:
        """Archive a deal (it leaves the list) or restore it."""
        self.store.set_archived(deal_id, archived)
        self._changed(deal_id, "set_archived", deal_id)

    def delete_deal(self, deal_id: str) -> None:
        """Delete a deal and everything recorded for it (the caller has asked the seller first)."""
        self.store.deal(deal_id)  # DealNotFound for an unknown id
        self.store.delete_deal(deal_id)
        self._changed(deal_id, "delete_deal", deal_id)

    def import_record(self, record: DealRecord) -> str:
        """A whole deal (from a file, or the sample deal) in one transaction; returns its id."""
        self.store.insert_record(record)
        self._changed(record.deal.id, "import_record", record.deal.id)
        return record.deal.id

    def set_strategy(
        self,
        deal_id: str,
        *,
        score: AccountScore = UNSET,
        purchase_model: PurchaseModel | None = UNSET,
        closing_tactic: ClosingTactic | None = UNSET,
        journey_stage: JourneyStage = UNSET,
        goals: dict[JourneyStage, str] = UNSET,
        based_on: int | None = None,
    ) -> Deal:
        """Set the account strategy: the 3×3 score, purchase model and closing tactic (None: the
        coach's own reading), journey stage, and the seller's goal per stage (empty goals dropped)."""
        updates: dict[str, Any] = {}
        if score is not UNSET:
            updates["score"] = score
        if purchase_model is not UNSET:
            updates["purchase_model"] = purchase_model
        if closing_tactic is not UNSET:
            updates["closing_tactic"] = closing_tactic
        if journey_stage is not UNSET:
            updates["journey_stage"] = journey_stage
        if goals is not UNSET:
            updates["goals"] = {stage: text.strip() for stage, text in goals.items() if text.strip()}
        with self.store.transaction():
            deal = self.store.deal(deal_id)
            changed = _check(lambda: Deal.model_validate({**deal.model_dump(), **updates}))
            self.store.update_deal(changed)
        self._changed(deal_id, "set_strategy", deal_id, based_on=based_on)
        return changed

    # ------------------------------------------------------------ the buying group

    def add_stakeholder(self, person: Stakeholder) -> Stakeholder:
        """Add a person to the deal's buying group."""
        self.store.deal(person.deal_id)
        self.store.add_stakeholder(person)
        self._changed(person.deal_id, "add_stakeholder", person.id)
        return person

    def edit_stakeholder(self, person: Stakeholder, *, based_on: int | None = None) -> Stakeholder:
        """Change what is known about a person (name, title, role, influence, attitude …)."""
        current = self.store.stakeholder(person.id)
        if current.deal_id != person.deal_id:
            raise ActionRefused(f"{person.name} belongs to another deal")
        self.store.update_stakeholder(person)
        self._changed(person.deal_id, "edit_stakeholder", person.id, based_on=based_on)
        return person

    def remove_stakeholder(self, stakeholder_id: str, *, based_on: int | None = None) -> None:
        """Take a person out of the buying group, with their answers; lines and problems keep the words, unattributed."""
        person = self.store.stakeholder(stakeholder_id)
        self.store.remove_stakeholder(stakeholder_id)
        self._changed(person.deal_id, "remove_stakeholder", stakeholder_id, based_on=based_on)

    # ------------------------------------------------------------ what people said

    def save_answer(
        self,
        *,
        answer_id: str,
        deal_id: str,
        stakeholder_id: str,
        stage: Stage,
        text: str,
        question_id: str | None = None,
        question_text: str = "",
        at: datetime | None = None,
        meeting_id: str | None = None,
        based_on: int | None = None,
    ) -> Answer | None:
        """Save what a person answered to a question (again as it is edited); empty text removes it."""
        text = text.strip()
        if not text:
            self.store.delete_answer(answer_id)
            self._changed(deal_id, "save_answer", answer_id, based_on=based_on)
            return None
        answer = _check(
            lambda: Answer(
                id=answer_id,
                deal_id=deal_id,
                stakeholder_id=stakeholder_id,
                question_id=question_id,
                question_text=question_text,
                stage=stage,
                text=text,
                at=at or now(),
                meeting_id=meeting_id,
            )
        )
        self.store.save_answer(answer)
        self._changed(deal_id, "save_answer", answer_id, based_on=based_on)
        return answer

    def save_meeting(
        self, meeting: Meeting, lines: Iterable[Note] = (), deleted: Iterable[str] = (), *, based_on: int | None = None
    ) -> None:
        """Save a meeting (started, attendees changed, ended) with its new and edited lines and the
        lines deleted since the last save, all in one commit. Empty lines are not kept."""
        lines = [n for n in lines if n.text.strip()]
        deleted = [d for d in deleted if d not in {n.id for n in lines}]
        for line in lines:
            if line.deal_id != meeting.deal_id or line.meeting_id != meeting.id:
                raise ActionRefused(f"line {line.id} belongs to another meeting")
        store = self.store
        with store.transaction():
            store.save_meeting(meeting)
            if lines:
                store.save_notes(lines)
            for note_id in deleted:
                store.delete_note(note_id)
        self._changed(meeting.deal_id, "save_meeting", meeting.id, *(n.id for n in lines), based_on=based_on)

    def promote_line(
        self,
        line: Note,
        kind: PromoteAs,
        text: str,
        *,
        problem_id: str | None = None,
        amount: "Amount | None" = None,
        based_on: int | None = None,
    ) -> str:
        """Turn a meeting line into a problem, or an implication or need-payoff of ``problem_id``.

        The line's speaker raised the problem, stated the implication (stated evidence;
        an unattributed line is the seller's inference) or stated the need (explicit).
        The line is saved with what it became and, if untagged, the stage it was
        promoted as. Returns the id of what was made.
        """
        text = " ".join(text.split())
        if not text:
            raise ActionRefused("write what to add")
        who = line.stakeholder_id
        values: dict[str, Any] = {}
        if amount is not None:
            values = {"amount": amount.value, "currency": amount.currency, "period": amount.period}
        store = self.store
        with store.transaction():
            if kind == "problem":
                problem = _check(lambda: Problem(deal_id=line.deal_id, statement=text, raised_by=who))
                made = problem.id
            else:
                if problem_id is None:
                    raise ActionRefused("choose the problem it belongs to")
                old = store.problem(problem_id)
                if kind == "implication":
                    evidence: Evidence = "stated" if who else "inferred"
                    problem = _check(lambda: edit.add_implication(old, text, evidence=evidence, stated_by=who, **values))
                    made = problem.implications[-1].id
                else:
                    problem = _check(lambda: edit.add_need_payoff(old, text, said_by=who, explicit=who is not None, **values))
                    made = problem.need_payoffs[-1].id
            store.save_problem(problem)
            marked = line.model_copy(update={"promoted_to": made, "stage": line.stage or kind})
            store.save_note(marked)
        line.promoted_to, line.stage = marked.promoted_to, marked.stage
        self._changed(line.deal_id, "promote_line", made, line.id, based_on=based_on)
        return made

    # ------------------------------------------------------------ the shared problem definition

    def _save_problem(self, problem: Problem, action: str, *ids: str, based_on: int | None) -> Problem:
        self.store.save_problem(problem)
        self._changed(problem.deal_id, action, *ids, based_on=based_on)
        return problem

    def add_problem(
        self,
        deal_id: str,
        statement: str,
        *,
        raised_by: str | None = None,
        confirmed_by: Iterable[str] = (),
        source_answers: Iterable[str] = (),
        based_on: int | None = None,
    ) -> Problem:
        """A new problem of the shared definition, raised by someone (or by the seller's reading)."""
        statement = " ".join(statement.split())
        if not statement:
            raise ActionRefused("a problem needs a statement")
        confirmed = [p for p in dict.fromkeys(confirmed_by) if p != raised_by]
        problem = _check(
            lambda: Problem(deal_id=deal_id, statement=statement, raised_by=raised_by, confirmed_by=confirmed, source_answers=list(source_answers))
        )
        return self._save_problem(problem, "add_problem", problem.id, based_on=based_on)

    def edit_problem(
        self,
        problem_id: str,
        *,
        statement: str = UNSET,
        raised_by: str | None = UNSET,
        confirmed_by: Iterable[str] = UNSET,
        based_on: int | None = None,
    ) -> Problem:
        """Reword a problem or change who raised and who confirmed it."""
        problem = self.store.problem(problem_id)
        updates: dict[str, Any] = {}
        if statement is not UNSET:
            statement = " ".join(statement.split())
            if not statement:
                raise ActionRefused("a problem needs a statement")
            updates["statement"] = statement
        if raised_by is not UNSET:
            updates["raised_by"] = raised_by
        who_raised = updates.get("raised_by", problem.raised_by)
        if confirmed_by is not UNSET:
            updates["confirmed_by"] = [p for p in dict.fromkeys(confirmed_by) if p != who_raised]
        elif who_raised in problem.confirmed_by:
            updates["confirmed_by"] = [p for p in problem.confirmed_by if p != who_raised]
        changed = _check(lambda: Problem.model_validate({**problem.model_dump(), **updates}))
        return self._save_problem(changed, "edit_problem", problem_id, based_on=based_on)

    def remove_problem(self, problem_id: str, *, based_on: int | None = None) -> None:
        """Take a problem, with its implications and need-payoffs, out of the definition."""
        problem = self.store.problem(problem_id)
        self.store.delete_problem(problem_id)
        self._changed(problem.deal_id, "remove_problem", problem_id, based_on=based_on)

    def confirm_problem(self, problem_id: str, stakeholder_id: str, *, based_on: int | None = None) -> Problem:
        """``stakeholder_id`` confirmed the problem (confirming twice changes nothing)."""
        problem = self.store.problem(problem_id)
        return self._save_problem(edit.confirm(problem, stakeholder_id), "confirm_problem", problem_id, stakeholder_id, based_on=based_on)

    def withdraw_confirmation(self, problem_id: str, stakeholder_id: str, *, based_on: int | None = None) -> Problem:
        """``stakeholder_id`` took their confirmation of the problem back."""
        problem = self.store.problem(problem_id)
        return self._save_problem(edit.withdraw(problem, stakeholder_id), "withdraw_confirmation", problem_id, stakeholder_id, based_on=based_on)

    def add_implication(
        self,
        problem_id: str,
        consequence: str,
        *,
        amount: float | None = None,
        currency: str | None = None,
        period: Period | None = None,
        evidence: Evidence = "stated",
        stated_by: str | None = None,
        felt_by: Iterable[str] = (),
        based_on: int | None = None,
    ) -> Problem:
        """What the problem leads to, with what it costs if the client said (or the seller estimates)."""
        if not consequence.strip():
            raise ActionRefused("an implication needs a consequence")
        problem = self.store.problem(problem_id)
        changed = _check(
            lambda: edit.add_implication(
                problem, consequence.strip(), amount=amount, currency=currency, period=period, evidence=evidence, stated_by=stated_by, felt_by=list(felt_by)
            )
        )
        return self._save_problem(changed, "add_implication", problem_id, changed.implications[-1].id, based_on=based_on)

    def edit_implication(self, implication_id: str, *, based_on: int | None = None, **changes: Any) -> Problem:
        """Change an implication's consequence, amount, currency, period, evidence or who stated it."""
        problem = self.store.problem_of(implication_id)
        changed = _refused_if_wrong(lambda: edit.edit_implication(problem, implication_id, **changes))
        return self._save_problem(changed, "edit_implication", problem.id, implication_id, based_on=based_on)

    def remove_implication(self, implication_id: str, *, based_on: int | None = None) -> Problem:
        problem = self.store.problem_of(implication_id)
        changed = edit.remove_implication(problem, implication_id)
        return self._save_problem(changed, "remove_implication", problem.id, implication_id, based_on=based_on)

    def add_need_payoff(
        self,
        problem_id: str,
        text: str,
        *,
        said_by: str | None = None,
        amount: float | None = None,
        currency: str | None = None,
        period: Period | None = None,
        explicit: bool = False,
        based_on: int | None = None,
    ) -> Problem:
        """The value of solving the problem in the client's words; explicit once they stated the need."""
        if not text.strip():
            raise ActionRefused("a need-payoff needs the client's words")
        problem = self.store.problem(problem_id)
        changed = _check(
            lambda: edit.add_need_payoff(problem, text.strip(), said_by=said_by, amount=amount, currency=currency, period=period, explicit=explicit)
        )
        return self._save_problem(changed, "add_need_payoff", problem_id, changed.need_payoffs[-1].id, based_on=based_on)

    def edit_need_payoff(self, need_payoff_id: str, *, based_on: int | None = None, **changes: Any) -> Problem:
        """Change a need-payoff's words, amount, who said it or whether the need is explicit."""
        problem = self.store.problem_of(need_payoff_id)
        changed = _refused_if_wrong(lambda: edit.edit_need_payoff(problem, need_payoff_id, **changes))
        return self._save_problem(changed, "edit_need_payoff", problem.id, need_payoff_id, based_on=based_on)

    def remove_need_payoff(self, need_payoff_id: str, *, based_on: int | None = None) -> Problem:
        problem = self.store.problem_of(need_payoff_id)
        changed = edit.remove_need_payoff(problem, need_payoff_id)
        return self._save_problem(changed, "remove_need_payoff", problem.id, need_payoff_id, based_on=based_on)


__all__ = ["ActionRefused", "Change", "DealActions", "Listener", "UNSET"]

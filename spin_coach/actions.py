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

Two windows (or a window and a script) on one deal never overwrite each other
silently. Every method reads what is stored inside its transaction and writes
only the caller's change: added lines, implications and confirmations merge.
An edit says what the caller saw (``was``); a field the caller changed that
someone else changed meanwhile to something else is refused with a
:class:`Conflict` holding mine, theirs and the original, for the seller to
resolve (keep mine: call again with ``was`` = theirs; keep theirs: reload;
both: :meth:`Conflict.both`). Fields the caller did not change are never written.

No Textual here: the CLI, scripts and tests use the same layer as the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal, Mapping

from pydantic import BaseModel, ValidationError

from .coach import problems as edit
from .models import (
    Account,
    AccountScore,
    Answer,
    ClosingTactic,
    Deal,
    DealRecord,
    Evidence,
    Implication,
    JourneyStage,
    Meeting,
    NeedPayoff,
    Note,
    Period,
    Problem,
    PurchaseModel,
    Stage,
    Stakeholder,
    new_id,
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
class FieldConflict:
    """One field both the caller and someone else changed, to different values."""

    field: str
    mine: Any  # what the caller wants
    theirs: Any  # what is stored now (someone else's change)
    original: Any  # what the caller saw before editing


class Conflict(ActionRefused):
    """The caller edited a copy that someone else (another window) changed meanwhile, in the same field.

    Nothing was written. ``what`` is ``answer``, ``stakeholder``, ``deal``, ``problem``,
    ``implication`` or ``need_payoff``; ``item_id`` its id; ``conflicts`` one entry per field.
    """

    def __init__(self, what: str, item_id: str, deal_id: str, conflicts: list[FieldConflict]) -> None:
        self.what, self.item_id, self.deal_id, self.conflicts = what, item_id, deal_id, list(conflicts)
        names = ", ".join(c.field for c in self.conflicts)
        super().__init__(f"the {what.replace('_', '-')} was changed elsewhere meanwhile ({names}): choose which to keep")

    @property
    def field(self) -> str:
        return self.conflicts[0].field

    @property
    def mine(self) -> Any:
        return self.conflicts[0].mine

    @property
    def theirs(self) -> Any:
        return self.conflicts[0].theirs

    @property
    def original(self) -> Any:
        return self.conflicts[0].original

    def theirs_as_was(self) -> dict[str, Any]:
        """``was`` for a second call that keeps mine: the caller has now seen theirs."""
        return {c.field: c.theirs for c in self.conflicts}

    def both(self) -> dict[str, Any] | None:
        """Values that keep both sides, where both fit (texts joined, lists united); None where they cannot."""
        merged: dict[str, Any] = {}
        for c in self.conflicts:
            value = both_values(c.field, c.theirs, c.mine)
            if value is None:
                return None
            merged[c.field] = value
        return merged


# Free text (what someone said, notes, a wording) can keep both versions, joined; a choice
# (a role, an attitude, a person, a number) is one or the other.
_FREE_TEXT = {"text", "notes", "statement", "consequence", "question_text"}
_LISTS = {"confirmed_by", "felt_by"}


def both_values(field: str, theirs: Any, mine: Any) -> Any:
    """Both of two values of ``field`` where both fit: two texts joined by a line break (theirs
    first), two lists united; None for values that can only be one or the other."""
    if (field in _FREE_TEXT or field.startswith("goals.")) and isinstance(theirs, str) and isinstance(mine, str):
        if theirs.strip() and mine.strip():
            return f"{theirs.rstrip()}\n{mine.strip()}"
        return None
    if field in _LISTS and isinstance(theirs, list) and isinstance(mine, list):
        return list(dict.fromkeys([*theirs, *mine]))
    return None


def _seen(was: BaseModel | Mapping[str, Any] | None) -> dict[str, Any] | None:
    if was is None:
        return None
    return was.model_dump() if isinstance(was, BaseModel) else dict(was)


def _merge(what: str, item_id: str, deal_id: str, stored: Mapping[str, Any], changes: Mapping[str, Any], was: Mapping[str, Any] | None) -> dict[str, Any]:
    """The fields to write: a three-way merge of the caller's ``changes`` into what is ``stored``.

    For each field: unchanged by the caller (equal to what it saw, ``was``) → left alone;
    stored still as the caller saw it, or already equal to the change → written;
    changed by someone else to something else → :class:`Conflict`. Without ``was`` the
    caller claims nothing about what it saw, and its changes are written as asked.
    """
    updates: dict[str, Any] = {}
    clashes: list[FieldConflict] = []
    for name, mine in changes.items():
        theirs = stored.get(name)
        if was is not None and name in was:
            original = was[name]
            if mine == original:
                continue  # not the caller's change: never written
            if theirs != original and theirs != mine:
                clashes.append(FieldConflict(name, mine, theirs, original))
                continue
        if theirs != mine:
            updates[name] = mine
    if clashes:
        raise Conflict(what, item_id, deal_id, clashes)
    return updates


def _normalised(cls: type[BaseModel], base: Mapping[str, Any], values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """``values`` as the model would hold them (types, defaults), so "12" and 12.0 compare equal."""
    if values is None:
        return None
    model = _check(lambda: cls.model_validate({**base, **values}))
    return {k: getattr(model, k) for k in values if k in cls.model_fields}


_STRATEGY = ("purchase_model", "closing_tactic", "journey_stage")


def _flat_strategy(deal: Mapping[str, Any]) -> dict[str, Any]:
    """The strategy's choices as separate fields: ``score.relationship``, ``goals.<stage>`` …"""
    flat = {k: deal[k] for k in _STRATEGY if k in deal}
    score = deal.get("score")
    if score is not None:
        score = score.model_dump() if isinstance(score, BaseModel) else score
        flat.update({f"score.{axis}": value for axis, value in score.items()})
    flat.update({f"goals.{stage}": text for stage, text in (deal.get("goals") or {}).items()})
    return flat


def _unflat_strategy(deal: dict[str, Any], flat: Mapping[str, Any]) -> dict[str, Any]:
    out = {**deal, "score": dict(deal["score"]), "goals": dict(deal["goals"])}
    for key, value in flat.items():
        head, _, rest = key.partition(".")
        if head == "score":
            out["score"][rest] = value
        elif head == "goals":
            if value:
                out["goals"][rest] = value
            else:
                out["goals"].pop(rest, None)
        else:
            out[key] = value
    return out


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
        title: str = UNSET,
        account: str = UNSET,
        industry: str = "",
        journey_stage: JourneyStage = UNSET,
        currency: str = UNSET,
        was: Mapping[str, Any] | None = None,
        based_on: int | None = None,
    ) -> Deal:
        """Change a deal's title, client, journey stage or currency.

        ``was``: the values the caller saw (``title``, ``account`` (the client's name),
        ``journey_stage``, ``currency``); a field changed elsewhere meanwhile → :class:`Conflict`."""
        changes: dict[str, Any] = {}
        if title is not UNSET:
            changes["title"] = title.strip()
            if not changes["title"]:
                raise ActionRefused("a deal needs a title")
        if account is not UNSET:
            changes["account"] = account.strip()
            if not changes["account"]:
                raise ActionRefused("a deal needs a client")
        if journey_stage is not UNSET:
            changes["journey_stage"] = journey_stage
        if currency is not UNSET:
            changes["currency"] = currency.strip().upper()
        seen = dict(was) if was is not None else None
        if seen is not None and "currency" in seen:
            seen["currency"] = str(seen["currency"]).strip().upper()
        store = self.store
        with store.transaction():
            deal = store.deal(deal_id)
            stored = {**deal.model_dump(), "account": store.account(deal.account_id).name}
            updates = _merge("deal", deal_id, deal_id, stored, changes, seen)
            if "account" in updates:
                name = updates.pop("account")
                found = store.find_account(name) or store.add_account(_check(lambda: Account(name=name, industry=industry.strip())))
                updates["account_id"] = found.id
            changed = _check(lambda: Deal.model_validate({**deal.model_dump(), **updates}))
            if updates:
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
        was: Deal | Mapping[str, Any] | None = None,
        based_on: int | None = None,
    ) -> Deal:
        """Set the account strategy: the 3×3 score, purchase model and closing tactic (None: the
        coach's own reading), journey stage, and the seller's goal per stage (empty goals dropped).

        Only what is given is written, read fresh in one transaction, so two windows' choices
        both stay; the score's two axes and each stage's goal count as separate fields. With
        ``was`` (the deal as the caller saw it) a choice changed elsewhere meanwhile → :class:`Conflict`."""
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
        seen = _seen(was)
        with self.store.transaction():
            deal = self.store.deal(deal_id)
            stored = _flat_strategy(deal.model_dump())
            mine = _flat_strategy({**deal.model_dump(), **{k: (v.model_dump() if isinstance(v, BaseModel) else v) for k, v in updates.items()}})
            if "goals" in updates:  # a goal emptied here is a change too
                for key in stored:
                    if key.startswith("goals.") and key[6:] not in updates["goals"]:
                        mine[key] = None
            changes = {k: v for k, v in mine.items() if k.split(".")[0] in updates}
            # a goal the caller did not see was empty for it
            before = {**{k: None for k in changes}, **_flat_strategy(seen)} if seen is not None else None
            merged = _merge("deal", deal_id, deal_id, stored, changes, before)
            changed = _check(lambda: Deal.model_validate(_unflat_strategy(deal.model_dump(), merged)))
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

    def edit_stakeholder(
        self, stakeholder_id: str, *, was: Stakeholder | Mapping[str, Any] | None = None, based_on: int | None = None, **changes: Any
    ) -> Stakeholder:
        """Change what is known about a person (name, title, role, influence, attitude, notes …).

        Only the fields in ``changes`` are written; ``was`` is the person as the caller saw them:
        a field the caller changed that someone else changed meanwhile → :class:`Conflict`."""
        unknown = set(changes) - set(Stakeholder.model_fields) | ({"id", "deal_id"} & set(changes))
        if unknown:
            raise ActionRefused(f"cannot change {', '.join(sorted(unknown))}")
        store = self.store
        with store.transaction():
            current = store.stakeholder(stakeholder_id)
            base = current.model_dump()
            mine = _normalised(Stakeholder, base, changes) or {}
            updates = _merge("stakeholder", stakeholder_id, current.deal_id, base, mine, _normalised(Stakeholder, base, _seen(was)))
            changed = _check(lambda: Stakeholder.model_validate({**base, **updates}))
            store.update_stakeholder(changed, fields=updates)
        self._changed(current.deal_id, "edit_stakeholder", stakeholder_id, based_on=based_on)
        return changed

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
        was: str | None = None,
        based_on: int | None = None,
    ) -> Answer | None:
        """Save what a person answered to a question (again as it is edited); empty text removes it.

        ``was`` is the text the caller loaded (None or "" for a new answer). An answer whose stored
        text is neither ``was`` nor ``text`` was changed elsewhere meanwhile: nothing is replaced,
        a :class:`Conflict` (field ``text``) says both texts."""
        text = text.strip()
        seen = (was or "").strip()
        answer = None
        if text:
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
        store = self.store
        with store.transaction():
            stored = store.answer(answer_id)
            theirs = stored.text.strip() if stored is not None else ""
            if theirs not in (seen, text):
                raise Conflict("answer", answer_id, deal_id, [FieldConflict("text", text, theirs, seen)])
            if stored is not None and stored.deal_id != deal_id:
                raise ActionRefused(f"answer {answer_id} belongs to another deal")
            if answer is None:
                if stored is not None:
                    store.delete_answer(answer_id)
            else:
                store.save_answer(answer)
        self._changed(deal_id, "save_answer", answer_id, based_on=based_on)
        return answer

    def save_meeting(
        self,
        meeting: Meeting,
        lines: Iterable[Note] = (),
        deleted: Iterable[str] = (),
        *,
        was: Mapping[str, str] | None = None,
        based_on: int | None = None,
    ) -> dict[str, str]:
        """Save a meeting (started, attendees changed, ended) with its new and edited lines and the
        lines deleted since the last save, all in one commit. Empty lines are not kept.

        ``was`` maps a line's id to its text as the caller last saw it. A line that another window
        edited meanwhile is never written over and never deleted: its stored words stay, and the
        caller's edit is kept beside it as a new line. Returns those new ids (old id → new id)."""
        lines = [n for n in lines if n.text.strip()]
        deleted = [d for d in deleted if d not in {n.id for n in lines}]
        for line in lines:
            if line.deal_id != meeting.deal_id or line.meeting_id != meeting.id:
                raise ActionRefused(f"line {line.id} belongs to another meeting")
        seen = dict(was or {})
        renamed: dict[str, str] = {}
        store = self.store
        with store.transaction():
            store.save_meeting(meeting)
            stored = store.note_texts([i for i in [*(n.id for n in lines), *deleted] if i in seen])
            kept: list[Note] = []
            for line in lines:
                theirs = stored.get(line.id)
                if line.id in seen and theirs is not None and theirs not in (seen[line.id], line.text):
                    copy = line.model_copy(update={"id": new_id("n")})  # both edits kept
                    renamed[line.id] = copy.id
                    line = copy
                kept.append(line)
            if kept:
                store.save_notes(kept)
            for note_id in deleted:
                theirs = stored.get(note_id)
                if note_id in seen and theirs is not None and theirs != seen[note_id]:
                    continue  # edited elsewhere meanwhile: their words stay
                store.delete_note(note_id)
        self._changed(meeting.deal_id, "save_meeting", meeting.id, *(n.id for n in kept), based_on=based_on)
        return renamed

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

    def _edit_problem(
        self, problem_id: str, apply: Callable[[Problem], Problem], action: str, *ids: str, based_on: int | None, item: bool = False, new: str | None = None
    ) -> Problem:
        """Read the problem (or the problem holding the item ``problem_id``) inside the transaction, apply
        the caller's change to what is stored now and write it: edits made elsewhere meanwhile stay."""
        store = self.store
        with store.transaction():
            problem = store.problem_of(problem_id) if item else store.problem(problem_id)
            changed = apply(problem)
            store.save_problem(changed)
        made = (getattr(changed, new)[-1].id,) if new else ()
        self._changed(changed.deal_id, action, *(i or changed.id for i in ids), *made, based_on=based_on)
        return changed

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
        was: Problem | Mapping[str, Any] | None = None,
        based_on: int | None = None,
    ) -> Problem:
        """Reword a problem or change who raised and who confirmed it.

        ``was``: the problem as the caller saw it. Rewording or a new raiser changed elsewhere
        meanwhile → :class:`Conflict`; confirmations merge (who the caller added is added,
        who it took away is taken away, everyone else's stay)."""
        changes: dict[str, Any] = {}
        if statement is not UNSET:
            statement = " ".join(statement.split())
            if not statement:
                raise ActionRefused("a problem needs a statement")
            changes["statement"] = statement
        if raised_by is not UNSET:
            changes["raised_by"] = raised_by
        seen = _seen(was)
        if seen is not None and "statement" in seen:
            seen["statement"] = " ".join(str(seen["statement"]).split())

        def apply(problem: Problem) -> Problem:
            updates = _merge("problem", problem.id, problem.deal_id, problem.model_dump(), changes, seen)
            who_raised = updates.get("raised_by", problem.raised_by)
            if confirmed_by is not UNSET:
                mine = list(dict.fromkeys(confirmed_by))
                if seen is not None and "confirmed_by" in seen:
                    before = set(seen["confirmed_by"])
                    added, taken = [p for p in mine if p not in before], before - set(mine)
                    mine = [p for p in problem.confirmed_by if p not in taken] + [p for p in added if p not in problem.confirmed_by]
                updates["confirmed_by"] = [p for p in mine if p != who_raised]
            elif who_raised in problem.confirmed_by:
                updates["confirmed_by"] = [p for p in problem.confirmed_by if p != who_raised]
            return _check(lambda: Problem.model_validate({**problem.model_dump(), **updates}))

        return self._edit_problem(problem_id, apply, "edit_problem", problem_id, based_on=based_on)

    def remove_problem(self, problem_id: str, *, based_on: int | None = None) -> None:
        """Take a problem, with its implications and need-payoffs, out of the definition."""
        problem = self.store.problem(problem_id)
        self.store.delete_problem(problem_id)
        self._changed(problem.deal_id, "remove_problem", problem_id, based_on=based_on)

    def confirm_problem(self, problem_id: str, stakeholder_id: str, *, based_on: int | None = None) -> Problem:
        """``stakeholder_id`` confirmed the problem (confirming twice changes nothing)."""
        return self._edit_problem(problem_id, lambda p: edit.confirm(p, stakeholder_id), "confirm_problem", problem_id, stakeholder_id, based_on=based_on)

    def withdraw_confirmation(self, problem_id: str, stakeholder_id: str, *, based_on: int | None = None) -> Problem:
        """``stakeholder_id`` took their confirmation of the problem back."""
        return self._edit_problem(
            problem_id, lambda p: edit.withdraw(p, stakeholder_id), "withdraw_confirmation", problem_id, stakeholder_id, based_on=based_on
        )

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
        felt = list(felt_by)
        changed = self._edit_problem(
            problem_id,
            lambda p: _check(
                lambda: edit.add_implication(p, consequence.strip(), amount=amount, currency=currency, period=period, evidence=evidence, stated_by=stated_by, felt_by=felt)
            ),
            "add_implication",
            problem_id,
            based_on=based_on,
            new="implications",
        )
        return changed

    def _edit_item(self, kind: str, item_id: str, changes: Mapping[str, Any], was: Any, based_on: int | None) -> Problem:
        """Edit one implication or need-payoff: a three-way merge of ``changes`` (see :func:`_merge`)."""
        editor = edit.edit_implication if kind == "implication" else edit.edit_need_payoff
        cls = Implication if kind == "implication" else NeedPayoff

        def apply(problem: Problem) -> Problem:
            items = problem.implications if kind == "implication" else problem.need_payoffs
            stored = next(i for i in items if i.id == item_id)
            edited = _refused_if_wrong(lambda: editor(problem, item_id, **changes))
            mine_item = next(i for i in (edited.implications if kind == "implication" else edited.need_payoffs) if i.id == item_id)
            mine = {k: getattr(mine_item, k) for k in changes}
            seen = _seen(was)
            if seen is not None:
                seen = _normalised(cls, stored.model_dump(), {k: v for k, v in seen.items() if k in cls.model_fields and k not in ("id", "problem_id")})
            updates = _merge(kind, item_id, problem.deal_id, stored.model_dump(), mine, seen)
            return _refused_if_wrong(lambda: editor(problem, item_id, **updates))

        return self._edit_problem(item_id, apply, f"edit_{kind}", "", item_id, based_on=based_on, item=True)

    def edit_implication(self, implication_id: str, *, was: Any = None, based_on: int | None = None, **changes: Any) -> Problem:
        """Change an implication's consequence, amount, currency, period, evidence or who stated it.

        ``was``: the implication as the caller saw it; a field changed elsewhere meanwhile → :class:`Conflict`."""
        return self._edit_item("implication", implication_id, changes, was, based_on)

    def remove_implication(self, implication_id: str, *, based_on: int | None = None) -> Problem:
        with self.store.transaction():
            problem = self.store.problem_of(implication_id)
            self.store.delete_implication(implication_id)
        changed = edit.remove_implication(problem, implication_id)
        self._changed(problem.deal_id, "remove_implication", problem.id, implication_id, based_on=based_on)
        return changed

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
        return self._edit_problem(
            problem_id,
            lambda p: _check(
                lambda: edit.add_need_payoff(p, text.strip(), said_by=said_by, amount=amount, currency=currency, period=period, explicit=explicit)
            ),
            "add_need_payoff",
            problem_id,
            based_on=based_on,
            new="need_payoffs",
        )

    def edit_need_payoff(self, need_payoff_id: str, *, was: Any = None, based_on: int | None = None, **changes: Any) -> Problem:
        """Change a need-payoff's words, amount, who said it or whether the need is explicit.

        ``was``: the need-payoff as the caller saw it; a field changed elsewhere meanwhile → :class:`Conflict`."""
        return self._edit_item("need_payoff", need_payoff_id, changes, was, based_on)

    def remove_need_payoff(self, need_payoff_id: str, *, based_on: int | None = None) -> Problem:
        with self.store.transaction():
            problem = self.store.problem_of(need_payoff_id)
            self.store.delete_need_payoff(need_payoff_id)
        changed = edit.remove_need_payoff(problem, need_payoff_id)
        self._changed(problem.deal_id, "remove_need_payoff", problem.id, need_payoff_id, based_on=based_on)
        return changed


__all__ = ["ActionRefused", "Change", "Conflict", "DealActions", "FieldConflict", "Listener", "UNSET", "both_values"]

"""The domain, as pydantic models: banks, deals, people, what they said, and the
shared problem definition. No widget code and no storage code lives here."""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timezone
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

# ---------------------------------------------------------------- vocabularies

Stage = Literal["situation", "problem", "implication", "need_payoff"]
STAGES: tuple[Stage, ...] = get_args(Stage)
STAGE_LETTER: dict[Stage, str] = {
    "situation": "S",
    "problem": "P",
    "implication": "I",
    "need_payoff": "N",
}

JourneyStage = Literal[
    "shared_problem_understanding",
    "solution_review",
    "technical_requirements",
    "solution_choice",
    "onboarding",
    "retention",
    "advocacy",
]
JOURNEY_STAGES: tuple[JourneyStage, ...] = get_args(JourneyStage)

PurchaseModel = Literal["economic", "technical", "end_use"]
ClosingTactic = Literal["transactional", "integrator", "turnkey"]
Feeds = Literal["fact", "problem", "implication", "need"]
Influence = Literal["decision_maker", "influencer", "user", "gatekeeper"]
Attitude = Literal["champion", "supporter", "neutral", "skeptic", "blocker"]
Relationship = Literal["weak", "medium", "strong"]
Attractiveness = Literal["low", "medium", "high"]
Period = Literal["one_off", "week", "month", "quarter", "year"]
Evidence = Literal["stated", "inferred"]
Channel = Literal["meeting", "video", "phone", "email", "chat", "conference", "site_visit", "other"]
# What a meeting line is: the seller's question, what a stakeholder said, a next step, or a plain note.
LineKind = Literal["question", "said", "next_step", "note"]
LINE_KINDS: tuple[LineKind, ...] = get_args(LineKind)

LANGUAGES = ("en", "ru")

# ---------------------------------------------------------------- size limits
# How long each kind of field of a deal may be, in characters (lists: in items). They are
# generous for what a person types and keep a hostile file (a 2 MB name) out: an import
# over a limit is refused by JSON path, and the JSON Schema carries them (maxLength, maxItems).
LIMITS: dict[str, int] = {
    "id": 100,  # every id and every reference to one
    "name": 200,  # names, titles, roles, industry, size, tags, labels, question ids
    "statement": 5_000,  # a problem, an implication, a need-payoff, a goal, a question as asked
    "text": 100_000,  # what someone said: an answer, a meeting line, notes on a person
    "list": 1_000,  # people at a meeting, confirmations, source answers, tags, who feels it
    "stakeholders": 1_000,
    "meetings": 10_000,
    "answers": 100_000,  # answers, and meeting lines, per deal
    "problems": 1_000,  # problems per deal; implications and need-payoffs per problem
}

Id = Annotated[str, Field(max_length=LIMITS["id"])]
Name = Annotated[str, Field(max_length=LIMITS["name"])]
Statement = Annotated[str, Field(max_length=LIMITS["statement"])]
LongText = Annotated[str, Field(max_length=LIMITS["text"])]
Text = Annotated[str, Field(min_length=1)]
NameText = Annotated[str, Field(min_length=1, max_length=LIMITS["name"])]
StatementText = Annotated[str, Field(min_length=1, max_length=LIMITS["statement"])]
LongTextRequired = Annotated[str, Field(min_length=1, max_length=LIMITS["text"])]


def _bounded(item, limit: str = "list"):
    """A list of at most ``LIMITS[limit]`` items."""
    return Annotated[list[item], Field(max_length=LIMITS[limit])]


IdList = _bounded(Id)
NameList = _bounded(Name)


def _utc(value: datetime | None) -> datetime | None:
    """Every time is kept in UTC: an offset is converted, a time without one is read as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


UtcDatetime = Annotated[datetime, AfterValidator(_utc)]
# Per-language strings, e.g. {"en": "...", "ru": "..."}.
LocalText = dict[str, str]


def new_id(prefix: str) -> str:
    """A short, time-ordered, globally unlikely-to-clash id such as ``d_0192ab…``."""
    return f"{prefix}_{int(time.time() * 1000):011x}{secrets.token_hex(4)}"


def now() -> datetime:
    """The current time in UTC, to the second (stable through JSON)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


class Model(BaseModel):
    """Base: unknown fields are errors, so a typo in a file is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def _require_languages(value: LocalText, field: str) -> LocalText:
    missing = [lang for lang in LANGUAGES if not (value.get(lang) or "").strip()]
    if missing:
        raise ValueError(f"{field} needs text in {', '.join(missing)} (has: {', '.join(sorted(value)) or 'none'})")
    return value


# ---------------------------------------------------------------- question banks


class CrmMapping(Model):
    """How a role maps onto the buying-role fields sellers already keep in their CRM."""

    salesforce: list[str] = []
    hubspot: list[str] = []
    miller_heiman: list[str] = []


class Role(Model):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: LocalText
    purchase_model: PurchaseModel = "technical"
    influence: Influence = "influencer"
    key: bool = False  # a decision maker or budget holder whose agreement the deal needs
    cares_about: dict[str, list[str]] = {}
    crm: CrmMapping = CrmMapping()

    @field_validator("name")
    @classmethod
    def _names(cls, v: LocalText) -> LocalText:
        return _require_languages(v, "name")

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name.get("en") or self.id


class Question(Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$")]
    stage: Stage
    roles: list[str] = []  # empty: suits every role
    text: LocalText
    purpose: LocalText = {}
    journey: JourneyStage = "shared_problem_understanding"
    follow_ups: list[str] = []
    tags: list[str] = []
    feeds: Feeds = "fact"
    research: bool = False  # the answer can be found before the call
    source: str = ""  # file the question came from (set by the loader)

    @field_validator("text")
    @classmethod
    def _texts(cls, v: LocalText) -> LocalText:
        return _require_languages(v, "text")

    def ask(self, lang: str = "en") -> str:
        return self.text.get(lang) or self.text["en"]

    def why(self, lang: str = "en") -> str:
        return self.purpose.get(lang) or self.purpose.get("en", "")

    def suits(self, role: str | None) -> bool:
        return not self.roles or (role is not None and role in self.roles)


class BankInfo(Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")]
    name: str = ""
    version: str = "1"
    description: str = ""
    languages: list[str] = list(LANGUAGES)


class QuestionBank(Model):
    """One bank file: metadata, roles and questions."""

    bank: BankInfo
    roles: list[Role] = []
    questions: list[Question] = []


class ServiceOffer(Model):
    """One of the seller's own offers, matched to the client's problems in a proposal."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$")]
    name: LocalText
    solves: LocalText
    tags: list[str] = []
    keywords: dict[str, list[str]] = {}
    proof: list[LocalText] = []
    pricing_model: ClosingTactic = "integrator"
    pricing: LocalText = {}

    @field_validator("name", "solves")
    @classmethod
    def _texts(cls, v: LocalText, info) -> LocalText:
        return _require_languages(v, info.field_name)


class ServiceCatalog(Model):
    catalog: BankInfo
    offers: list[ServiceOffer] = []


# ---------------------------------------------------------------- the deal


class Account(Model):
    id: Id = Field(default_factory=lambda: new_id("a"))
    name: NameText
    industry: Name = ""
    size: Name = ""


class AccountScore(Model):
    """The 3×3 client matrix: how strong the relationship is × how attractive the client is."""

    relationship: Relationship = "weak"
    attractiveness: Attractiveness = "medium"


class Deal(Model):
    id: Id = Field(default_factory=lambda: new_id("d"))
    account_id: Id
    title: NameText
    journey_stage: JourneyStage = "shared_problem_understanding"
    purchase_model: PurchaseModel | None = None
    closing_tactic: ClosingTactic | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    goals: dict[JourneyStage, Statement] = {}
    score: AccountScore = AccountScore()
    archived: bool = False
    created_at: UtcDatetime = Field(default_factory=now)
    updated_at: UtcDatetime = Field(default_factory=now)


class Stakeholder(Model):
    id: Id = Field(default_factory=lambda: new_id("s"))
    deal_id: Id
    name: NameText
    title: Name = ""
    role: Name = "end_user"
    influence: Influence = "influencer"
    attitude: Attitude = "neutral"
    external: bool = False
    channel: Channel = "meeting"
    notes: LongText = ""


class Meeting(Model):
    id: Id = Field(default_factory=lambda: new_id("m"))
    deal_id: Id
    title: Name = ""
    started_at: UtcDatetime = Field(default_factory=now)
    ended_at: UtcDatetime | None = None
    channel: Channel = "meeting"
    attendees: IdList = []


class Answer(Model):
    id: Id = Field(default_factory=lambda: new_id("ans"))
    deal_id: Id
    stakeholder_id: Id
    question_id: Name | None = None
    question_text: Statement = ""  # the question as asked, for ad-hoc questions
    stage: Stage
    text: LongTextRequired
    at: UtcDatetime = Field(default_factory=now)
    meeting_id: Id | None = None


def line_kind(text: str, stakeholder_id: str | None) -> LineKind:
    """What an unmarked line most likely is: a person's words when it is attributed to them,
    the seller's question when it ends in a question mark, else a plain note.

    Lines written before lines had kinds (database schema 1, exchange version 1) are read this way.
    """
    if stakeholder_id:
        return "said"
    return "question" if text.rstrip().endswith("?") else "note"


class Note(Model):
    """One timestamped line typed in a meeting: a question the seller asked, what a stakeholder
    said, a next step or a plain note; optionally attributed to a person and tagged with a SPIN stage.

    ``stakeholder_id`` is who said it (``said``), whom a question was put to (``question``)
    or who owns a next step. ``promoted_to`` is the problem, implication or need-payoff
    the line became in the shared problem definition.
    """

    id: Id = Field(default_factory=lambda: new_id("n"))
    deal_id: Id
    meeting_id: Id | None = None
    at: UtcDatetime = Field(default_factory=now)
    text: LongText
    stakeholder_id: Id | None = None
    stage: Stage | None = None
    kind: LineKind = "note"
    promoted_to: Id | None = None

    @model_validator(mode="before")
    @classmethod
    def _kind_when_unmarked(cls, data):
        if isinstance(data, dict) and data.get("kind") is None and "text" in data:
            data = {**data, "kind": line_kind(str(data.get("text") or ""), data.get("stakeholder_id"))}
        return data


def _amount_needs_currency(item):
    """An amount is never negative and always comes with its currency."""
    if item.amount is not None:
        if item.amount < 0:
            raise ValueError("amount must not be negative")
        if not item.currency:
            raise ValueError("an amount needs a currency")
    return item


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
# A finite figure (JSON's 1e400 reads as infinity, which no export could write back) of at
# most a quadrillion, so that yearly roll-ups stay finite too.
MAX_AMOUNT = 1e15
Money = Annotated[float, Field(allow_inf_nan=False, le=MAX_AMOUNT)]


class Implication(Model):
    id: Id = Field(default_factory=lambda: new_id("imp"))
    problem_id: Id
    consequence: StatementText
    amount: Money | None = None
    currency: Currency | None = None
    period: Period | None = None
    felt_by: NameList = []  # stakeholder ids, or a free label such as "sales team"
    evidence: Evidence = "stated"
    stated_by: Id | None = None

    _check_amount = model_validator(mode="after")(_amount_needs_currency)



class NeedPayoff(Model):
    id: Id = Field(default_factory=lambda: new_id("np"))
    problem_id: Id
    text: StatementText  # the value in the client's own words
    amount: Money | None = None
    currency: Currency | None = None
    period: Period | None = None
    said_by: Id | None = None
    explicit: bool = False  # implied until a stakeholder states the need themselves

    _check_amount = model_validator(mode="after")(_amount_needs_currency)



class Problem(Model):
    id: Id = Field(default_factory=lambda: new_id("p"))
    deal_id: Id
    statement: StatementText
    raised_by: Id | None = None
    confirmed_by: IdList = []
    source_answers: IdList = []
    tags: NameList = []
    created_at: UtcDatetime = Field(default_factory=now)
    implications: _bounded(Implication, "problems") = []
    need_payoffs: _bounded(NeedPayoff, "problems") = []


class ProblemDefinition(Model):
    """The one shared definition of the client's problem for a deal."""

    problems: _bounded(Problem, "problems") = []


class DealRecord(Model):
    """Everything the product knows about one deal: the unit of export, review and proposal.

    ``revision`` is the deal's revision in the store when the record was read (every write
    raises it); a write made from this record carries it, so a stale copy can be told apart.
    It is not part of the exchange format.
    """

    deal: Deal
    account: Account
    stakeholders: _bounded(Stakeholder, "stakeholders") = []
    meetings: _bounded(Meeting, "meetings") = []
    answers: _bounded(Answer, "answers") = []
    notes: _bounded(Note, "answers") = []
    problem_definition: ProblemDefinition = ProblemDefinition()
    revision: SkipJsonSchema[int] = Field(default=0, exclude=True)

    def stakeholder(self, stakeholder_id: str | None) -> Stakeholder | None:
        return next((s for s in self.stakeholders if s.id == stakeholder_id), None)

    @model_validator(mode="after")
    def _references_resolve(self) -> "DealRecord":
        """Every id that points elsewhere points at something in this record."""
        deal_id = self.deal.id
        people = {s.id for s in self.stakeholders}
        meetings = {m.id for m in self.meetings}
        answers = {a.id for a in self.answers}
        faults: list[str] = []
        if self.deal.account_id != self.account.id:
            faults.append(f"deal.account_id: {self.deal.account_id!r} is not the account's id {self.account.id!r}")

        def check(path: str, value: str | None, known: set[str], what: str) -> None:
            if value is not None and value not in known:
                faults.append(f"{path}: unknown {what} {value!r}")

        def unique(rows: list[tuple[str, str]]) -> None:
            """Ids are unique within a table, and across the problem definition (a line's
            ``promoted_to`` may point at a problem, an implication or a need-payoff)."""
            first: dict[str, str] = {}
            for path, value in rows:
                if value in first:
                    faults.append(f"{path}.id: duplicate id {value!r} (also {first[value]})")
                else:
                    first[value] = path

        unique([(f"stakeholders[{i}]", s.id) for i, s in enumerate(self.stakeholders)])
        unique([(f"meetings[{i}]", m.id) for i, m in enumerate(self.meetings)])
        unique([(f"answers[{i}]", a.id) for i, a in enumerate(self.answers)])
        unique([(f"notes[{i}]", n.id) for i, n in enumerate(self.notes)])
        promotable = []
        for i, p in enumerate(self.problem_definition.problems):
            base = f"problem_definition.problems[{i}]"
            promotable.append((base, p.id))
            promotable += [(f"{base}.implications[{j}]", imp.id) for j, imp in enumerate(p.implications)]
            promotable += [(f"{base}.need_payoffs[{j}]", need.id) for j, need in enumerate(p.need_payoffs)]
        unique(promotable)

        for i, s in enumerate(self.stakeholders):
            if s.deal_id != deal_id:
                faults.append(f"stakeholders[{i}].deal_id: {s.deal_id!r} is not this deal")
        for i, m in enumerate(self.meetings):
            if m.deal_id != deal_id:
                faults.append(f"meetings[{i}].deal_id: {m.deal_id!r} is not this deal")
            for j, a in enumerate(m.attendees):
                check(f"meetings[{i}].attendees[{j}]", a, people, "stakeholder")
        for i, a in enumerate(self.answers):
            if a.deal_id != deal_id:
                faults.append(f"answers[{i}].deal_id: {a.deal_id!r} is not this deal")
            check(f"answers[{i}].stakeholder_id", a.stakeholder_id, people, "stakeholder")
            check(f"answers[{i}].meeting_id", a.meeting_id, meetings, "meeting")
        for i, n in enumerate(self.notes):
            if n.deal_id != deal_id:
                faults.append(f"notes[{i}].deal_id: {n.deal_id!r} is not this deal")
            check(f"notes[{i}].stakeholder_id", n.stakeholder_id, people, "stakeholder")
            check(f"notes[{i}].meeting_id", n.meeting_id, meetings, "meeting")
        items = {p.id for p in self.problem_definition.problems}
        items |= {i.id for p in self.problem_definition.problems for i in p.implications}
        items |= {n.id for p in self.problem_definition.problems for n in p.need_payoffs}
        for i, n in enumerate(self.notes):
            check(f"notes[{i}].promoted_to", n.promoted_to, items, "problem, implication or need-payoff")
        for i, p in enumerate(self.problem_definition.problems):
            base = f"problem_definition.problems[{i}]"
            if p.deal_id != deal_id:
                faults.append(f"{base}.deal_id: {p.deal_id!r} is not this deal")
            check(f"{base}.raised_by", p.raised_by, people, "stakeholder")
            for j, c in enumerate(p.confirmed_by):
                check(f"{base}.confirmed_by[{j}]", c, people, "stakeholder")
            for j, a in enumerate(p.source_answers):
                check(f"{base}.source_answers[{j}]", a, answers, "answer")
            for j, imp in enumerate(p.implications):
                if imp.problem_id != p.id:
                    faults.append(f"{base}.implications[{j}].problem_id: {imp.problem_id!r} is not this problem")
                check(f"{base}.implications[{j}].stated_by", imp.stated_by, people, "stakeholder")
            for j, need in enumerate(p.need_payoffs):
                if need.problem_id != p.id:
                    faults.append(f"{base}.need_payoffs[{j}].problem_id: {need.problem_id!r} is not this problem")
                check(f"{base}.need_payoffs[{j}].said_by", need.said_by, people, "stakeholder")
        if faults:
            raise ValueError("; ".join(faults))
        return self

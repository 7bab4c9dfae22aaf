"""The domain, as pydantic models: banks, deals, people, what they said, and the
shared problem definition. No widget code and no storage code lives here."""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timezone
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
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
Period = Literal["one_off", "month", "quarter", "year"]
Evidence = Literal["stated", "inferred"]
Channel = Literal["meeting", "video", "phone", "email", "chat", "conference", "site_visit", "other"]
# What a meeting line is: the seller's question, what a stakeholder said, a next step, or a plain note.
LineKind = Literal["question", "said", "next_step", "note"]
LINE_KINDS: tuple[LineKind, ...] = get_args(LineKind)

LANGUAGES = ("en", "ru")

Text = Annotated[str, Field(min_length=1)]
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
    id: str = Field(default_factory=lambda: new_id("a"))
    name: Text
    industry: str = ""
    size: str = ""


class AccountScore(Model):
    """The 3×3 client matrix: how strong the relationship is × how attractive the client is."""

    relationship: Relationship = "weak"
    attractiveness: Attractiveness = "medium"


class Deal(Model):
    id: str = Field(default_factory=lambda: new_id("d"))
    account_id: str
    title: Text
    journey_stage: JourneyStage = "shared_problem_understanding"
    purchase_model: PurchaseModel | None = None
    closing_tactic: ClosingTactic | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    goals: dict[JourneyStage, str] = {}
    score: AccountScore = AccountScore()
    archived: bool = False
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)


class Stakeholder(Model):
    id: str = Field(default_factory=lambda: new_id("s"))
    deal_id: str
    name: Text
    title: str = ""
    role: str = "end_user"
    influence: Influence = "influencer"
    attitude: Attitude = "neutral"
    external: bool = False
    channel: Channel = "meeting"
    notes: str = ""


class Meeting(Model):
    id: str = Field(default_factory=lambda: new_id("m"))
    deal_id: str
    title: str = ""
    started_at: datetime = Field(default_factory=now)
    ended_at: datetime | None = None
    channel: Channel = "meeting"
    attendees: list[str] = []


class Answer(Model):
    id: str = Field(default_factory=lambda: new_id("ans"))
    deal_id: str
    stakeholder_id: str
    question_id: str | None = None
    question_text: str = ""  # the question as asked, for ad-hoc questions
    stage: Stage
    text: Text
    at: datetime = Field(default_factory=now)
    meeting_id: str | None = None


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

    id: str = Field(default_factory=lambda: new_id("n"))
    deal_id: str
    meeting_id: str | None = None
    at: datetime = Field(default_factory=now)
    text: str
    stakeholder_id: str | None = None
    stage: Stage | None = None
    kind: LineKind = "note"
    promoted_to: str | None = None

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


class Implication(Model):
    id: str = Field(default_factory=lambda: new_id("imp"))
    problem_id: str
    consequence: Text
    amount: float | None = None
    currency: Currency | None = None
    period: Period | None = None
    felt_by: list[str] = []  # stakeholder ids, or a free label such as "sales team"
    evidence: Evidence = "stated"
    stated_by: str | None = None

    _check_amount = model_validator(mode="after")(_amount_needs_currency)



class NeedPayoff(Model):
    id: str = Field(default_factory=lambda: new_id("np"))
    problem_id: str
    text: Text  # the value in the client's own words
    amount: float | None = None
    currency: Currency | None = None
    period: Period | None = None
    said_by: str | None = None
    explicit: bool = False  # implied until a stakeholder states the need themselves

    _check_amount = model_validator(mode="after")(_amount_needs_currency)



class Problem(Model):
    id: str = Field(default_factory=lambda: new_id("p"))
    deal_id: str
    statement: Text
    raised_by: str | None = None
    confirmed_by: list[str] = []
    source_answers: list[str] = []
    tags: list[str] = []
    created_at: datetime = Field(default_factory=now)
    implications: list[Implication] = []
    need_payoffs: list[NeedPayoff] = []


class ProblemDefinition(Model):
    """The one shared definition of the client's problem for a deal."""

    problems: list[Problem] = []


class DealRecord(Model):
    """Everything the product knows about one deal: the unit of export, review and proposal.

    ``revision`` is the deal's revision in the store when the record was read (every write
    raises it); a write made from this record carries it, so a stale copy can be told apart.
    It is not part of the exchange format.
    """

    deal: Deal
    account: Account
    stakeholders: list[Stakeholder] = []
    meetings: list[Meeting] = []
    answers: list[Answer] = []
    notes: list[Note] = []
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

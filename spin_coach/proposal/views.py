"""What a proposal or call-plan template sees: the template context, as pydantic models.

Every field a template can use is declared here with its type and a one-line
description; ``docs/templates.md`` is checked against these models by a test,
so the documentation cannot drift from what templates receive. The context
holds data only — client text stays text — and is built by
:mod:`spin_coach.proposal.context` and :mod:`spin_coach.proposal.plan`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SectionId = Literal[
    "cover",
    "summary",
    "situation",
    "problems",
    "cost",
    "value",
    "approach",
    "commercial",
    "stakeholders",
    "requirements",
    "open_questions",
    "next_steps",
]

# The order of the proposal's sections for each purchase model: an economic buyer
# reads the return first, a technical buyer the requirements, an end-use buyer the outcomes.
SECTION_ORDER: dict[str, tuple[SectionId, ...]] = {
    "economic": (
        "cover", "summary", "value", "cost", "problems", "approach", "commercial",
        "situation", "stakeholders", "requirements", "open_questions", "next_steps",
    ),
    "technical": (
        "cover", "summary", "requirements", "situation", "problems", "approach", "commercial",
        "cost", "value", "stakeholders", "open_questions", "next_steps",
    ),
    "end_use": (
        "cover", "summary", "value", "commercial", "problems", "approach", "situation",
        "cost", "stakeholders", "requirements", "open_questions", "next_steps",
    ),
}


class View(BaseModel):
    """Base of the context models: read-only, and unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Money(View):
    """An amount in one currency, with its text in the document's language."""

    amount: float = Field(description="the number, e.g. 60000.0")
    currency: str = Field(description="ISO code, e.g. EUR")
    text: str = Field(description="formatted for reading, e.g. 'EUR 60,000 a year'")


class Person(View):
    """A stakeholder of the client's buying group."""

    id: str = Field(description="stakeholder id")
    name: str = Field(description="full name")
    title: str = Field(description="job title, may be empty")
    role: str = Field(description="buying role id from the banks, e.g. finance")
    role_label: str = Field(description="the role's name in the document's language")
    influence: str = Field(description="decision_maker, influencer, user or gatekeeper")
    influence_label: str = Field(description="the influence in the document's language")
    key: bool = Field(description="the deal needs this person's agreement")
    external: bool = Field(description="an adviser outside the client's company")
    label: str = Field(description="'Name, title' — how to name the person in text")


class Statement(View):
    """Something a stakeholder said, verbatim."""

    text: str = Field(description="what they said")
    said_by: Person | None = Field(description="who said it")
    question: str = Field(description="the question it answered, may be empty")
    stage: str = Field(description="SPIN stage: situation, problem, implication or need_payoff")


class ImplicationView(View):
    """One consequence of a problem, with its cost when known."""

    consequence: str = Field(description="what happens because of the problem")
    amount: Money | None = Field(description="the amount per its period, when stated")
    per_year: Money | None = Field(description="the yearly figure (month × 12, quarter × 4); none for one-offs")
    period: str | None = Field(description="one_off, month, quarter or year")
    evidence: Literal["stated", "inferred"] = Field(description="stated by the client or inferred by the seller")
    evidence_label: str = Field(description="'as stated' or 'our estimate, to be confirmed'")
    stated_by: Person | None = Field(description="who gave the figure")
    felt_by: list[str] = Field(description="names (or labels) of who feels it")


class NeedPayoffView(View):
    """The value of solving a problem, in the client's own words."""

    text: str = Field(description="the client's words, to quote")
    amount: Money | None = Field(description="a value they put on it, when they did")
    said_by: Person | None = Field(description="who said it")
    explicit: bool = Field(description="the stakeholder stated the need themselves")


class OfferView(View):
    """One of the seller's offers, matched to a problem (pre-sell research)."""

    id: str = Field(description="offer id in the service catalog")
    name: str = Field(description="offer name")
    solves: str = Field(description="what the offer solves")
    proof: list[str] = Field(description="cases and references")
    pricing_model: str = Field(description="transactional, integrator or turnkey")
    pricing_model_label: str = Field(description="the pricing model in the document's language")
    pricing: str = Field(description="how it is priced, may be empty")


class ProblemRef(View):
    """A short reference to a problem of the shared definition."""

    number: int = Field(description="1-based number in the proposal")
    statement: str = Field(description="the problem as agreed")


class ProblemView(View):
    """A problem of the shared definition, who holds it, what it costs and what solves it."""

    id: str = Field(description="problem id")
    number: int = Field(description="1-based number in the proposal")
    statement: str = Field(description="the problem as agreed")
    raised_by: Person | None = Field(description="who first described it")
    confirmed_by: list[Person] = Field(description="everyone who holds it: who raised it, then who confirmed it")
    key_missing: list[Person] = Field(description="key stakeholders who have not confirmed it yet")
    agreed: bool = Field(description="every key stakeholder holds it and it has a figure")
    quantified: bool = Field(description="at least one implication has an amount")
    implications: list[ImplicationView] = Field(description="its consequences")
    need_payoffs: list[NeedPayoffView] = Field(description="the value of solving it, in the client's words")
    cost_per_year: list[Money] = Field(description="cost of inaction per year, one entry per currency")
    cost_one_off: list[Money] = Field(description="one-off costs, one entry per currency")
    value_per_year: list[Money] = Field(description="stated yearly value of solving it, per currency")
    value_one_off: list[Money] = Field(description="stated one-off value of solving it, per currency")
    offers: list[OfferView] = Field(description="catalog offers matched to it")
    tags: list[str] = Field(description="the problem's tags")


class SectionView(View):
    """One section of the proposal, in the order the purchase model calls for."""

    id: SectionId = Field(description="cover, summary, situation, problems, cost, value, approach, commercial, stakeholders, requirements, open_questions or next_steps")
    title: str = Field(description="its heading, worded for the purchase model")


class Summary(View):
    """The executive summary."""

    lead: str = Field(description="the opening paragraph, worded for the purchase model")
    points: list[str] = Field(description="the key points, most important first")


class CommercialModel(View):
    """How we would work: the closing tactic as a commercial model."""

    tactic: str = Field(description="transactional, integrator or turnkey")
    label: str = Field(description="the model's name in the document's language")
    description: str = Field(description="a paragraph describing the model for this deal")
    baseline: list[Money] = Field(description="today's cost per year a turnkey fee is measured against")
    pricing: list[str] = Field(description="'offer: pricing' lines of the matched offers")
    service_levels: list[str] = Field(description="outcomes the service is measured on")


class RoleView(View):
    """What one buying role gets from solving the problems."""

    role: str = Field(description="role id")
    label: str = Field(description="role name in the document's language")
    people: list[Person] = Field(description="the stakeholders holding the role")
    cares_about: list[str] = Field(description="what the role cares about (from the banks)")
    problems: list[ProblemRef] = Field(description="problems these people hold")
    gets: list[Statement] = Field(description="the value in their own words (their need-payoffs)")


class OpenQuestion(View):
    """A question still open with the client, from the coaching gaps."""

    kind: Literal["confirm", "quantify", "validate", "value", "meet", "roles"] = Field(description="what kind of gap")
    text: str = Field(description="the question, worded for the client")


class NextSteps(View):
    """What happens next, for the deal's journey stage."""

    stage: str = Field(description="journey stage id")
    stage_label: str = Field(description="the stage in the document's language")
    steps: list[str] = Field(description="the steps, in order")


class AccountView(View):
    """The client company."""

    name: str = Field(description="company name")
    industry: str = Field(description="industry, may be empty")
    size: str = Field(description="size, may be empty")


class DealView(View):
    """The deal the proposal is for."""

    id: str = Field(description="deal id")
    title: str = Field(description="deal title")
    currency: str = Field(description="the deal's main currency")
    journey_stage: str = Field(description="journey stage id")
    journey_label: str = Field(description="journey stage in the document's language")
    purchase_model: str = Field(description="economic, technical or end_use (the deal's, else inferred)")
    purchase_model_label: str = Field(description="the purchase model in the document's language")
    closing_tactic: str = Field(description="transactional, integrator or turnkey (the deal's, else suggested)")


class Counts(View):
    """How much the proposal rests on."""

    stakeholders: int = Field(description="people in the buying group")
    key_stakeholders: int = Field(description="people whose agreement the deal needs")
    answers: int = Field(description="statements recorded: answers and what people said in meetings")
    problems: int = Field(description="problems in the shared definition")
    agreed_problems: int = Field(description="problems every key stakeholder holds, with a figure")


class ProposalContext(View):
    """Everything a proposal template can use."""

    lang: str = Field(description="document language: en or ru")
    date: str = Field(description="date of the draft, ISO (2026-10-06)")
    date_text: str = Field(description="date of the draft, for reading")
    title: str = Field(description="document title")
    account: AccountView = Field(description="the client company")
    deal: DealView = Field(description="the deal")
    emphasis: Literal["economic", "technical", "end_use"] = Field(description="the purchase model the wording and order follow")
    sections: list[SectionView] = Field(description="the sections in order, with their headings")
    prepared_for: list[Person] = Field(description="key stakeholders, the proposal's readers")
    stakeholders: list[Person] = Field(description="the whole buying group")
    summary: Summary = Field(description="the executive summary")
    situation: list[Statement] = Field(description="situation facts as the client gave them (the first 12)")
    problems: list[ProblemView] = Field(description="the shared problem definition, numbered")
    cost_of_inaction: list[Money] = Field(description="total cost of inaction per year, per currency")
    cost_per_month: list[Money] = Field(description="the same divided by 12 (text without a period): what each month of waiting costs")
    cost_one_off: list[Money] = Field(description="total one-off costs, per currency")
    value_of_solving: list[Money] = Field(description="total stated yearly value of solving, per currency")
    value_one_off: list[Money] = Field(description="total stated one-off value of solving, per currency")
    need_payoffs: list[NeedPayoffView] = Field(description="every need-payoff, key stakeholders first")
    unmatched: list[ProblemRef] = Field(description="problems no catalog offer matches")
    commercial: CommercialModel = Field(description="how we would work")
    roles: list[RoleView] = Field(description="what each role gets, key roles first")
    requirements: list[Statement] = Field(description="requirements and evaluation criteria captured (the first 20)")
    open_questions: list[OpenQuestion] = Field(description="questions still open with the client")
    risks: list[str] = Field(description="risks to the decision, worded for the client")
    next_steps: NextSteps = Field(description="next steps for the journey stage")
    counts: Counts = Field(description="how much the proposal rests on")


# ---------------------------------------------------------------- call plans


class PlanQuestion(View):
    """A question to ask, in the order to ask it."""

    number: int = Field(description="1-based position")
    question_id: str = Field(description="bank question id")
    stage: str = Field(description="SPIN stage: situation, problem, implication or need_payoff")
    stage_label: str = Field(description="the stage in the plan's language")
    text: str = Field(description="the question")
    purpose: str = Field(description="why a seller asks it")
    reason: str = Field(description="why it is next for this person")
    is_follow_up: bool = Field(description="a follow-up of something they said")


class PlanProblem(View):
    """A problem this person holds or should weigh in on, and what is still open about it."""

    number: int = Field(description="the problem's number in the shared definition")
    statement: str = Field(description="the problem")
    holds: bool = Field(description="this person raised or confirmed it")
    open: list[str] = Field(description="what is still open about it with this person")


class StakeholderPlan(View):
    """One page of the call plan: one stakeholder."""

    person: Person = Field(description="who they are")
    attitude: str = Field(description="champion, supporter, neutral, skeptic or blocker")
    attitude_label: str = Field(description="the attitude in the plan's language")
    channel: str = Field(description="preferred channel id, e.g. meeting, email")
    channel_label: str = Field(description="the channel in the plan's language")
    notes: str = Field(description="the seller's notes on the person")
    cares_about: list[str] = Field(description="what their role cares about")
    known: list[Statement] = Field(description="what they already told us (their latest 6 answers or meeting statements), in SPIN order")
    problems: list[PlanProblem] = Field(description="open problems to take up with them")
    questions: list[PlanQuestion] = Field(description="up to 6 questions to ask, next best first, at most 2 situation questions")
    goals: list[str] = Field(description="the goal of the meeting, most important first")


class CallPlanContext(View):
    """Everything a call-plan template can use."""

    lang: str = Field(description="plan language: en or ru")
    date: str = Field(description="date of the plan, ISO")
    date_text: str = Field(description="date of the plan, for reading")
    title: str = Field(description="document title")
    account: AccountView = Field(description="the client company")
    deal: DealView = Field(description="the deal")
    deal_goal: str = Field(description="the seller's goal for the journey stage")
    next_step: str = Field(description="the coach's next step for the deal")
    plans: list[StakeholderPlan] = Field(description="one plan per stakeholder, key stakeholders first")

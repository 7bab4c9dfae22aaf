"""Build a proposal's template context from a deal record, the coach's view of it and
the seller's service catalog.

The coach decides (who is key, who agreed, what the purchase model and closing
tactic are, what inaction costs); this module only gathers and words it for
the client. Client text is copied as data, never interpreted.
"""

from __future__ import annotations

from datetime import date

from ..banks import BankSet
from ..coach.consensus import Consensus, consensus_from
from ..coach.evidence import is_requirement
from ..coach.gaps import Gap, find_gaps
from ..coach.index import DealIndex, quantified
from ..coach.problems import ProblemRollup, per_year, problem_summary, rollup
from ..coach.readiness import readiness_from
from ..coach.strategy import Strategy, strategy_from
from ..models import DealRecord, Problem, ServiceCatalog, ServiceOffer
from .people import PeopleDirectory
from .views import (
    SECTION_ORDER,
    AccountView,
    CommercialModel,
    Counts,
    DealView,
    ImplicationView,
    Money,
    NeedPayoffView,
    NextSteps,
    OfferView,
    OpenQuestion,
    Person,
    ProblemRef,
    ProblemView,
    ProposalContext,
    RoleView,
    SectionView,
    Statement,
    Summary,
)
from .wording import (
    OPEN_ORDER,
    RISKS,
    amounts_text,
    date_text,
    doc,
    doc_list,
    in_sentence,
    joined,
    money,
    money_list,
    open_point,
    quoted,
    section_title,
)

MAX_SITUATION = 12
MAX_REQUIREMENTS = 20
MAX_OFFERS_PER_PROBLEM = 3


def account_view(record: DealRecord) -> AccountView:
    """The client as a template sees it."""
    return AccountView(name=record.account.name, industry=record.account.industry, size=record.account.size)


def deal_view(record: DealRecord, purchase_model: str, closing_tactic: str, lang: str) -> DealView:
    """The deal as a template sees it, with its labels in the document's language."""
    deal = record.deal
    return DealView(
        id=deal.id,
        title=deal.title,
        currency=deal.currency,
        journey_stage=deal.journey_stage,
        journey_label=doc(f"journey.{deal.journey_stage}", lang),
        purchase_model=purchase_model,
        purchase_model_label=doc(f"purchase_model.{purchase_model}", lang),
        closing_tactic=closing_tactic,
    )


def offer_view(offer: ServiceOffer, lang: str) -> OfferView:
    def local(text: dict[str, str]) -> str:
        return text.get(lang) or text.get("en") or ""

    return OfferView(
        id=offer.id,
        name=local(offer.name),
        solves=local(offer.solves),
        proof=[local(p) for p in offer.proof if local(p)],
        pricing_model=offer.pricing_model,
        pricing_model_label=doc(f"tactic.{offer.pricing_model}", lang),
        pricing=local(offer.pricing),
    )


def _match(catalog: ServiceCatalog, problem: Problem, lang: str) -> list[ServiceOffer]:
    if not catalog.offers:
        return []
    from ..catalog import match_offers

    text = " ".join([problem.statement, *(i.consequence for i in problem.implications)])
    # Tags are typed by hand in two spellings (order-entry, order_entry); offer both.
    tags = list(dict.fromkeys(v for t in problem.tags for v in (t, t.replace("-", "_"))))
    return match_offers(catalog, text, tags, lang)[:MAX_OFFERS_PER_PROBLEM]


def problem_view(number: int, problem: Problem, roll: ProblemRollup, agreement: Consensus, group: PeopleDirectory, offers: list[OfferView]) -> ProblemView:
    lang = group.lang
    row = next((r for r in agreement.problems if r.problem_id == problem.id), None)
    implications = []
    for imp in problem.implications:
        has_amount = imp.amount is not None and imp.currency
        yearly_amount = per_year(imp.amount, imp.period) if has_amount else None
        yearly = money(yearly_amount, imp.currency, lang, "year") if yearly_amount is not None else None
        implications.append(
            ImplicationView(
                consequence=imp.consequence,
                amount=money(imp.amount, imp.currency, lang, imp.period) if has_amount else None,
                per_year=yearly,
                period=imp.period,
                evidence=imp.evidence,
                evidence_label=doc("stated" if imp.evidence == "stated" else "estimate", lang),
                stated_by=group.person(imp.stated_by),
                felt_by=[group.people[f].name if f in group.people else f for f in imp.felt_by],
            )
        )
    need_payoffs = [
        NeedPayoffView(
            text=n.text,
            amount=money(n.amount, n.currency, lang, n.period) if n.amount is not None and n.currency else None,
            said_by=group.person(n.said_by),
            explicit=n.explicit,
        )
        for n in problem.need_payoffs
    ]
    return ProblemView(
        id=problem.id,
        number=number,
        statement=problem.statement,
        raised_by=group.person(problem.raised_by),
        confirmed_by=group.persons(group.index.believers[problem.id]),
        key_missing=group.persons(row.key_missing if row else []),
        agreed=bool(row and row.problem_id in agreement.agreed_problems),
        quantified=any(quantified(i) for i in problem.implications),
        implications=implications,
        need_payoffs=need_payoffs,
        cost_per_year=money_list(roll.cost_of_inaction, lang, "year"),
        cost_one_off=money_list(roll.cost_one_off, lang),
        value_per_year=money_list(roll.value_of_solving, lang, "year"),
        value_one_off=money_list(roll.value_one_off, lang),
        offers=offers,
        tags=list(problem.tags),
    )


def build_proposal_context(
    record: DealRecord,
    banks: BankSet,
    *,
    lang: str = "en",
    catalog: ServiceCatalog | None = None,
    today: date | None = None,
    emphasis: str | None = None,
) -> ProposalContext:
    """The proposal's template context for a deal, in ``lang``; ``emphasis`` overrides the purchase model.

    ``catalog`` is the seller's service catalog; None loads the default one
    (the user's ``catalog.toml``, else the bundled sample).
    """
    if catalog is None:
        from ..catalog import load_catalog

        catalog = load_catalog()
    index = DealIndex(record, banks)
    agreement = consensus_from(index)
    gaps = find_gaps(index, agreement=agreement)
    plan = strategy_from(index, lang=lang, agreement=agreement, ready=readiness_from(index, lang=lang, agreement=agreement, gaps=gaps))
    group = PeopleDirectory(index, lang)
    model = emphasis or plan.purchase_model.model
    if model not in SECTION_ORDER:
        raise ValueError(f"unknown purchase model {model!r}; expected one of {', '.join(SECTION_ORDER)}")
    totals = problem_summary(record)
    rolls = {r.problem_id: r for r in totals.problems}

    problems: list[ProblemView] = []
    for number, problem in enumerate(index.problems, 1):
        offers = [offer_view(o, lang) for o in _match(catalog, problem, lang)]
        problems.append(problem_view(number, problem, rolls.get(problem.id) or rollup(problem), agreement, group, offers))

    # What the client said, answers and meeting lines alike, in the order it was said.
    requirements, situation = [], []
    for said in index.conversation.statements:
        if is_requirement(said, banks):
            requirements.append(group.statement(said))
        elif said.stage == "situation":
            situation.append(group.statement(said))

    cost = money_list(totals.cost_of_inaction, lang, "year")
    per_month = money_list({c: round(v / 12, 2) for c, v in totals.cost_of_inaction.items()}, lang)
    value = money_list(totals.value_of_solving, lang, "year")
    key_first = lambda n: (not (n.said_by and n.said_by.key), not n.explicit)  # noqa: E731
    need_payoffs = sorted((n for p in problems for n in p.need_payoffs), key=key_first)
    prepared_for = [p for p in group.people.values() if p.key] or list(group.people.values())
    commercial = _commercial(plan, problems, cost, lang)
    open_questions = _open_questions(index, group, problems, gaps)
    deal = record.deal
    day = today or date.today()

    return ProposalContext(
        lang=lang,
        date=day.isoformat(),
        date_text=date_text(day, lang),
        title=f"{doc('title', lang)}: {record.account.name}",
        account=account_view(record),
        deal=deal_view(record, model, plan.closing_tactic.tactic, lang),
        emphasis=model,  # type: ignore[arg-type]
        sections=[SectionView(id=s, title=section_title(s, model, lang)) for s in SECTION_ORDER[model]],
        prepared_for=prepared_for,
        stakeholders=list(group.people.values()),
        summary=_summary(record, model, problems, cost, per_month, value, need_payoffs, commercial, requirements, lang),
        situation=situation[:MAX_SITUATION],
        problems=problems,
        cost_of_inaction=cost,
        cost_per_month=per_month,
        cost_one_off=money_list(totals.cost_one_off, lang),
        value_of_solving=value,
        value_one_off=money_list(totals.value_one_off, lang),
        need_payoffs=need_payoffs,
        unmatched=[ProblemRef(number=p.number, statement=p.statement) for p in problems if not p.offers],
        commercial=commercial,
        roles=_roles(index, group, problems),
        requirements=requirements[:MAX_REQUIREMENTS],
        open_questions=open_questions,
        risks=_risks(gaps, totals.currencies, lang),
        next_steps=_next_steps(deal.journey_stage, open_questions, gaps, group, lang),
        counts=Counts(
            stakeholders=len(record.stakeholders),
            key_stakeholders=len(group.key),
            answers=len(index.conversation.statements),  # what the stakeholders said: answers and meeting lines
            problems=len(problems),
            agreed_problems=sum(1 for p in problems if p.agreed),
        ),
    )


def _summary(record, model, problems, cost, per_month, value, need_payoffs, commercial, requirements, lang) -> Summary:
    account = record.account.name
    if model == "economic":
        lead = doc("lead.economic", lang, account=account, cost=amounts_text(cost, lang)) if cost else doc("lead.economic_unquantified", lang, account=account)
    else:
        lead = doc(f"lead.{model}", lang, account=account)
    believers = {p.id: p for pr in problems for p in pr.confirmed_by if p.key}
    agreed = [p for p in problems if p.agreed]
    points: list[str] = []
    if agreed:
        key_people = {p.id: p for pr in agreed for p in pr.confirmed_by if p.key}
        points.append(doc("point.agreed", lang, agreed=len(agreed), count=len(problems), names=joined([p.name for p in key_people.values()], lang)))
    elif believers:
        points.append(doc("point.described", lang, count=len(problems), names=joined([p.name for p in believers.values()], lang)))
    else:
        points.append(doc("point.problems_none", lang))
    money_points = []
    if cost:
        money_points.append(doc("point.cost", lang, cost=amounts_text(cost, lang)))
        if model == "economic":
            money_points.append(doc("point.cost_per_month", lang, cost=amounts_text(per_month, lang)))
    if value:
        money_points.append(doc("point.value", lang, value=amounts_text(value, lang)))
    heard = need_payoffs[0] if need_payoffs else None
    quote_point = [doc("point.heard", lang, quote=quoted(heard.text, lang), name=heard.said_by.name if heard.said_by else doc("someone", lang))] if heard else []
    # The purchase model decides what the reader meets first: money, requirements or outcomes.
    if model == "economic":
        points += money_points + quote_point
    elif model == "end_use":
        points += quote_point + money_points
    else:
        if requirements:
            points.append(doc("point.requirements", lang, count=len(requirements)))
        points += money_points + quote_point
    # The best-matched offer of each problem; the approach section lists the rest.
    offers = list(dict.fromkeys(p.offers[0].name for p in problems if p.offers))
    if offers:
        points.append(doc("point.offers", lang, offers="; ".join(offers)))
    points.append(doc("point.commercial", lang, tactic=in_sentence(commercial.label, lang)))
    return Summary(lead=lead, points=points)


def _commercial(plan: Strategy, problems: list[ProblemView], cost: list[Money], lang: str) -> CommercialModel:
    tactic = plan.closing_tactic.tactic
    if tactic == "turnkey":
        description = doc("commercial.turnkey", lang, baseline=amounts_text(cost, lang)) if cost else doc("commercial.turnkey_no_baseline", lang)
    else:
        description = doc(f"commercial.{tactic}", lang)
    seen: dict[str, str] = {}
    for p in problems:
        for o in p.offers:
            if o.pricing and o.name not in seen:
                seen[o.name] = doc("commercial.pricing", lang, offer=o.name, pricing=o.pricing)
    levels = []
    for p in problems:
        said = next((n for n in p.need_payoffs if n.explicit), p.need_payoffs[0] if p.need_payoffs else None)
        levels.append(quoted(said.text, lang) if said else doc("commercial.solved", lang, problem=in_sentence(p.statement, lang)))
    return CommercialModel(
        tactic=tactic,
        label=doc(f"tactic.{tactic}", lang),
        description=description,
        baseline=cost if tactic == "turnkey" else [],
        pricing=list(seen.values()),
        service_levels=levels,
    )


def _roles(index: DealIndex, group: PeopleDirectory, problems: list[ProblemView]) -> list[RoleView]:
    by_role: dict[str, list[Person]] = {}
    for person in group.people.values():
        by_role.setdefault(person.role, []).append(person)
    bank_order = list(index.banks.roles)
    order = sorted(by_role, key=lambda r: (not any(p.key for p in by_role[r]), bank_order.index(r) if r in bank_order else len(bank_order)))
    out = []
    for role_id in order:
        people = by_role[role_id]
        ids = {p.id for p in people}
        role = index.banks.roles.get(role_id)
        cares = (role.cares_about.get(group.lang) or role.cares_about.get("en") or []) if role else []
        held = [ProblemRef(number=p.number, statement=p.statement) for p in problems if ids & {c.id for c in p.confirmed_by}]
        gets = [
            Statement(text=n.text, said_by=n.said_by, question="", stage="need_payoff")
            for p in problems
            for n in p.need_payoffs
            if n.said_by and n.said_by.id in ids
        ]
        out.append(RoleView(role=role_id, label=people[0].role_label, people=people, cares_about=list(cares), problems=held, gets=gets))
    return out


def _open_questions(index: DealIndex, group: PeopleDirectory, problems: list[ProblemView], gaps: list[Gap]) -> list[OpenQuestion]:
    """The coach's gaps still open with the client, worded for them: each problem's first, then whom to meet, then roles."""
    lang = group.lang
    implications = {i.id: i for p in index.problems for i in p.implications}
    out: list[OpenQuestion] = []
    for p in problems:
        # The proposal does not tell the client their need is only implied: that is the seller's to draw out.
        mine = [g for g in gaps if g.problem_id == p.id and open_point(g) not in (None, "implied")]
        for gap in sorted(mine, key=lambda g: OPEN_ORDER.index(open_point(g))):  # type: ignore[arg-type]
            point = open_point(gap)
            if point == "confirm":
                missing = group.persons(gap.people)
                variant = "confirm" if len(missing) > 1 else "confirm_one"
                out.append(OpenQuestion(kind="confirm", text=doc(f"open.{variant}", lang, names=joined([m.name for m in missing], lang), problem=p.statement)))
            elif point == "validate":
                imp = implications[gap.implication_id or ""]
                amount = money(imp.amount, imp.currency, lang, imp.period).text if imp.amount is not None and imp.currency else ""
                out.append(OpenQuestion(kind="validate", text=doc("open.validate", lang, consequence=imp.consequence, amount=amount)))
            else:
                out.append(OpenQuestion(kind=point, text=doc(f"open.{point}", lang, problem=p.statement)))
    for gap in gaps:
        if gap.kind == "never_met" and gap.stakeholder_id in group.key:
            person = group.people[gap.stakeholder_id]
            out.append(OpenQuestion(kind="meet", text=doc("open.meet", lang, name=person.name, role=person.role_label)))
    roles = [index.banks.role_label(g.role or "", lang) for g in gaps if open_point(g) == "roles"]
    if roles:
        out.append(OpenQuestion(kind="roles", text=doc("open.roles", lang, roles=joined(roles, lang))))
    return out


def _risks(gaps: list[Gap], currencies: list[str], lang: str) -> list[str]:
    """Risks to the decision: the gaps the proposal names as risks, once each, then mixed currencies."""
    found = {g.kind for g in gaps}
    risks = [doc(f"risk.{risk}", lang) for kind, risk in RISKS.items() if kind in found]
    if len(currencies) > 1:
        risks.append(doc("risk.mixed_currencies", lang, currencies=", ".join(currencies)))
    return risks


def _next_steps(stage: str, open_questions: list[OpenQuestion], gaps: list[Gap], group: PeopleDirectory, lang: str) -> NextSteps:
    steps = doc_list(f"next.{stage}", lang)
    missing = list(dict.fromkeys(p.name for g in gaps if g.kind == "key_not_confirmed" for p in group.persons(g.people)))
    if open_questions and missing:
        steps = [doc("next.open_points", lang, names=joined(missing, lang)), *steps]
    return NextSteps(stage=stage, stage_label=doc(f"journey.{stage}", lang), steps=steps)

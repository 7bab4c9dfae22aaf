"""``spin-coach review DEAL``: the coaching picture of a deal, as a readable summary or JSON."""

from __future__ import annotations

import click

from ..coach.review import Review, review
from ..coach.text import money_list, msg, names
from ..models import STAGE_LETTER, STAGES
from .context import Context, emit_json, pass_context, say


@click.command("review")
@click.argument("deal")
@click.option("--json", "as_json", is_flag=True, help="Print JSON with the keys coverage, next_questions, nudges, problem_definition, consensus, readiness, strategy, meeting (the seller's questions per stage in the judged meeting).")
@click.option("--meeting", "meeting_id", default=None, help="Judge the live nudges and count the questions of this meeting (default: the latest).")
@pass_context
def review_command(obj: Context, deal: str, as_json: bool, meeting_id: str | None) -> None:
    """Coverage, next questions, nudges, problems, consensus, readiness and strategy of DEAL."""
    lang = obj.language()
    found = obj.deal(deal)
    record = obj.store.record(found.id)
    if meeting_id is not None and all(m.id != meeting_id for m in record.meetings):
        raise click.BadParameter(f"no meeting {meeting_id!r} in deal {found.id}", param_hint="--meeting")
    result = review(record, obj.banks, lang=lang, meeting_id=meeting_id)
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    say(render(result, record.deal.title, record.account.name, lang))


def _tactic_case(plan) -> str:
    tactic = plan.closing_tactic
    if tactic.source == "deal":
        return "agrees" if tactic.tactic == tactic.suggested else "deal"
    return "suggested"


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def render(result: Review, title: str, account: str, lang: str = "en") -> str:
    """The review as plain text a seller reads top to bottom."""
    lines: list[str] = [msg("report.title", lang, title=title, account=account), ""]
    names_by_id = {row.stakeholder_id: row.name for row in result.coverage.stakeholders}

    def who(ids: list[str]) -> str:
        return names([names_by_id.get(i, i) for i in ids]) or msg("report.none", lang)

    # Coverage
    lines.append(msg("report.coverage", lang, letters=" ".join(STAGE_LETTER[s] for s in STAGES)))
    for row in result.coverage.stakeholders:
        cells = "  ".join(f"{STAGE_LETTER[s]} {row.stages[s].answered}/{row.stages[s].asked}" for s in STAGES)
        flags = []
        if row.key:
            flags.append(msg("report.key", lang))
        if not row.met:
            flags.append(msg("report.not_met", lang))
        flag = f"  [{', '.join(flags)}]" if flags else ""
        lines.append(f"  {row.name} — {row.role_label}: {cells}{flag}")
    if not result.coverage.stakeholders:
        lines.append("  " + msg("report.no_stakeholders", lang))
    essential = [m.label for m in result.coverage.missing_roles if m.essential]
    other = [m.label for m in result.coverage.missing_roles if not m.essential]
    if essential:
        lines.append("  " + msg("report.missing_roles", lang, roles=names(essential)))
    if other:
        lines.append("  " + msg("report.other_roles", lang, roles=names(other)))
    if result.coverage.never_met:
        lines.append("  " + msg("report.never_met", lang, names=who(result.coverage.never_met)))

    # Nudges, after the seller's own question count in the meeting judged
    lines += ["", msg("report.nudges", lang)]
    if result.meeting is not None:
        counts = " · ".join(f"{STAGE_LETTER[s]} {result.meeting.questions[s]}" for s in STAGES)
        lines.append("  " + msg("report.meeting_questions", lang, counts=counts, total=result.meeting.total))
    for nudge in result.nudges:
        mark = "!" if nudge.severity == "warn" else "·"
        lines.append(f"  {mark} {nudge.message}")
        lines.append(f"    → {nudge.action}")
    if not result.nudges:
        lines.append("  " + msg("report.none", lang))

    # Next questions
    lines += ["", msg("report.next_questions", lang)]
    if not result.next_questions:
        lines.append("  " + msg("report.none", lang))
    for person in result.next_questions:
        lines.append(f"  {person.name} — {person.role_label}")
        for q in person.questions:
            lines.append(f"    [{STAGE_LETTER[q.stage]}] {q.text}")
            lines.append(f"        {q.reason}")
        if not person.questions:
            lines.append("    " + msg("report.no_questions", lang))

    # Problem definition
    summary = result.problem_definition
    lines += ["", msg("report.problems", lang)]
    for row in summary.problems:
        lines.append(f"  • {row.statement}  ({msg(f'progress.{row.progress}', lang)}; {msg('report.held_by', lang, names=who(row.believers))})")
        if row.cost_of_inaction:
            lines.append("    " + msg("report.cost", lang, cost=money_list(row.cost_of_inaction, lang, "year")))
        if row.cost_one_off:
            lines.append("    " + msg("report.cost_one_off", lang, cost=money_list(row.cost_one_off, lang)))
        if row.value_of_solving or row.value_one_off:
            value = " + ".join(filter(None, [money_list(row.value_of_solving, lang, "year") if row.value_of_solving else "", money_list(row.value_one_off, lang) if row.value_one_off else ""]))
            lines.append("    " + msg("report.value", lang, value=value))
    if summary.problems:
        lines.append("  " + msg("report.total_cost", lang, cost=money_list(summary.cost_of_inaction, lang, "year")))
        if summary.cost_one_off:
            lines.append("  " + msg("report.total_one_off", lang, cost=money_list(summary.cost_one_off, lang)))
        if summary.mixed_currencies:
            lines.append("  " + msg("report.currencies_apart", lang, n=len(summary.currencies)))
    else:
        lines.append("  " + msg("report.no_problems", lang))

    # Consensus
    agreement = result.consensus
    lines += ["", msg("report.consensus", lang, alignment=_pct(agreement.alignment), engaged=_pct(agreement.key_engaged))]
    for row in agreement.problems:
        lines.append(f"  • {row.statement}: {msg('report.key_confirmed', lang, names=who(row.key_confirmed))}")
    lines.append("  " + msg("report.spu_reached" if agreement.shared_problem_understanding else "report.spu_not_reached", lang))

    # Readiness
    lines += ["", msg("report.ready" if result.readiness.ready else "report.not_ready", lang)]
    for item in result.readiness.items:
        mark = "✓" if item.ok else ("✗" if item.required else "·")
        lines.append(f"  {mark} {item.reason}")

    # Strategy
    plan = result.strategy
    lines += [
        "",
        msg("report.strategy", lang),
        "  " + msg("report.matrix", lang, advice=plan.matrix.recommendation),
        "  " + msg("report.purchase_model", lang, model=msg(f"purchase_model.{plan.purchase_model.model}", lang), reason=plan.purchase_model.reason),
        "    " + plan.purchase_model.emphasis,
        "  " + msg(f"report.tactic_{_tactic_case(plan)}", lang, tactic=msg(f"tactic.{plan.closing_tactic.tactic}", lang), suggested=msg(f"tactic.{plan.closing_tactic.suggested}", lang)),
        "    " + plan.closing_tactic.reason,
        "  " + msg("report.journey", lang, stage=plan.journey.label),
        "    " + msg("report.goal", lang, goal=plan.journey.goal),
        "    " + msg("report.next_step", lang, step=plan.journey.next_step),
    ]
    return "\n".join(lines)

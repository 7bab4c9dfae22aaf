"""Call plans: the seller prepares the next conversation with each person of the buying group."""

from __future__ import annotations

import re
from datetime import date

import pytest

from spin_coach.banks import load_banks
from spin_coach.coach import next_questions
from spin_coach.demo import build_demo
from spin_coach.models import Stakeholder
from spin_coach.proposal.documents import render_plan
from spin_coach.proposal.plan import SITUATION_QUESTIONS, build_plan_context

DAY = date(2026, 10, 20)


@pytest.fixture(scope="module")
def banks(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPIN_COACH_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
        return load_banks([])


def person(record, name: str) -> Stakeholder:
    return next(s for s in record.stakeholders if s.name == name)


def test_the_cfo_page_says_who_he_is_and_what_his_role_cares_about(banks):
    record = build_demo("en")
    cfo = person(record, "Marcus Lee")
    [page] = build_plan_context(record, banks, lang="en", stakeholder_id=cfo.id, today=DAY).plans
    assert page.person.label == "Marcus Lee, CFO"
    assert page.person.role_label == banks.role_label("finance", "en")
    assert page.person.influence_label == "decision maker"
    assert page.attitude_label == "sceptic" and page.channel_label == "in person"
    assert page.cares_about == banks.roles["finance"].cares_about["en"]


def test_what_we_already_know_is_what_he_said_in_spin_order(banks):
    record = build_demo("en")
    cfo = person(record, "Marcus Lee")
    [page] = build_plan_context(record, banks, lang="en", stakeholder_id=cfo.id, today=DAY).plans
    said = {a.text for a in record.answers if a.stakeholder_id == cfo.id}
    said |= {n.text for n in record.notes if n.stakeholder_id == cfo.id and n.kind == "said"}
    assert {fact.text for fact in page.known} <= said and page.known
    # His words noted in the meeting are known as well as his answers.
    assert "DSO 58 vs 45 in plan — ask for the financing rate" in {fact.text for fact in page.known}
    stages = [fact.stage for fact in page.known]
    assert stages == sorted(stages, key=["situation", "problem", "implication", "need_payoff"].index)
    assert all(fact.said_by and fact.said_by.id == cfo.id for fact in page.known)


def test_open_problems_and_the_meeting_goal_ask_him_to_confirm_the_integration_problem(banks):
    record = build_demo("en")
    cfo = person(record, "Marcus Lee")
    [page] = build_plan_context(record, banks, lang="en", stakeholder_id=cfo.id, today=DAY).plans
    [open_problem] = page.problems
    assert (open_problem.number, open_problem.holds) == (3, False)
    assert open_problem.statement == "The nightly ERP integration fails at month-end peaks"
    assert open_problem.open == ["not confirmed by them yet"]
    assert page.goals == ["Have Marcus Lee confirm “The nightly ERP integration fails at month-end peaks” in their own words."]


def test_questions_come_next_best_first_with_few_situation_questions(banks):
    record = build_demo("en")
    for someone in record.stakeholders:
        [page] = build_plan_context(record, banks, lang="en", stakeholder_id=someone.id, today=DAY).plans
        coach = next_questions(record, banks, someone.id, lang="en", limit=3)
        assert [q.question_id for q in page.questions[:1]] == [q.question_id for q in coach[:1]]
        assert [q.number for q in page.questions] == list(range(1, len(page.questions) + 1))
        assert sum(q.stage == "situation" for q in page.questions) <= SITUATION_QUESTIONS
        assert all(q.text and q.reason for q in page.questions)


def test_someone_never_met_gets_a_first_conversation(banks):
    record = build_demo("en")
    coo = Stakeholder(deal_id=record.deal.id, name="Olga Fischer", title="COO", role="economic_buyer", influence="decision_maker")
    record.stakeholders.append(coo)
    [page] = build_plan_context(record, banks, lang="en", stakeholder_id=coo.id, today=DAY).plans
    assert page.known == []
    assert page.goals == [f"Learn where things go wrong for Olga Fischer ({banks.role_label('economic_buyer', 'en')}) and whether they share the problems the others described."]
    # She has confirmed nothing the others agreed: every problem is open with her.
    assert [p.number for p in page.problems] == [1, 2, 3]
    assert sum(q.stage == "situation" for q in page.questions) <= SITUATION_QUESTIONS
    text = render_plan(record, banks, fmt="md", lang="en", stakeholder_id=coo.id, today=DAY)
    assert "Nothing yet: this is the first conversation." in text


def test_the_whole_plan_puts_the_people_who_decide_first(banks):
    record = build_demo("en")
    ctx = build_plan_context(record, banks, lang="en", today=DAY)
    names = [page.person.name for page in ctx.plans]
    assert names[:2] == ["Helen Park", "Marcus Lee"]
    assert sorted(names) == sorted(s.name for s in record.stakeholders)
    assert ctx.deal_goal == record.deal.goals["shared_problem_understanding"]
    assert ctx.next_step


def test_markdown_plan_reads_as_a_briefing(banks):
    record = build_demo("en")
    cfo = person(record, "Marcus Lee")
    text = render_plan(record, banks, fmt="md", lang="en", stakeholder_id=cfo.id, today=DAY)
    assert text.startswith("# Call plan: Northwind Freight\n\n**Northwind — order-to-cash automation** · Shared problem understanding · 20 October 2026")
    assert "- Our goal at this stage: Get the CEO and CFO to agree that manual order entry blocks growth, in numbers" in text
    headings = re.findall(r"^###? (.*)$", text, re.MULTILINE)
    assert headings == [
        "Marcus Lee, CFO",
        "Goal of the meeting",
        "What their role cares about",
        "What we already know",
        "Open problems",
        "Questions, in order",
    ]
    assert "- **3. The nightly ERP integration fails at month-end peaks** — not confirmed by them yet" in text
    assert re.search(r"^1\. \*\*.+\*\* \((Situation|Problem|Implication|Need-payoff)(, follow-up)?\)$", text, re.MULTILINE)
    assert "   Why now: " in text


def test_html_plan_prints_one_page_per_stakeholder(banks):
    record = build_demo("en")
    html = render_plan(record, banks, fmt="html", lang="en", today=DAY)
    pages = html.split('<section class="plan"')[1:]
    assert len(pages) == len(record.stakeholders)
    assert ".plan { page-break-after: always; break-after: page; }" in html
    assert ".plan:last-of-type { page-break-after: auto; break-after: auto; }" in html
    assert all("Call plan: Northwind Freight · Northwind — order-to-cash automation" in page for page in pages)
    assert all("Goal of the meeting" in page and "Questions, in order" in page for page in pages)


def test_russian_plan(banks):
    record = build_demo("ru")
    cfo = next(s for s in record.stakeholders if s.role == "finance")
    text = render_plan(record, banks, fmt="md", lang="ru", stakeholder_id=cfo.id, today=DAY)
    assert text.startswith("# План встречи: ТрансЛогистик")
    assert f"## {cfo.name}, {cfo.title}" in text
    for heading in ("### Цель встречи", "### Что важно для этой роли", "### Что мы уже знаем", "### Открытые проблемы", "### Вопросы по порядку"):
        assert heading in text
    assert "- Получить подтверждение проблемы «Ночная интеграция с ERP падает на пиках в конце месяца» — словами самого собеседника." in text
    assert "участник её ещё не подтвердил" in text
    assert "отношение: скептик · предпочитает: личная встреча" in text


def test_an_unknown_stakeholder_is_an_error(banks):
    with pytest.raises(KeyError):
        build_plan_context(build_demo("en"), banks, stakeholder_id="s_nobody")

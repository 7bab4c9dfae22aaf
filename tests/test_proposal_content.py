"""The sample deal's proposal, section by section, in English and Russian.

The sample deal (spin_coach/demo.py) is Northwind Freight / ТрансЛогистик: five
people, three problems with amounts, need-payoffs from the CEO, the CFO and the
order desk; an economic purchase closed turnkey.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from spin_coach.banks import load_banks
from spin_coach.catalog import bundled_catalog_path, load_catalog
from spin_coach.demo import build_demo
from spin_coach.models import Answer, Implication, NeedPayoff, Problem, Stakeholder
from spin_coach.proposal.context import build_proposal_context
from spin_coach.proposal.documents import render_proposal

DAY = date(2026, 10, 20)


@pytest.fixture(scope="module")
def banks(tmp_path_factory):
    # Module-wide, so the user's own banks folder must be pointed away by hand.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPIN_COACH_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
        return load_banks([])


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(bundled_catalog_path())


def proposal(banks, catalog, lang: str, record=None) -> str:
    return render_proposal(record or build_demo(lang), banks, fmt="md", lang=lang, catalog=catalog, today=DAY)


def section(text: str, heading: str) -> str:
    """The Markdown of one ``## heading`` section, up to the next one."""
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 3)
    return text[start : end if end > 0 else len(text)]


# ---------------------------------------------------------------- English


@pytest.fixture(scope="module")
def en(banks, catalog) -> str:
    return proposal(banks, catalog, "en")


def test_cover_names_the_client_the_deal_and_its_readers(en):
    cover = en[: en.index("## ")]
    assert cover.startswith("# Pre-sell proposal: Northwind Freight\n")
    assert "**Northwind — order-to-cash automation**" in cover
    assert "- **Client:** Northwind Freight · Logistics and distribution · 1,200 employees, 3 depots" in cover
    assert "- **Prepared for:** Helen Park, Marcus Lee" in cover  # the key stakeholders, not the whole group
    assert "- **Stage:** Shared problem understanding" in cover
    assert "- **Date:** 20 October 2026" in cover


def test_executive_summary_leads_with_the_money_for_an_economic_buyer(en):
    summary = section(en, "Executive summary")
    assert "Today the problems below cost Northwind Freight about EUR\u00a03,252,000 a year." in summary
    points = re.findall(r"^- (.*)$", summary, re.MULTILINE)
    assert points[0] == "2 of the 3 problems below are shared by everyone who decides: Helen Park and Marcus Lee."
    assert points[1] == "Doing nothing costs about EUR\u00a03,252,000 a year."
    assert points[2] == "Every month of waiting costs about EUR\u00a0271,000."
    assert "In your words: “If the desk could scale, we would sign both chains this spring.” — Helen Park." in points
    assert points[-1] == "Commercial model: Turnkey, paid on outcome."


def test_situation_quotes_the_facts_with_who_gave_them(en):
    situation = section(en, "The situation as we understood it")
    assert "Northwind Freight: Logistics and distribution, 1,200 employees, 3 depots." in situation
    assert "- “Orders arrive by e-mail, web shop and phone; we key each one into the ERP by hand.” — Tom Becker (Order desk lead)" in situation
    assert "- “The board wants 15% volume growth next year without adding headcount in the back office.” — Helen Park (CEO)" in situation
    # A requirement goes under requirements, not here.
    assert "penetration-test" not in situation


def test_problems_say_who_raised_and_who_confirmed_each(en):
    problems = section(en, "The problems we agreed on")
    first = problems[problems.index("### 1.") : problems.index("### 2.")]
    assert first.startswith("### 1. Orders are keyed into the ERP by hand, twice for web-shop orders")
    assert "- Raised by: Tom Becker (Order desk lead)" in first
    assert "- Confirmed by: Tom Becker, Order desk lead; Helen Park, CEO; Marcus Lee, CFO" in first
    assert "- Agreed by everyone who decides." in first
    third = problems[problems.index("### 3.") :]
    assert "- Confirmed by: Priya Nair, Head of IT" in third
    assert "- Not yet confirmed by: Helen Park, Marcus Lee" in third
    assert "Agreed by everyone" not in third


def test_cost_section_tables_every_implication_per_year(en):
    cost = section(en, "What waiting costs")
    assert "Doing nothing costs about **EUR\u00a03,252,000 a year**, that is about **EUR\u00a0271,000** for every month of waiting." in cost
    assert "| Temporary staff in peak season to clear the order backlog | EUR\u00a09,000 a month | EUR\u00a0108,000 a year | as stated, Tom Becker |" in cost
    assert "| The two retail chains cannot be signed while the desk is at capacity | EUR\u00a03,000,000 a year | EUR\u00a03,000,000 a year | as stated, Helen Park |" in cost
    # The CFO's working-capital figure was inferred by the seller: the client is told so.
    assert "| EUR\u00a048,000 a year | EUR\u00a048,000 a year | our estimate, to be confirmed, Marcus Lee |" in cost


def test_value_section_quotes_the_need_payoffs_key_people_first(en):
    value = section(en, "The return on solving them")
    assert "The first return is the cost that stops: **EUR\u00a03,252,000 a year**." in value
    assert "On top of that, a one-off gain of EUR\u00a0200,000." in value
    quotes = re.findall(r"^> “(.*)”$", value, re.MULTILINE)
    assert quotes == [
        "If the desk could scale, we would sign both chains this spring.",
        "Ten days off DSO would free about two hundred thousand — that would pay for the project.",
        "If orders went straight into the ERP my team could handle peak season without temps.",
    ]
    assert "> — Marcus Lee (CFO) · EUR\u00a0200,000" in value


def test_approach_maps_each_problem_to_catalog_offers_with_proof(en):
    approach = section(en, "Proposed approach")
    first = approach[approach.index("### 1.") : approach.index("### 2.")]
    assert "**Order intake automation** — " in first
    assert "- Industrial distributor, 1,200 orders a day" in first
    second = approach[approach.index("### 2.") : approach.index("### 3.")]
    assert "**Receivables and credit control** — " in second
    assert "days sales outstanding down from 67 to 49" in second


def test_commercial_model_is_turnkey_against_todays_baseline(en):
    commercial = section(en, "How we would work and share the risk")
    assert "**Turnkey, paid on outcome.** We deliver the result turnkey and tie part of our fee to the value created, measured against today's baseline of EUR\u00a03,252,000 a year." in commercial
    assert "1. “If orders went straight into the ERP my team could handle peak season without temps.”" in commercial
    assert "3. Solved: The nightly ERP integration fails at month-end peaks" in commercial


def test_each_role_sees_what_it_gets_in_its_own_words(en, banks):
    table = section(en, "What each of you gets")
    rows = {row.split(" | ")[0].lstrip("| "): row for row in table.splitlines() if row.startswith("| ") and "---" not in row}
    finance = rows[banks.role_label("finance", "en")]
    assert "Marcus Lee, CFO" in finance
    assert ", ".join(banks.roles["finance"].cares_about["en"]) in finance
    assert "“Ten days off DSO would free about two hundred thousand — that would pay for the project.”" in finance
    it = rows[banks.role_label("technical_buyer", "en")]
    assert "3. The nightly ERP integration fails at month-end peaks" in it  # no payoff yet: the problem it holds
    assert rows[banks.role_label("procurement", "en")].endswith("| — |")
    # Key roles first: the economic buyer and finance lead the table.
    assert list(rows)[1:3] == [banks.role_label("economic_buyer", "en"), banks.role_label("finance", "en")]


def test_requirements_and_criteria_are_captured_with_who_set_them(en):
    requirements = section(en, "Requirements and evaluation criteria")
    assert "- A security questionnaire and a penetration-test report; data must stay in the EU. — Priya Nair (Head of IT)" in requirements
    assert "- Anything over 50,000 goes to a three-quote tender; we need references from our industry. — Anna Schulz (Procurement manager)" in requirements


def test_open_questions_come_from_the_coaching_gaps(en):
    open_part = section(en, "Open questions and risks")
    assert "- Do Helen Park and Marcus Lee see “The nightly ERP integration fails at month-end peaks” the same way?" in open_part
    assert "- What would solving “The nightly ERP integration fails at month-end peaks” be worth to you?" in open_part
    assert "(EUR\u00a048,000 a year) is ours, not yet yours — is it right?" in open_part
    assert "- Some figures are our estimates; a business case built on them needs your numbers." in open_part
    # Client-facing: the seller's private read of attitudes never appears.
    assert "sceptic" not in en.lower() and "skeptic" not in en.lower()


def test_next_steps_follow_the_journey_stage(en):
    steps = section(en, "Next steps")
    assert "Where we are: **Shared problem understanding**." in steps
    assert re.findall(r"^\d\. (.*)$", steps, re.MULTILINE) == [
        "Close the open questions above with Helen Park and Marcus Lee.",
        "Agree this problem definition with everyone who decides, in one short session.",
        "Confirm the figures together, so the business case is yours.",
        "Decide whether to look at solutions together.",
    ]


# ---------------------------------------------------------------- Russian


@pytest.fixture(scope="module")
def ru(banks, catalog) -> str:
    return proposal(banks, catalog, "ru")


def test_russian_cover_and_summary_read_naturally(ru):
    assert ru.startswith("# Предварительное предложение: ТрансЛогистик\n")
    assert "- **Подготовлено для:** Елена Павлова, Михаил Лебедев" in ru
    assert "- **Дата:** 20 октября 2026\u00a0г." in ru
    summary = section(ru, "Главное")
    assert "Сегодня описанные ниже проблемы обходятся компании «ТрансЛогистик» примерно в 325\u00a0200\u00a0000\u00a0₽ в год." in summary
    assert "- 2 из 3 описанных ниже проблем разделяют все, кто принимает решение: Елена Павлова и Михаил Лебедев." in summary
    assert "- Каждый месяц ожидания стоит около 27\u00a0100\u00a0000\u00a0₽." in summary
    assert "- Модель работы: под ключ, с оплатой по результату." in summary


def test_russian_sections_in_the_economic_order(ru):
    headings = re.findall(r"^## (.*)$", ru, re.MULTILINE)
    assert headings == [
        "Главное",
        "Отдача от решения",
        "Цена ожидания",
        "Проблемы, которые мы согласовали",
        "Предлагаемый подход",
        "Как мы работаем и делим риски",
        "Ситуация, как мы её поняли",
        "Что получит каждый из вас",
        "Требования и критерии выбора",
        "Открытые вопросы и риски",
        "Следующие шаги",
    ]


def test_russian_problems_costs_and_payoffs(ru):
    problems = section(ru, "Проблемы, которые мы согласовали")
    assert "### 2. Счета уходят через четыре дня после отгрузки, оборачиваемость дебиторки — 58 дней" in problems
    assert "- Кто поднял: Михаил Лебедев (финансовый директор)" in problems
    assert "- Ещё не подтвердили: Елена Павлова, Михаил Лебедев" in problems
    cost = section(ru, "Цена ожидания")
    assert "| Временный персонал в сезон, чтобы разобрать очередь заказов | 900\u00a0000\u00a0₽ в месяц | 10\u00a0800\u00a0000\u00a0₽ в год | со слов клиента, Тимур Белов |" in cost
    assert "наша оценка, требует подтверждения, Михаил Лебедев" in cost
    value = section(ru, "Отдача от решения")
    assert "> «Если отдел заказов сможет масштабироваться, мы подпишем обе сети этой весной.»" in value


def test_russian_approach_commercial_and_next_steps(ru):
    approach = section(ru, "Предлагаемый подход")
    first = approach[approach.index("### 1.") : approach.index("### 2.")]
    assert "**Автоматизация приёма заказов** — " in first
    assert "**Управление дебиторской задолженностью** — " in approach[approach.index("### 2.") :]
    commercial = section(ru, "Как мы работаем и делим риски")
    assert "**Под ключ, с оплатой по результату.** Мы делаем результат «под ключ»" in commercial
    assert "3. Решено: ночная интеграция с ERP падает на пиках в конце месяца" in commercial
    open_part = section(ru, "Открытые вопросы и риски")
    assert "- Видят ли Елена Павлова и Михаил Лебедев проблему «Ночная интеграция с ERP падает на пиках в конце месяца» так же?" in open_part
    steps = section(ru, "Следующие шаги")
    assert "Где мы сейчас: **Единое понимание проблемы**." in steps
    assert "1. Закрыть открытые вопросы выше (Елена Павлова и Михаил Лебедев)." in steps
    requirements = section(ru, "Требования и критерии выбора")
    assert "Анкета по безопасности и отчёт о пентесте" in requirements


def test_russian_document_has_no_english_words_of_its_own(ru):
    """Everything the template adds is Russian; only the client's and catalog's words may be Latin (ERP, CSV, DSO)."""
    own = ru
    for name in ("ERP", "CSV", "DSO", "SaaS", "EDI", "PDF", "CRM"):
        own = own.replace(name, "")
    assert not re.search(r"\b(?:the|and|of|problem|cost|value|confirmed|raised)\b", own, re.IGNORECASE)


# ---------------------------------------------------------------- a deal built by hand


def test_seller_records_a_problem_for_the_cfo_and_the_proposal_lists_it_under_finance(banks, catalog):
    record = build_demo("en")
    deal_id = record.deal.id
    cfo = next(s for s in record.stakeholders if s.role == "finance")
    answer = Answer(deal_id=deal_id, stakeholder_id=cfo.id, stage="problem", text="Month-end close takes nine days.")
    problem = Problem(deal_id=deal_id, statement="The month-end close takes nine days", raised_by=cfo.id, source_answers=[answer.id])
    problem.implications = [
        Implication(problem_id=problem.id, consequence="Two controllers on overtime every close", amount=4000, currency="EUR", period="month", stated_by=cfo.id)
    ]
    problem.need_payoffs = [NeedPayoff(problem_id=problem.id, text="A three-day close would let us report to the board on time.", said_by=cfo.id, explicit=True)]
    record.answers.append(answer)
    record.problem_definition.problems.append(problem)
    text = proposal(banks, catalog, "en", record)
    fourth = section(text, "The problems we agreed on").split("### 4. ")[1]
    assert fourth.startswith("The month-end close takes nine days")
    assert "- Raised by: Marcus Lee (CFO)" in fourth
    finance = next(row for row in section(text, "What each of you gets").splitlines() if row.startswith(f"| {banks.role_label('finance', 'en')} |"))
    assert "4. " not in finance  # he said what it is worth, so his words are shown, not the problem number
    assert "“A three-day close would let us report to the board on time.”" in finance
    assert "| Two controllers on overtime every close | EUR\u00a04,000 a month | EUR\u00a048,000 a year | as stated, Marcus Lee |" in text
    assert "Doing nothing costs about **EUR\u00a03,300,000 a year**" in text


def test_a_deal_with_no_problems_yet_still_gives_a_sensible_draft(banks, catalog):
    record = build_demo("en")
    record.problem_definition.problems.clear()
    ctx = build_proposal_context(record, banks, lang="en", catalog=catalog, today=DAY)
    assert ctx.problems == [] and ctx.cost_of_inaction == []
    assert ctx.summary.lead.startswith("This proposal treats solving the problems below as an investment")
    text = proposal(banks, catalog, "en", record)
    assert "No problems recorded yet." in text
    assert "No figures yet." in text
    assert "No one has yet put the value of solving these problems into words." in text
    assert "- No problem is yet shared by everyone who decides; without that, the project may stall in approval." in text


def test_mixed_currencies_are_shown_side_by_side_never_added(banks, catalog):
    record = build_demo("en")
    problem = record.problem_definition.problems[2]
    problem.implications.append(
        Implication(problem_id=problem.id, consequence="US support contract for the CSV tool", amount=1000, currency="USD", period="month")
    )
    ctx = build_proposal_context(record, banks, lang="en", catalog=catalog, today=DAY)
    assert [m.text for m in ctx.cost_of_inaction] == ["EUR\u00a03,252,000 a year", "USD\u00a012,000 a year"]
    assert "Amounts are in several currencies (EUR, USD) and are shown side by side, not converted." in ctx.risks


def test_a_stakeholder_nobody_has_met_becomes_an_open_question(banks, catalog):
    record = build_demo("en")
    record.stakeholders.append(Stakeholder(deal_id=record.deal.id, name="Olga Fischer", title="COO", role="economic_buyer", influence="decision_maker"))
    ctx = build_proposal_context(record, banks, lang="en", catalog=catalog, today=DAY)
    meet = [q.text for q in ctx.open_questions if q.kind == "meet"]
    assert meet == [f"We have not yet spoken with Olga Fischer ({banks.role_label('economic_buyer', 'en')}); their view belongs in the definition."]
    assert "Olga Fischer" in [p.name for p in ctx.prepared_for]

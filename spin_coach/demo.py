"""A realistic sample deal, in English or Russian, for first runs, demos and tests.

The deal has fixed ids, so adding it twice changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .models import (
    Account,
    AccountScore,
    Answer,
    Deal,
    DealRecord,
    Implication,
    Meeting,
    NeedPayoff,
    Note,
    Problem,
    ProblemDefinition,
    Stakeholder,
)
from .actions import DealActions
from .store.repo import DealNotFound

START = datetime(2026, 10, 6, 9, 0, tzinfo=timezone.utc)

# Who is in the buying group: key, role, influence, attitude, and the name/title per language.
PEOPLE = [
    ("ceo", "economic_buyer", "decision_maker", "supporter", ("Helen Park", "CEO"), ("Елена Павлова", "генеральный директор")),
    ("cfo", "finance", "decision_maker", "skeptic", ("Marcus Lee", "CFO"), ("Михаил Лебедев", "финансовый директор")),
    ("it", "technical_buyer", "influencer", "neutral", ("Priya Nair", "Head of IT"), ("Ирина Никитина", "директор по ИТ")),
    ("ops", "end_user", "user", "champion", ("Tom Becker", "Order desk lead"), ("Тимур Белов", "руководитель отдела заказов")),
    ("buy", "procurement", "gatekeeper", "neutral", ("Anna Schulz", "Procurement manager"), ("Анна Шульц", "менеджер по закупкам")),
]

# (person, question id or None, stage, ad-hoc question per language, answer per language)
ANSWERS = [
    ("ops", "eu.s.typical_day", "situation", None,
     ("Orders arrive by e-mail, web shop and phone; we key each one into the ERP by hand.",
      "Заказы приходят по почте, через интернет-магазин и по телефону, каждый мы вручную вбиваем в ERP.")),
    ("ops", "gen.s.company_scale", "situation", None,
     ("Eleven people on the order desk, about 1,800 orders a week across three depots.",
      "В отделе заказов одиннадцать человек, около 1 800 заказов в неделю на три склада.")),
    ("ops", "eu.p.manual_steps", "problem", None,
     ("Every web-shop order is typed in twice, and e-mail orders often miss the customer number.",
      "Каждый заказ из магазина набираем дважды, а в письмах часто нет номера клиента.")),
    ("ops", "gen.p.biggest_difficulty", "problem", None,
     ("Peak season: the backlog reaches two days and customers start calling to chase.",
      "В сезон очередь растягивается на два дня, и клиенты начинают звонить и торопить.")),
    ("ops", "eu.i.overtime", "implication", None,
     ("Re-keying takes about two and a half people full time; in peak we hire temps for 9,000 a month.",
      "Повторный ввод съедает примерно две с половиной ставки; в сезон берём временных на 900 тысяч в месяц.")),
    ("ops", "gen.i.who_else", "implication", None,
     ("Finance: wrong prices on orders mean credit notes, and the depots load the wrong goods.",
      "Финансы: из-за неверных цен приходится делать корректировки, а склады грузят не тот товар.")),
    ("ops", "eu.n.better_day", "need_payoff", None,
     ("If orders went straight into the ERP my team could handle peak season without temps.",
      "Если бы заказы сами попадали в ERP, моя команда справлялась бы с сезоном без временных сотрудников.")),
    ("cfo", "gen.s.process_today", "situation", None,
     ("We invoice from the ERP once the depot confirms delivery, usually in a weekly batch.",
      "Счета выставляем из ERP после подтверждения доставки складом, обычно раз в неделю пакетом.")),
    ("cfo", "gen.p.biggest_difficulty", "problem", None,
     ("Invoices leave four days after delivery on average; our DSO is 58 days against 45 in the plan.",
      "Счета уходят в среднем через четыре дня после отгрузки; оборачиваемость дебиторки 58 дней при плане 45.")),
    ("cfo", "gen.i.cost_of_problem", "implication", None,
     ("Order errors cost us about 60,000 a year in credit notes and write-offs.",
      "Ошибки в заказах стоят нам около 6 миллионов в год на корректировках и списаниях.")),
    ("cfo", "gen.i.if_nothing_changes", "implication", None,
     ("Roughly 1.2 million of working capital stays tied up; at our rates that is 48,000 a year.",
      "Около 120 миллионов оборотного капитала заморожено; по нашим ставкам это 4,8 миллиона в год.")),
    ("cfo", "gen.n.worth_solving", "need_payoff", None,
     ("Ten days off DSO would free about two hundred thousand — that would pay for the project.",
      "Минус десять дней оборачиваемости высвободят около 20 миллионов — это окупит проект.")),
    ("ceo", "eb.s.priorities", "situation", None,
     ("The board wants 15% volume growth next year without adding headcount in the back office.",
      "Совет директоров ждёт роста объёмов на 15% в следующем году без увеличения бэк-офиса.")),
    ("ceo", "eb.p.growth_blockers", "problem", None,
     ("We can't take on the two retail chains we are courting; the order desk would collapse.",
      "Мы не можем взять две торговые сети, с которыми ведём переговоры: отдел заказов не выдержит.")),
    ("ceo", "eb.i.margin_impact", "implication", None,
     ("Those two chains are worth about 3 million in revenue a year to us.",
      "Эти две сети — примерно 300 миллионов выручки в год.")),
    ("ceo", "eb.n.value_of_fix", "need_payoff", None,
     ("If the desk could scale, we would sign both chains this spring.",
      "Если отдел заказов сможет масштабироваться, мы подпишем обе сети этой весной.")),
    ("it", "tb.s.systems", "situation", None,
     ("The ERP is on-premise, the web shop is SaaS; a nightly CSV export links them.",
      "ERP стоит у нас, интернет-магазин — облачный; связывает их ночная выгрузка в CSV.")),
    ("it", "tb.p.integration_pain", "problem", None,
     ("The CSV job fails at month-end when volumes spike, and nobody notices until morning.",
      "Выгрузка падает в конце месяца на пиковых объёмах, и никто не замечает до утра.")),
    ("it", "tb.i.incident_cost", "implication", None,
     ("Each month-end we spend about 30 hours of overtime fixing it, around 3,000 a month.",
      "Каждый конец месяца тратим около 30 часов переработки на починку — примерно 300 тысяч в месяц.")),
    ("it", None, "situation",
     ("What security checks would a new vendor go through?", "Какие проверки безопасности проходит новый поставщик?"),
     ("A security questionnaire and a penetration-test report; data must stay in the EU.",
      "Анкета по безопасности и отчёт о пентесте; данные должны храниться в России.")),
    ("it", None, "need_payoff",
     ("What would a stable integration give your team?", "Что даст вашей команде стабильная интеграция?"),
     ("My two engineers would finally work on the warehouse project instead of firefighting.",
      "Мои два инженера наконец займутся складским проектом, а не тушением пожаров.")),
    ("buy", "gen.s.process_today", "situation", None,
     ("Anything over 50,000 goes to a three-quote tender; we need references from our industry.",
      "Всё, что дороже 5 миллионов, идёт через тендер с тремя предложениями; нужны отраслевые рекомендации.")),
    ("buy", "gen.p.biggest_difficulty", "problem", None,
     ("Past IT projects ran over budget because scope was never pinned down.",
      "Прошлые ИТ-проекты выходили за бюджет, потому что объём работ так и не зафиксировали.")),
    ("buy", "gen.i.who_else", "implication", None,
     ("When projects overrun, the CFO freezes other spending, so every department feels it.",
      "Когда проект выходит за рамки, финдиректор замораживает другие расходы, и страдают все отделы.")),
    ("buy", "gen.n.who_benefits", "need_payoff", None,
     ("A fixed-scope offer with a payment tied to results would make approval much easier.",
      "Предложение с фиксированным объёмом и оплатой по результату сильно упростит согласование.")),
]

# Problems: key, statement per language, raised by, confirmed by, tags,
# implications (consequence per language, amount per currency, period, evidence, stated by),
# need-payoffs (text per language, amount, period, said by, explicit).
PROBLEMS = [
    (
        "rekey",
        ("Orders are keyed into the ERP by hand, twice for web-shop orders",
         "Заказы вводятся в ERP вручную, заказы из магазина — дважды"),
        "ops", ["ops", "ceo", "cfo"], ["order_entry", "manual_work", "peaks", "growth"],
        [
            (("Temporary staff in peak season to clear the order backlog", "Временный персонал в сезон, чтобы разобрать очередь заказов"),
             {"EUR": 9000, "RUB": 900000}, "month", "stated", "ops"),
            (("Credit notes and write-offs caused by order errors", "Корректировки и списания из-за ошибок в заказах"),
             {"EUR": 60000, "RUB": 6000000}, "year", "stated", "cfo"),
            (("The two retail chains cannot be signed while the desk is at capacity", "Две торговые сети нельзя подписать, пока отдел заказов перегружен"),
             {"EUR": 3000000, "RUB": 300000000}, "year", "stated", "ceo"),
        ],
        [
            (("If orders went straight into the ERP my team could handle peak season without temps.",
              "Если бы заказы сами попадали в ERP, моя команда справлялась бы с сезоном без временных сотрудников."),
             None, None, "ops", True),
            (("If the desk could scale, we would sign both chains this spring.",
              "Если отдел заказов сможет масштабироваться, мы подпишем обе сети этой весной."),
             None, None, "ceo", True),
        ],
    ),
    (
        "dso",
        ("Invoices go out four days after delivery, pushing DSO to 58 days",
         "Счета уходят через четыре дня после отгрузки, оборачиваемость дебиторки — 58 дней"),
        "cfo", ["cfo", "ceo"], ["invoicing", "working_capital", "cash_flow"],
        [
            (("Working capital tied up in receivables, financed at the company's rates", "Оборотный капитал заморожен в дебиторке и финансируется по ставкам компании"),
             {"EUR": 48000, "RUB": 4800000}, "year", "inferred", "cfo"),
        ],
        [
            (("Ten days off DSO would free about two hundred thousand — that would pay for the project.",
              "Минус десять дней оборачиваемости высвободят около 20 миллионов — это окупит проект."),
             {"EUR": 200000, "RUB": 20000000}, "one_off", "cfo", True),
        ],
    ),
    (
        "monthend",
        ("The nightly ERP integration fails at month-end peaks",
         "Ночная интеграция с ERP падает на пиках в конце месяца"),
        "it", ["it"], ["integration", "erp", "monitoring"],
        [
            (("Overtime to repair the failed export every month-end", "Переработки на починку выгрузки каждый конец месяца"),
             {"EUR": 3000, "RUB": 300000}, "month", "stated", "it"),
        ],
        [],
    ),
]

# Two meetings: the order desk with IT, then the executives. Procurement spoke by phone.
MEETINGS = [
    (("Order desk and IT walkthrough", "Разбор процесса с отделом заказов и ИТ"), ["ops", "it"], 0),
    (("Executive discovery session", "Диагностическая встреча с руководством"), ["ceo", "cfo"], 2),
]

# (meeting index, minute, person, tag, text per language)
# (meeting, minute, who, stage, kind, line per language); who is whom a line is about:
# the speaker of what was said, the owner of a next step.
NOTES = [
    (0, 0, None, None, "note", ("Walkthrough with the order desk and IT", "Разбор процесса с отделом заказов и ИТ")),
    (0, 4, "ops", "problem", "said", ("Backlog of two days in peak season", "В сезон очередь заказов — два дня")),
    (0, 21, "it", None, "next_step", ("Send the security questionnaire before the next call", "Отправить анкету безопасности до следующего звонка")),
    (1, 9, "cfo", "implication", "said", ("DSO 58 vs 45 in plan — ask for the financing rate", "Оборачиваемость 58 при плане 45 — уточнить ставку финансирования")),
    (1, 15, "ceo", "need_payoff", "said", ("Wants both retail chains signed this spring", "Хочет подписать обе сети этой весной")),
]

TEXT = {
    "en": {
        "account": ("Northwind Freight", "Logistics and distribution", "1,200 employees, 3 depots"),
        "title": "Northwind — order-to-cash automation",
        "currency": "EUR",
        "goal": "Get the CEO and CFO to agree that manual order entry blocks growth, in numbers",
    },
    "ru": {
        "account": ("ТрансЛогистик", "Логистика и дистрибуция", "1 200 сотрудников, 3 склада"),
        "title": "ТрансЛогистик — автоматизация заказов и счетов",
        "currency": "RUB",
        "goal": "Добиться, чтобы гендиректор и финдиректор в цифрах согласились: ручной ввод заказов тормозит рост",
    },
}


def demo_deal_id(lang: str) -> str:
    return f"d_demo_{lang}"


def build_demo(lang: str = "en") -> DealRecord:
    """The sample deal as a record, without touching any database."""
    if lang not in TEXT:
        raise ValueError(f"no sample deal in {lang!r}; choose one of {', '.join(TEXT)}")
    text = TEXT[lang]
    li = 0 if lang == "en" else 1
    deal_id = demo_deal_id(lang)
    sid = {key: f"s_demo_{lang}_{key}" for key, *_ in PEOPLE}
    account = Account(id=f"a_demo_{lang}", name=text["account"][0], industry=text["account"][1], size=text["account"][2])
    deal = Deal(
        id=deal_id,
        account_id=account.id,
        title=text["title"],
        journey_stage="shared_problem_understanding",
        purchase_model="economic",
        closing_tactic="turnkey",
        currency=text["currency"],
        goals={"shared_problem_understanding": text["goal"]},
        score=AccountScore(relationship="medium", attractiveness="high"),
        created_at=START - timedelta(days=14),
        updated_at=START + timedelta(days=3),
    )
    people = [
        Stakeholder(
            id=sid[key], deal_id=deal_id, name=names[li][0], title=names[li][1], role=role,
            influence=influence, attitude=attitude, channel="meeting",
        )
        for key, role, influence, attitude, *names in PEOPLE
    ]
    meetings = [
        Meeting(
            id=f"m_demo_{lang}_{n + 1}", deal_id=deal_id, title=title[li], started_at=START + timedelta(days=days),
            ended_at=START + timedelta(days=days, minutes=75), channel="meeting", attendees=[sid[k] for k in who],
        )
        for n, (title, who, days) in enumerate(MEETINGS)
    ]
    meeting_of = {sid[k]: m for m, (_, who, _) in zip(meetings, MEETINGS) for k in who}
    answers = []
    for n, (who, qid, stage, asked, said) in enumerate(ANSWERS):
        meeting = meeting_of.get(sid[who])
        answers.append(
            Answer(
                id=f"ans_demo_{lang}_{n + 1:02d}", deal_id=deal_id, stakeholder_id=sid[who], question_id=qid,
                question_text=asked[li] if asked else "", stage=stage, text=said[li],
                at=(meeting.started_at if meeting else START + timedelta(days=3)) + timedelta(minutes=3 * n),
                meeting_id=meeting.id if meeting else None,
            )
        )
    problems = []
    for key, statement, raised, confirmed, tags, implications, needs in PROBLEMS:
        pid = f"p_demo_{lang}_{key}"
        problems.append(
            Problem(
                id=pid, deal_id=deal_id, statement=statement[li], raised_by=sid[raised],
                confirmed_by=[sid[c] for c in confirmed], tags=tags,
                source_answers=[a.id for a in answers if a.stakeholder_id == sid[raised] and a.stage == "problem"][:1],
                created_at=START + timedelta(days=2, minutes=80),
                implications=[
                    Implication(
                        id=f"imp_demo_{lang}_{key}_{i + 1}", problem_id=pid, consequence=cons[li],
                        amount=float(amounts[text["currency"]]), currency=text["currency"], period=period,
                        evidence=evidence, stated_by=sid[who], felt_by=[sid[who]],
                    )
                    for i, (cons, amounts, period, evidence, who) in enumerate(implications)
                ],
                need_payoffs=[
                    NeedPayoff(
                        id=f"np_demo_{lang}_{key}_{i + 1}", problem_id=pid, text=words[li],
                        amount=float(amounts[text["currency"]]) if amounts else None,
                        currency=text["currency"] if amounts else None, period=period, said_by=sid[who], explicit=explicit,
                    )
                    for i, (words, amounts, period, who, explicit) in enumerate(needs)
                ],
            )
        )
    notes = [
        Note(
            id=f"n_demo_{lang}_{i + 1}", deal_id=deal_id, meeting_id=meetings[m].id,
            at=meetings[m].started_at + timedelta(minutes=minute), text=line[li],
            stakeholder_id=sid[who] if who else None, stage=stage, kind=kind,
        )
        for i, (m, minute, who, stage, kind, line) in enumerate(NOTES)
    ]
    return DealRecord(
        deal=deal, account=account, stakeholders=people, meetings=meetings, answers=answers, notes=notes,
        problem_definition=ProblemDefinition(problems=problems),
    )


def add_demo(actions: DealActions, lang: str = "en") -> str:
    """Add the sample deal unless it is already there; return its id."""
    try:
        return actions.store.deal(demo_deal_id(lang)).id
    except DealNotFound:
        pass
    return actions.import_record(build_demo(lang))

"""The bundled question banks are the coach's knowledge; these tests hold them to the brief.

A seller opens the coach for a CFO and expects sharp questions in both languages for
every SPIN stage, chained problem → implication → need-payoff; an enablement lead
expects every role to map onto the CRM buying roles they already use. Each check is a
small function returning the faults it finds, so the same check is also run against a
deliberately broken bank to prove it can fail.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from spin_coach.banks import BankSet, load_banks, parse_bank
from spin_coach.models import JOURNEY_STAGES, LANGUAGES, STAGES, Question, Role
from spin_coach.paths import bundled_banks_dir

ROLES = (
    "economic_buyer",
    "finance",
    "technical_buyer",
    "procurement",
    "end_user",
    "champion",
    "external_adviser",
    "legal_compliance",
)
DISCOVERY = "shared_problem_understanding"
LATER_JOURNEY = tuple(j for j in JOURNEY_STAGES if j != DISCOVERY)
MIN_PER_ROLE_STAGE = 6
MIN_GENERAL_PER_STAGE = 10
MIN_PER_LATER_JOURNEY = 6

SALESFORCE = {
    "Business User", "Decision Maker", "Economic Buyer", "Economic Decision Maker", "Evaluator",
    "Executive Sponsor", "Influencer", "Technical Buyer", "Other",
}
HUBSPOT = {
    "Blocker", "Budget Holder", "Champion", "Decision Maker", "End User", "Executive Sponsor",
    "Influencer", "Legal and Compliance", "Other",
}
MILLER_HEIMAN = {"Economic", "User", "Technical", "Coach"}

FEEDS_OF_STAGE = {"situation": "fact", "problem": "problem", "implication": "implication", "need_payoff": "need"}
# An implication question has to push toward something the client can count or weigh.
QUANTIFYING_TAGS = {"cost", "time", "risk", "people", "revenue", "margin", "cash_flow", "inaction"}


# ---------------------------------------------------------------- checks (each returns faults)


def cell_shortfalls(questions: list[Question], roles=ROLES, minimum=MIN_PER_ROLE_STAGE) -> list[str]:
    """Role × SPIN-stage cells of discovery with fewer role-specific questions than the minimum."""
    counts = Counter((r, q.stage) for q in questions if q.journey == DISCOVERY for r in q.roles)
    return [f"{r} × {s}: {counts[(r, s)]} < {minimum}" for r in roles for s in STAGES if counts[(r, s)] < minimum]


def general_shortfalls(questions: list[Question], minimum=MIN_GENERAL_PER_STAGE) -> list[str]:
    counts = Counter(q.stage for q in questions if not q.roles and q.journey == DISCOVERY)
    return [f"general × {s}: {counts[s]} < {minimum}" for s in STAGES if counts[s] < minimum]


def missing_languages(questions: list[Question]) -> list[str]:
    faults = []
    for q in questions:
        for field in ("text", "purpose"):
            for lang in LANGUAGES:
                if not (getattr(q, field).get(lang) or "").strip():
                    faults.append(f"{q.id}: {field}.{lang} is empty")
    return faults


def _normalised(text: str) -> str:
    return re.sub(r"[\s\W_]+", " ", text.casefold().replace("ё", "е")).strip()


def shared_texts(questions: list[Question]) -> list[str]:
    """Two questions that ask the same thing word for word, per language."""
    faults = []
    for lang in LANGUAGES:
        seen: dict[str, str] = {}
        for q in questions:
            key = _normalised(q.text.get(lang, ""))
            if key in seen:
                faults.append(f"{lang}: {q.id} repeats {seen[key]}")
            seen.setdefault(key, q.id)
    return faults


def chain_faults(questions: list[Question]) -> list[str]:
    """Follow-ups resolve, move forward through SPIN, stay on the theme, and chain P → I → N."""
    by_id = {q.id: q for q in questions}
    faults = []
    for q in questions:
        nexts = []
        for f in q.follow_ups:
            target = by_id.get(f)
            if target is None:
                faults.append(f"{q.id}: follow-up {f} is not a question")
                continue
            nexts.append(target)
            if STAGES.index(target.stage) < STAGES.index(q.stage):
                faults.append(f"{q.id}: follow-up {f} goes back from {q.stage} to {target.stage}")
            if not set(q.tags) & set(target.tags):
                faults.append(f"{q.id}: follow-up {f} shares no tag (theme) with it")
        if q.stage == "problem" and not any(t.stage == "implication" for t in nexts):
            faults.append(f"{q.id}: a problem question needs an implication follow-up")
        if q.stage == "implication" and not any(t.stage == "need_payoff" for t in nexts):
            faults.append(f"{q.id}: an implication question needs a need-payoff follow-up")
    return faults


def feeds_faults(questions: list[Question]) -> list[str]:
    return [f"{q.id}: {q.stage} question feeds {q.feeds}" for q in questions if q.feeds != FEEDS_OF_STAGE[q.stage]]


def vague_implications(questions: list[Question]) -> list[str]:
    return [
        f"{q.id}: implication tagged {q.tags} names none of {sorted(QUANTIFYING_TAGS)}"
        for q in questions
        if q.stage == "implication" and not set(q.tags) & QUANTIFYING_TAGS
    ]


def crm_faults(roles: dict[str, Role]) -> list[str]:
    faults = [f"role {r} is missing" for r in ROLES if r not in roles]
    for role in roles.values():
        for field, allowed in (("salesforce", SALESFORCE), ("hubspot", HUBSPOT), ("miller_heiman", MILLER_HEIMAN)):
            values = getattr(role.crm, field)
            if not values:
                faults.append(f"{role.id}: no {field} mapping")
            faults += [f"{role.id}: {field} {v!r} is not a {field} buying role" for v in values if v not in allowed]
    return faults


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def bundled() -> BankSet:
    return load_banks(include_user=False)


@pytest.fixture(scope="module")
def questions(bundled) -> list[Question]:
    return list(bundled.questions.values())


def bank_paths() -> list[Path]:
    return sorted(bundled_banks_dir().glob("*.toml"))


# ---------------------------------------------------------------- the bundled banks


def test_bundled_banks_load_cleanly(bundled):
    assert bundled.problems == []
    names = {Path(f).name for f in bundled.files}
    assert {"roles.toml", "core.toml", "general.toml", "journey.toml"} <= names
    assert {f"{r}.toml" for r in ROLES} <= names


def test_each_file_is_its_own_bank_with_a_unique_id_and_stays_small():
    ids = Counter()
    for path in bank_paths():
        assert path.stat().st_size < 256 * 1024, f"{path.name} is too big to review comfortably; split it"
        ids[parse_bank(path).bank.id] += 1
    assert [i for i, n in ids.items() if n > 1] == []


def test_question_ids_are_unique_across_bundled_files():
    # The loader lets a later bank override an id on purpose; inside the bundled
    # banks that would silently hide a question, so it is a fault here.
    owners = defaultdict(list)
    for path in bank_paths():
        for q in tomllib.loads(path.read_text("utf-8")).get("questions", []):
            owners[q["id"]].append(path.name)
    assert {i: files for i, files in owners.items() if len(files) > 1} == {}


def test_core_question_ids_other_code_relies_on_still_load_from_core(bundled):
    core = tomllib.loads((bundled_banks_dir() / "core.toml").read_text("utf-8"))
    core_ids = {q["id"] for q in core["questions"]}
    for qid in ("gen.s.process_today", "gen.p.biggest_difficulty", "gen.i.who_else", "gen.n.worth_solving",
                "eb.s.priorities", "eb.p.growth_blockers", "eb.i.margin_impact", "eb.n.value_of_fix",
                "tb.s.systems", "tb.i.incident_cost", "eu.p.manual_steps", "eu.n.better_day"):
        assert qid in core_ids
        assert bundled.questions[qid].source.endswith("core.toml")


def test_every_question_and_its_purpose_speak_english_and_russian(questions):
    assert missing_languages(questions) == []


def test_every_role_has_at_least_six_questions_of_its_own_in_every_spin_stage(questions):
    assert cell_shortfalls(questions) == []


def test_at_least_ten_general_questions_per_spin_stage(questions):
    assert general_shortfalls(questions) == []


def test_no_two_questions_ask_the_same_thing_in_either_language(questions):
    assert shared_texts(questions) == []


def test_follow_ups_chain_problem_to_implication_to_need_payoff_on_one_theme(questions):
    assert chain_faults(questions) == []


def test_what_an_answer_feeds_matches_its_stage(questions):
    assert feeds_faults(questions) == []


def test_implication_questions_push_toward_numbers(questions):
    assert vague_implications(questions) == []


def test_situation_questions_are_few_and_some_can_be_researched_before_the_call(questions):
    for who in (*ROLES, None):
        mine = [q for q in questions if q.journey == DISCOVERY and (q.roles == [] if who is None else who in q.roles)]
        by_stage = Counter(q.stage for q in mine)
        label = who or "general"
        assert by_stage["situation"] <= by_stage["implication"], f"{label}: more situation than implication questions"
        assert by_stage["situation"] <= by_stage["need_payoff"], f"{label}: more situation than need-payoff questions"
        assert any(q.research for q in mine if q.stage == "situation"), f"{label}: no researchable situation question"
    assert not any(q.research for q in questions if q.stage != "situation"), "only facts can be researched"


def test_later_journey_stages_each_have_a_question_set(questions):
    for journey in LATER_JOURNEY:
        mine = [q for q in questions if q.journey == journey]
        assert len(mine) >= MIN_PER_LATER_JOURNEY, f"{journey}: {len(mine)} questions"
        assert {"problem", "implication", "need_payoff"} <= {q.stage for q in mine}, journey


def test_technical_requirements_cover_specification_integration_and_security(questions):
    tags = {t for q in questions if q.journey == "technical_requirements" for t in q.tags}
    assert {"specification", "integration", "security"} <= tags
    review = {t for q in questions if q.journey == "solution_review" for t in q.tags}
    assert {"evaluation", "references"} <= review
    choice = {t for q in questions if q.journey == "solution_choice" for t in q.tags}
    assert {"decision_process", "tender", "contract"} <= choice


def test_every_role_has_names_interests_and_valid_crm_mappings(bundled):
    assert crm_faults(bundled.roles) == []
    for role in bundled.roles.values():
        for lang in LANGUAGES:
            assert role.name[lang].strip()
            assert len(role.cares_about.get(lang, [])) >= 3, f"{role.id}: cares_about.{lang}"
    assert {r for r, role in bundled.roles.items() if role.key} >= {"economic_buyer", "finance"}


def test_tags_are_plain_lowercase_words(questions):
    bad = {q.id: t for q in questions for t in q.tags if not re.fullmatch(r"[a-z][a-z0-9_]*", t)}
    assert bad == {}


# ---------------------------------------------------------------- over the CLI, as scripts see it


def test_banks_list_json_shows_every_bundled_question_in_both_languages(cli, questions):
    rows = cli.json("banks", "list", "--json")
    assert len(rows) == len({r["id"] for r in rows}) == len(questions)
    assert all(r["languages"] == ["en", "ru"] for r in rows)
    cells = Counter((role, r["stage"]) for r in rows if r["journey"] == DISCOVERY for role in r["roles"])
    assert min(cells[(role, s)] for role in ROLES for s in STAGES) >= MIN_PER_ROLE_STAGE
    general = Counter(r["stage"] for r in rows if not r["roles"] and r["journey"] == DISCOVERY)
    assert min(general[s] for s in STAGES) >= MIN_GENERAL_PER_STAGE
    ids = {r["id"] for r in rows}
    assert all(f in ids for r in rows for f in r["follow_ups"])


# ---------------------------------------------------------------- the checks can fail


def _q(qid: str, stage: str, **kw) -> Question:
    base = {
        "text": {"en": f"Question {qid}?", "ru": f"Вопрос {qid}?"},
        "purpose": {"en": "why", "ru": "зачем"},
        "feeds": FEEDS_OF_STAGE[stage],
    }
    return Question(id=qid, stage=stage, **{**base, **kw})


def test_the_checks_catch_a_thin_careless_bank():
    broken = [
        _q("x.p.one", "problem", roles=["finance"], tags=["cash_flow"], follow_ups=["x.n.one"], feeds="fact"),
        _q("x.i.one", "implication", roles=["finance"], tags=["value"], follow_ups=["x.p.one"]),
        _q("x.n.one", "need_payoff", roles=["finance"], tags=["value"], purpose={"en": "why", "ru": " "}),
        _q("x.n.two", "need_payoff", tags=["value"], text={"en": "question x.n.one?", "ru": "Другой?"}),
        _q("x.s.one", "situation", follow_ups=["x.p.gone"]),
    ]
    assert any("finance × situation: 0" in f for f in cell_shortfalls(broken))
    assert "general × problem: 0 < 10" in general_shortfalls(broken)
    assert missing_languages(broken) == ["x.n.one: purpose.ru is empty"]
    assert shared_texts(broken) == ["en: x.n.two repeats x.n.one"]
    chains = "\n".join(chain_faults(broken))
    assert "x.p.one: a problem question needs an implication follow-up" in chains
    assert "x.p.one: follow-up x.n.one shares no tag" in chains
    assert "x.i.one: follow-up x.p.one goes back from implication to problem" in chains
    assert "x.s.one: follow-up x.p.gone is not a question" in chains
    assert feeds_faults(broken) == ["x.p.one: problem question feeds fact"]
    assert vague_implications(broken) == ["x.i.one: implication tagged ['value'] names none of " + str(sorted(QUANTIFYING_TAGS))]
    role = Role(id="finance", name={"en": "F", "ru": "Ф"}, crm={"salesforce": ["CFO"], "hubspot": [], "miller_heiman": ["Economic"]})
    faults = crm_faults({"finance": role})
    assert "finance: salesforce 'CFO' is not a salesforce buying role" in faults
    assert "finance: no hubspot mapping" in faults
    assert "role economic_buyer is missing" in faults


# ---------------------------------------------------------------- the README's example stays true


def _readme_blocks(marker: str) -> list[str]:
    text = (bundled_banks_dir() / "README.md").read_text("utf-8")
    return [b for b in re.findall(r"```toml\n(.*?)```", text, flags=re.S) if marker in b]


def test_the_readme_example_bank_loads_on_top_of_the_bundled_ones(tmp_path):
    [example] = _readme_blocks("[[questions]]")
    path = tmp_path / "warehouse.toml"
    path.write_text(example, encoding="utf-8")
    merged = load_banks([path], include_user=False)
    assert merged.problems == []
    assert merged.roles["warehouse_manager"].crm.miller_heiman == ["User"]
    assert crm_faults(merged.roles) == []
    assert merged.questions["gen.s.volumes"].source == str(path)  # a later bank rewords by id
    mine = [q for q in merged.questions.values() if q.source == str(path)]
    assert len(mine) == 6
    assert chain_faults(list(merged.questions.values())) == []
    assert feeds_faults(mine) == [] and missing_languages(mine) == []

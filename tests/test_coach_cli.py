"""`spin-coach review DEAL`: JSON with exactly its eight keys, a readable summary, both languages."""

import json

import pytest

from spin_coach.actions import DealActions
from spin_coach.demo import add_demo

KEYS = {"coverage", "next_questions", "nudges", "problem_definition", "consensus", "readiness", "strategy", "meeting"}


@pytest.fixture
def demo_cli(cli, store, monkeypatch):
    """The shared `cli` runner (temp DB and config) with both demo deals in it, English locale."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    add_demo(DealActions(store), "en")
    add_demo(DealActions(store), "ru")
    return cli


def test_review_json_has_exactly_its_eight_keys(demo_cli):
    result = demo_cli("review", "d_demo_en", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == KEYS
    assert data["consensus"]["shared_problem_understanding"] is True
    assert data["readiness"]["ready"] is True


def test_review_finds_the_deal_by_a_prefix_of_its_title(demo_cli):
    result = demo_cli("review", "Northwind", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["strategy"]["journey"]["stage"] == "shared_problem_understanding"


def test_the_readable_review_walks_the_seller_through_every_part(demo_cli):
    result = demo_cli("review", "d_demo_en")
    assert result.exit_code == 0
    out = result.stdout
    for heading in ("Coverage", "Nudges", "Next questions", "Shared problem definition", "Consensus", "Ready for a proposal: yes", "Account strategy"):
        assert heading in out
    assert "Helen Park" in out and "EUR" in out


def test_lang_ru_gives_the_review_in_russian(demo_cli):
    result = demo_cli("--lang", "ru", "review", "d_demo_ru")
    assert result.exit_code == 0
    assert "Общее определение проблемы" in result.stdout and "Подсказки" in result.stdout
    data = demo_cli.json("--lang", "ru", "review", "d_demo_ru", "--json")
    assert "Елена Павлова" in json.dumps(data, ensure_ascii=False)


def test_an_unknown_deal_is_a_clear_error_with_status_1(demo_cli):
    result = demo_cli("review", "no-such-deal")
    assert result.exit_code == 1
    assert "error" in result.stderr and "no-such-deal" in result.stderr


def test_live_nudges_can_be_judged_on_a_named_meeting_and_an_unknown_one_is_a_usage_error(demo_cli):
    # the order-desk walkthrough asked 12 questions: at the peak range, not over it
    data = demo_cli.json("review", "d_demo_en", "--json", "--meeting", "m_demo_en_1")
    kinds = [n["kind"] for n in data["nudges"]]
    assert "near_question_peak" in kinds and "too_many_questions" not in kinds
    result = demo_cli("review", "d_demo_en", "--meeting", "m_nope")
    assert result.exit_code == 2 and "m_nope" in result.stderr

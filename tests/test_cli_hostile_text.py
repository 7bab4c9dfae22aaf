"""Client text with escape sequences never reaches a terminal from the command line.

Stored text stays as it was typed (the JSON export keeps it, escaped by JSON);
what the CLI prints for a person to read shows every control character but
newline and tab as a visible stand-in (``␛`` for ESC).
"""

from __future__ import annotations

import json

import pytest

from spin_coach.actions import DealActions
from spin_coach.models import Stakeholder
from spin_coach.store import Store

CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
HIDDEN_LINK = "\x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\"
TITLE = f"Renewal {CLEAR} Q3"


def controls(text: str) -> set[str]:
    """Control characters other than newline and tab."""
    return {c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F}


@pytest.fixture
def hostile(db_path):
    """A deal whose title, client, person, answer and problem carry escape sequences; its id."""
    store = Store.open(db_path)
    try:
        actions = DealActions(store)
        deal = actions.create_deal(title=TITLE, account=f"Acme {HIDDEN_LINK}")
        person = actions.add_stakeholder(Stakeholder(deal_id=deal.id, name=f"Eve {CLIPBOARD}", role="economic_buyer"))
        actions.save_answer(
            answer_id="a_hostile",
            deal_id=deal.id,
            stakeholder_id=person.id,
            stage="problem",
            text=f"Invoices pile up {CLEAR} every\vmonth {CLIPBOARD}",
        )
        actions.add_problem(deal.id, f"Invoices pile up {CLEAR}", raised_by=person.id)
        return deal.id
    finally:
        store.close()


@pytest.mark.parametrize(
    "args",
    [
        ("deals",),
        ("search", "invoices"),
        ("review", "{deal}"),
        ("proposal", "{deal}"),
        ("proposal", "{deal}", "--format", "html"),
        ("plan", "{deal}"),
        ("plan", "{deal}", "--format", "html"),
    ],
    ids=lambda a: " ".join(a),
)
def test_human_output_shows_control_characters_visibly(cli, hostile, args):
    result = cli(*(a.format(deal=hostile) for a in args))
    assert result.exit_code == 0, result.output
    assert controls(result.stdout) == set()
    assert controls(result.stderr) == set()
    assert "␛" in result.stdout  # shown, not dropped


def test_the_deal_list_reads_as_typed(cli, hostile):
    [line] = cli("deals").stdout.splitlines()
    assert "Renewal ␛[2J Q3" in line
    assert "Acme ␛]8;;https://evil.example␛\\here␛]8;;␛\\" in line


def test_search_and_review_show_the_words_as_typed(cli, hostile):
    assert "␛[2J every␋month ␛]52;c;cHduZWQ=␇" in cli("search", "invoices").stdout
    review = cli("review", hostile).stdout
    assert "Renewal ␛[2J Q3" in review and "Eve ␛]52;c;cHduZWQ=␇" in review


def test_json_output_escapes_control_characters_and_the_export_keeps_them(cli, hostile):
    for args in (("deals", "--json"), ("search", "invoices", "--json"), ("review", hostile, "--json"), ("export", hostile)):
        out = cli(*args).stdout
        assert controls(out) == set(), args  # json.dumps writes \u001b, never the byte
    [deal] = cli.json("deals", "--json")
    assert deal["title"] == TITLE  # stored verbatim
    exported = json.loads(cli("export", hostile).stdout)
    assert exported["deal"]["title"] == TITLE


def test_an_error_naming_client_text_shows_it_visibly(cli, hostile):
    result = cli("plan", hostile, "--stakeholder", "nobody")
    assert result.exit_code == 1
    assert "Eve ␛]52;c;cHduZWQ=␇" in result.stderr
    assert controls(result.stderr) == set()

"""`spin-coach deals`: the deal list from one query, in the shape scripts rely on."""

from __future__ import annotations

import re

from spin_coach.store import Store

KEYS = ["id", "title", "account", "journey_stage", "stakeholders", "archived", "updated_at"]


def test_deals_json_keeps_its_keys_in_order_and_its_types(cli):
    cli("demo")
    [deal] = cli.json("deals", "--json")
    assert list(deal) == KEYS
    assert deal["stakeholders"] == 5 and deal["archived"] is False
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", deal["updated_at"])


def test_archived_deals_show_only_when_asked_and_are_marked(cli, db_path):
    cli("demo")
    cli("demo", "--lang", "ru")
    store = Store.open(db_path)
    try:
        store.db.conn.execute("UPDATE deals SET archived = 1 WHERE id = 'd_demo_ru'")
        store.db.conn.commit()
    finally:
        store.close()
    assert [d["id"] for d in cli.json("deals", "--json")] == ["d_demo_en"]
    everything = cli.json("deals", "--json", "--archived")
    assert {d["id"]: d["archived"] for d in everything} == {"d_demo_en": False, "d_demo_ru": True}
    lines = cli("deals", "--archived").stdout.splitlines()
    assert [line.endswith("(archived)") for line in lines] == [d["archived"] for d in everything]
    assert all("  · 5 people" in line for line in lines)


def test_the_list_is_one_query_not_one_per_deal(cli, monkeypatch):
    cli("demo")
    cli("demo", "--lang", "ru")

    def per_deal(*args, **kwargs):
        raise AssertionError("deals asked the store once per deal")

    monkeypatch.setattr(Store, "stakeholders", per_deal)
    monkeypatch.setattr(Store, "accounts", per_deal)
    result = cli("deals")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2

"""Hostile deal files (issue 10, items 9 and 14): duplicate keys, lone surrogates, absurd
sizes, ids shared across tables, free text that looks like an id, and times not in UTC."""

from __future__ import annotations

import json

import pytest

from spin_coach.actions import DealActions
from spin_coach.demo import build_demo
from spin_coach.exchange import ExchangeError, dumps, import_deal, json_schema, parse, renumber
import spin_coach.models as models


@pytest.fixture
def text() -> str:
    return dumps(build_demo("en"))


def refused(text: str) -> list[str]:
    with pytest.raises(ExchangeError) as err:
        parse(text, "deal.json")
    return err.value.faults


# ---------------------------------------------------------------- duplicate keys and surrogates


def test_a_duplicate_key_is_refused_with_its_json_path(text):
    data = json.loads(text)
    name = data["stakeholders"][1]["name"]
    doubled = text.replace(f'"name": "{name}"', f'"name": "{name}",\n      "name": "Mallory"', 1)
    assert json.loads(doubled)["stakeholders"][1]["name"] == "Mallory"  # what plain JSON would do
    faults = refused(doubled)
    assert faults == ["$.stakeholders[1]: duplicate key 'name'"]


def test_a_duplicate_key_at_the_top_is_refused(text):
    faults = refused(text.replace('"version": 2,', '"version": 2,\n  "version": 2,', 1))
    assert faults == ["$: duplicate key 'version'"]


def test_a_lone_surrogate_is_refused_with_its_json_path_not_a_traceback(text):
    data = json.loads(text)
    data["answers"][3]["text"] = "costs us \udc80 a lot"
    faults = refused(json.dumps(data))
    assert faults == ["$.answers[3].text: contains an unpaired surrogate (\\udc80), which is not text"]


def test_a_lone_surrogate_in_a_key_is_refused(text):
    data = json.loads(text)
    data["deal"]["\ud800"] = 1
    faults = refused(json.dumps(data))
    assert faults == ['$.deal["\\ud800"]: contains an unpaired surrogate (\\ud800), which is not text']


def test_a_surrogate_file_through_the_cli_is_one_error_line(tmp_path, cli, db_path):
    data = json.loads(dumps(build_demo("en")))
    data["stakeholders"][0]["name"] = "\udc80"
    bad = tmp_path / "surrogate.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = cli("import", str(bad))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{bad}: $.stakeholders[0].name: contains an unpaired surrogate" in result.stderr


# ---------------------------------------------------------------- sizes


def test_a_huge_name_is_refused_by_path_in_the_schema_pass(text):
    data = json.loads(text)
    data["stakeholders"][2]["name"] = "x" * 2_000_000
    data["answers"][0]["stage"] = "gossip"
    faults = refused(json.dumps(data))
    assert any(f.startswith("$.stakeholders[2].name: String should have at most 200 characters") for f in faults)
    assert any(f.startswith("$.answers[0].stage") for f in faults)  # the same pass finds both


@pytest.mark.parametrize(
    ("where", "limit"),
    [
        (lambda d, v: d["deal"].update(title=v), "name"),
        (lambda d, v: d["problem_definition"]["problems"][0].update(statement=v), "statement"),
        (lambda d, v: d["answers"][0].update(text=v), "text"),
        (lambda d, v: d["stakeholders"][0].update(id=v), "id"),
    ],
)
def test_each_field_has_a_documented_limit(text, where, limit):
    data = json.loads(text)
    where(data, "y" * (models.LIMITS[limit] + 1))
    faults = refused(json.dumps(data))
    assert any(f"at most {models.LIMITS[limit]} characters" in f for f in faults), faults


def test_a_list_longer_than_its_limit_is_refused(text):
    data = json.loads(text)
    data["problem_definition"]["problems"][0]["tags"] = ["t"] * (models.LIMITS["list"] + 1)
    faults = refused(json.dumps(data))
    assert any(f.startswith("$.problem_definition.problems[0].tags: List should have at most") for f in faults)


def test_the_limits_are_in_the_json_schema():
    defs = json_schema()["$defs"]
    assert defs["Stakeholder"]["properties"]["name"]["maxLength"] == models.LIMITS["name"]
    assert defs["Answer"]["properties"]["text"]["maxLength"] == models.LIMITS["text"]
    assert defs["Problem"]["properties"]["statement"]["maxLength"] == models.LIMITS["statement"]
    assert defs["Problem"]["properties"]["tags"]["maxItems"] == models.LIMITS["list"]


def test_an_absurdly_large_file_is_refused_before_parsing(monkeypatch):
    import spin_coach.exchange as exchange

    monkeypatch.setattr(exchange, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(exchange.json, "loads", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(ExchangeError) as err:
        parse("{" + " " * 2000 + "}", "big.json")
    assert err.value.faults == ["file is larger than 1,000 bytes, the most a deal file may be"]


def test_reading_a_file_refuses_an_absurd_size_without_reading_it(tmp_path, monkeypatch):
    import spin_coach.exchange as exchange

    monkeypatch.setattr(exchange, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 5000)
    with pytest.raises(ExchangeError) as err:
        exchange.read_deal_file(str(big))
    assert err.value.faults == ["file is 5,000 bytes; a deal file may be at most 1,000"]
    good = tmp_path / "good.json"
    good.write_text("{}", encoding="utf-8")
    assert exchange.read_deal_file(str(good)) == "{}"


@pytest.mark.parametrize("figure", ["1e400", "1e16"])
def test_an_amount_that_is_infinite_or_absurd_is_refused_by_path(text, figure):
    faults = refused(text.replace('"amount": 9000.0', f'"amount": {figure}', 1))
    assert [f.split(":")[0] for f in faults] == ["$.problem_definition.problems[0].implications[0].amount"]


# ---------------------------------------------------------------- --as-new


def test_as_new_maps_ids_per_table(text, store):
    data = json.loads(text)
    # A meeting whose id is a stakeholder's id: legal (ids are unique per table).
    person = data["stakeholders"][0]["id"]
    old_meeting = data["meetings"][0]["id"]
    data["meetings"][0]["id"] = person
    for row in data["answers"] + data["notes"]:
        if row.get("meeting_id") == old_meeting:
            row["meeting_id"] = person
    same = json.dumps(data)
    record = parse(same)
    copy = renumber(record)
    assert copy.meetings[0].id.startswith("m_") and copy.stakeholders[0].id.startswith("s_")
    assert copy.meetings[0].attendees[0] in {s.id for s in copy.stakeholders}
    assert {a.meeting_id for a in copy.answers if a.meeting_id} <= {m.id for m in copy.meetings}
    deal_id = import_deal(DealActions(store), same, as_new=True)
    stored = store.record(deal_id)
    assert stored.meetings[0].id != person and stored.meetings[0].id.startswith("m_")
    assert {a.meeting_id for a in stored.answers if a.meeting_id} <= {m.id for m in stored.meetings}
    in_first = sum(a["meeting_id"] == person for a in data["answers"])
    assert in_first and sum(a.meeting_id == stored.meetings[0].id for a in stored.answers) == in_first


def test_as_new_leaves_free_text_that_looks_like_an_id_alone(text):
    data = json.loads(text)
    person = data["stakeholders"][1]["id"]
    answer = data["answers"][0]["id"]
    data["answers"][2]["text"] = person
    data["notes"][0]["text"] = answer
    data["stakeholders"][0]["title"] = person
    data["problem_definition"]["problems"][0]["tags"] = [person]
    data["answers"][4]["question_id"] = answer
    data["problem_definition"]["problems"][0]["implications"][0]["felt_by"] = ["sales team", person]
    copy = renumber(parse(json.dumps(data)))
    new_person = copy.stakeholders[1].id
    assert new_person != person
    assert copy.answers[2].text == person
    assert copy.notes[0].text == answer
    assert copy.stakeholders[0].title == person
    assert copy.problem_definition.problems[0].tags == [person]
    assert copy.answers[4].question_id == answer
    # felt_by holds people or free labels: only the people are mapped.
    assert copy.problem_definition.problems[0].implications[0].felt_by == ["sales team", new_person]


def test_as_new_maps_every_reference():
    record = build_demo("en")
    copy = renumber(record)
    old = record.model_dump(mode="json")
    new = copy.model_dump(mode="json")
    old_ids = {s["id"] for s in old["stakeholders"]} | {m["id"] for m in old["meetings"]} | {a["id"] for a in old["answers"]}
    old_ids |= {n["id"] for n in old["notes"]} | {old["deal"]["id"]}
    for p in old["problem_definition"]["problems"]:
        old_ids |= {p["id"]} | {i["id"] for i in p["implications"]} | {n["id"] for n in p["need_payoffs"]}
    # No old id survives anywhere in the copy, except inside free text.
    def strings(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in {"text", "question_text", "statement", "consequence", "notes", "title", "name", "question_id", "account_id", "id"} or k == "id":
                    yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value
    assert old_ids.isdisjoint(set(strings(new)))
    assert copy.deal.account_id == record.deal.account_id  # the copy belongs to the same account


def test_duplicate_ids_in_one_table_are_refused_by_path(text):
    data = json.loads(text)
    data["stakeholders"][3]["id"] = data["stakeholders"][1]["id"]
    faults = refused(json.dumps(data))
    assert f"$.stakeholders[3].id: duplicate id {data['stakeholders'][1]['id']!r} (also stakeholders[1])" in faults


# ---------------------------------------------------------------- times (item 14)


def test_times_with_an_offset_are_stored_and_exported_in_utc(text, store):
    data = json.loads(text)
    data["answers"][0]["at"] = "2026-10-06T11:00:00+02:00"
    data["meetings"][0]["started_at"] = "2026-10-06T04:30:00-04:30"
    data["deal"]["created_at"] = "2026-10-06T09:00:00"  # no offset: read as UTC, as the format says
    record = parse(json.dumps(data))
    assert record.answers[0].at.isoformat() == "2026-10-06T09:00:00+00:00"
    import_deal(DealActions(store), json.dumps(data))
    exported = json.loads(dumps(store.record(record.deal.id)))
    assert exported["answers"][0]["at"] == "2026-10-06T09:00:00Z"
    assert exported["meetings"][0]["started_at"] == "2026-10-06T09:00:00Z"
    assert exported["deal"]["created_at"] == "2026-10-06T09:00:00Z"


def test_a_utc_file_round_trips_byte_for_byte(text, store):
    import_deal(DealActions(store), text)
    assert dumps(store.record("d_demo_en")) == text

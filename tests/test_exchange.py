"""The deal exchange format: identical round trips, all-or-nothing imports, faults by JSON path."""

from __future__ import annotations

import json

import pytest

from spin_coach.actions import DealActions
from spin_coach.demo import add_demo
from spin_coach.exchange import export_deal


@pytest.fixture
def exported(store, tmp_path):
    add_demo(DealActions(store), "en")
    path = tmp_path / "deal.json"
    path.write_text(export_deal(store, "d_demo_en"), encoding="utf-8")
    return path


def table_counts(db_path) -> dict:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in
                ("accounts", "deals", "stakeholders", "meetings", "answers", "notes", "problems", "implications", "need_payoffs")}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_export_import_export_is_byte_identical(lang, tmp_path, cli):
    assert cli("demo", "--lang", lang).exit_code == 0
    first = tmp_path / "first.json"
    assert cli("export", f"d_demo_{lang}", "-o", str(first)).exit_code == 0
    other = type(cli)(tmp_path / "other.db")
    result = other("import", str(first))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"d_demo_{lang}"
    second = other("export", f"d_demo_{lang}").stdout
    assert second.encode("utf-8") == first.read_bytes()


def test_export_holds_the_whole_deal(exported):
    data = json.loads(exported.read_text())
    assert data["format"] == "spin-coach/deal" and data["version"] == 2
    assert len(data["stakeholders"]) == 5
    assert len(data["answers"]) == 25
    assert {a["stage"] for a in data["answers"]} == {"situation", "problem", "implication", "need_payoff"}
    problems = data["problem_definition"]["problems"]
    assert len(problems) == 3
    assert all(any(i["amount"] for i in p["implications"]) for p in problems)


def test_exported_file_is_private(exported, cli, tmp_path):
    out = tmp_path / "private.json"
    cli("export", "d_demo_en", "-o", str(out))
    assert out.stat().st_mode & 0o077 == 0


def test_importing_a_deal_that_is_already_there_is_refused(exported, cli, db_path):
    before = table_counts(db_path)
    result = cli("import", str(exported))
    assert result.exit_code == 1
    assert "already in this database" in result.stderr and "--as-new" in result.stderr
    assert table_counts(db_path) == before


def test_import_as_new_makes_an_independent_copy(exported, cli, db_path):
    result = cli("import", "--as-new", str(exported))
    assert result.exit_code == 0
    new_id = result.stdout.strip()
    assert new_id != "d_demo_en"
    copy = json.loads(cli("export", new_id).stdout)
    original = json.loads(exported.read_text())
    assert [a["text"] for a in copy["answers"]] == [a["text"] for a in original["answers"]]
    people = {s["id"] for s in copy["stakeholders"]}
    assert people.isdisjoint({s["id"] for s in original["stakeholders"]})
    assert all(p["confirmed_by"] and set(p["confirmed_by"]) <= people for p in copy["problem_definition"]["problems"])


def mutate(exported, change) -> str:
    data = json.loads(exported.read_text())
    change(data)
    return json.dumps(data)


def deep(n: int) -> str:
    return '{"format": "spin-coach/deal", "version": 1, "deal": ' + "[" * n + "]" * n + "}"


BAD_FILES = {
    "truncated": (lambda text, e: text[: len(text) // 2], ["not valid JSON", "truncated"]),
    "not_json": (lambda text, e: "Deal: Northwind\nStage: discovery\n", ["not valid JSON at line 1, column 1"]),
    "nan": (lambda text, e: text.replace('"amount": 9000.0', '"amount": NaN', 1), ["NaN"]),
    "format": (lambda text, e: mutate(e, lambda d: d.update(format="crm/deal")), ["$.format", "crm/deal"]),
    "version": (lambda text, e: mutate(e, lambda d: d.update(version=7)), ["$.version", "7"]),
    "missing_field": (lambda text, e: mutate(e, lambda d: d["stakeholders"][2].pop("name")), ["$.stakeholders[2].name", "Field required"]),
    "wrong_type": (lambda text, e: mutate(e, lambda d: d["answers"][4].update(stage="gossip")), ["$.answers[4].stage"]),
    "dangling": (lambda text, e: mutate(e, lambda d: d["answers"][0].update(stakeholder_id="s_ghost")), ["answers[0].stakeholder_id", "s_ghost"]),
    "deep": (lambda text, e: deep(1000), ["nested too deeply"]),
    "top_list": (lambda text, e: "[1, 2, 3]", ["expected a JSON object"]),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_deal_file_names_the_fault_and_changes_nothing(case, exported, cli, db_path, tmp_path):
    make, expected = BAD_FILES[case]
    bad = tmp_path / f"{case}.json"
    bad.write_text(make(exported.read_text(), exported), encoding="utf-8")
    before = table_counts(db_path)
    result = cli("import", "--as-new", str(bad))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert str(bad) in result.stderr
    for fragment in expected:
        assert fragment in result.stderr
    assert table_counts(db_path) == before


def test_a_failure_midway_through_an_import_rolls_everything_back(exported, store, db_path, monkeypatch):
    from spin_coach.exchange import import_deal
    from spin_coach.store import StoreError

    before = table_counts(db_path)
    text = exported.read_text()
    real_insert = store._insert
    calls = {"n": 0}

    def failing_insert(table, row):
        calls["n"] += 1
        if table == "notes":
            raise StoreError("disk full (simulated)")
        return real_insert(table, row)

    monkeypatch.setattr(store, "_insert", failing_insert)
    with pytest.raises(StoreError):
        import_deal(DealActions(store), text, as_new=True)
    assert calls["n"] > 10  # the deal, people and answers were written before the failure
    assert table_counts(db_path) == before


def test_schema_describes_the_exchange_format(cli):
    schema = cli.json("schema")
    assert schema["properties"]["format"]["const"] == "spin-coach/deal"
    assert {"deal", "account", "stakeholders", "answers", "problem_definition"} <= set(schema["properties"])
    assert "Problem" in schema["$defs"]


DATA = __import__("pathlib").Path(__file__).parent / "data"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_version_1_export_imports_with_nothing_lost_and_round_trips_in_version_2(lang, tmp_path, cli):
    """demo_v1_*.json were written by the first spin-coach (exchange version 1)."""
    v1 = DATA / f"demo_v1_{lang}.json"
    old = json.loads(v1.read_text(encoding="utf-8"))
    assert old["version"] == 1 and all("kind" not in n for n in old["notes"])
    assert cli("import", str(v1)).exit_code == 0
    first = json.loads(cli("export", f"d_demo_{lang}").stdout)
    assert first["version"] == 2
    # Everything version 1 said is still there, field by field.
    for key in ("deal", "account", "stakeholders", "meetings", "answers", "problem_definition"):
        assert first[key] == old[key], key
    for before, after in zip(old["notes"], first["notes"], strict=True):
        assert {k: after[k] for k in before} == before
    # An attributed line is what that person said; the unattributed walkthrough line is a note.
    kinds = [(n["stakeholder_id"] is not None, n["kind"]) for n in first["notes"]]
    assert all(kind == ("said" if attributed else "note") for attributed, kind in kinds)
    # The version-2 round trip is byte-identical.
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(first, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    other = type(cli)(tmp_path / "other.db")
    assert other("import", str(path)).exit_code == 0
    assert other("export", f"d_demo_{lang}").stdout.encode("utf-8") == path.read_bytes()


def test_a_version_1_file_cannot_smuggle_version_2_fields(tmp_path, cli):
    data = json.loads((DATA / "demo_v1_en.json").read_text(encoding="utf-8"))
    data["notes"][1]["kind"] = "question"
    bad = tmp_path / "mixed.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = cli("import", str(bad))
    assert result.exit_code == 1
    assert "$.notes[1].kind: not in version 1 files" in result.stderr


def test_a_line_promoted_to_something_not_in_the_file_is_refused_by_path(exported, tmp_path, cli):
    data = json.loads(exported.read_text())
    data["notes"][0]["promoted_to"] = "imp_ghost"
    bad = tmp_path / "dangling.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = cli("import", "--as-new", str(bad))
    assert result.exit_code == 1
    assert "notes[0].promoted_to: unknown problem, implication or need-payoff 'imp_ghost'" in result.stderr


def test_a_copy_under_new_ids_keeps_what_each_line_became():
    from spin_coach.demo import build_demo
    from spin_coach.exchange import renumber

    record = build_demo("en")
    implication = record.problem_definition.problems[0].implications[0]
    record.notes[3].promoted_to = implication.id
    copy = renumber(record)
    new_implication = copy.problem_definition.problems[0].implications[0]
    assert new_implication.id != implication.id
    assert copy.notes[3].promoted_to == new_implication.id
    assert copy.notes[3].kind == record.notes[3].kind

"""Property: whatever is done to a real export, ``spin-coach import`` either imports it or
exits 1 with one error line per fault naming the file and a JSON path (never a traceback),
and a refused import leaves the database byte for byte as it was (issue 10)."""

from __future__ import annotations

import gc
import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from spin_coach.actions import DealActions
from spin_coach.cli import main
from spin_coach.demo import add_demo, build_demo
from spin_coach.exchange import dumps
from spin_coach.store import Store

BASE = json.loads(dumps(build_demo("en")))

# Faults that concern the whole file rather than one place in it.
FILE_FAULTS = ("not valid JSON", "not UTF-8 text", "ids already in this database", "file is ")


class Obj(list):
    """A JSON object as its list of [key, value] pairs, so a key can be given twice."""


def tree(value):
    if isinstance(value, dict):
        return Obj([k, tree(v)] for k, v in value.items())
    if isinstance(value, list):
        return [tree(v) for v in value]
    return value


def serialise(value) -> str:
    if isinstance(value, Obj):
        return "{" + ", ".join(f"{json.dumps(k)}: {serialise(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(serialise(v) for v in value) + "]"
    return json.dumps(value)  # ensure_ascii: a lone surrogate becomes the escape \udc80


def containers(value, out=None) -> list:
    """Every object and array in the document, the document first."""
    out = [] if out is None else out
    if isinstance(value, list):
        out.append(value)
        for item in value:
            containers(item[1] if isinstance(value, Obj) else item, out)
    return out


WEIRD = st.sampled_from(
    [
        "\udc80", "a\ud800b", "\x00", "\x1b[2J", "\x1b]52;c;aGk=\x07", "\x9b31m", "\u202e", "\r\n", "\x0b",
        "", " ", "NaN", "[bold red]x[/]", "{{ 7*7 }}", "<script>", "\ufeff", "\u2028", "𝓍", "9" * 400,
        "s_demo_en_cfo", "m_demo_en_1", "ans_demo_en_1",
    ]
)
TEXT = WEIRD | st.text(max_size=12)
SCALARS = (
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | TEXT
)
VALUES = st.recursive(SCALARS, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(TEXT, kids, max_size=3), max_leaves=6)


@st.composite
def mutated(draw) -> bytes:
    doc = tree(BASE)
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):  # weird text inside some string: often free text, which imports
            leaves = [(c, i) for c in containers(doc) for i, item in enumerate(c) if isinstance(item[1] if isinstance(c, Obj) else item, str)]
            place, i = leaves[draw(st.integers(0, len(leaves) - 1))]
            old = place[i][1] if isinstance(place, Obj) else place[i]
            cut = draw(st.integers(0, len(old)))
            new = old[:cut] + draw(WEIRD | st.text(max_size=5)) + old[cut:]
            if isinstance(place, Obj):
                place[i] = [place[i][0], new]
            else:
                place[i] = new
            continue
        places = containers(doc)
        place = places[draw(st.integers(0, len(places) - 1))]
        op = draw(st.sampled_from(["drop", "duplicate", "replace", "rename", "add", "retype", "garble"]))
        if op == "add" or not place:
            key = draw(TEXT)
            place.append([key, draw(VALUES)] if isinstance(place, Obj) else draw(VALUES))
            continue
        i = draw(st.integers(0, len(place) - 1))
        is_obj = isinstance(place, Obj)
        old = place[i][1] if is_obj else place[i]

        def put(value):
            if is_obj:
                place[i] = [place[i][0], value]
            else:
                place[i] = value

        if op == "drop":
            del place[i]
        elif op == "duplicate":
            place.insert(i + 1, [place[i][0], draw(st.just(old) | VALUES)] if is_obj else old)
        elif op == "replace":
            put(draw(VALUES))
        elif op == "rename" and is_obj:
            place[i] = [draw(TEXT), old]
        elif op == "retype":
            put(draw(st.sampled_from([str(old), [old], {"value": old}, 0, None, True]) if not isinstance(old, (list, dict)) else st.sampled_from(["", 0, None])))
        elif op == "garble" and isinstance(old, str):
            cut = draw(st.integers(0, len(old)))
            put(old[:cut] + draw(WEIRD | st.just("x" * 300)) + old[cut:])
    text = serialise(doc)
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    raw = text.encode("utf-8")
    if draw(st.integers(0, 19)) == 0:  # a raw, unescaped surrogate: not UTF-8 at all
        raw = raw.replace(b"Helen", "Hel\udc80en".encode("utf-8", "surrogatepass"))
    return raw


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A database holding one deal (the Russian sample), checkpointed and closed."""
    path = tmp_path_factory.mktemp("fuzz") / "template.db"
    store = Store.open(path)
    add_demo(DealActions(store), "ru")
    store.close()
    return path


def settled_bytes(path) -> bytes:
    """The database file's bytes once everything committed is in it (WAL checkpointed)."""
    gc.collect()  # the command's own connection, if still referenced
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path.read_bytes()


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(raw=mutated(), as_new=st.booleans())
def test_a_mutated_export_imports_or_is_refused_by_path_and_changes_nothing(template, tmp_path_factory, raw, as_new):
    work = tmp_path_factory.getbasetemp() / "fuzz-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    db = work / "spin-coach.db"
    shutil.copy(template, db)  # with its private mode
    before = db.read_bytes()
    deal_file = work / "deal.json"
    deal_file.write_bytes(raw)

    args = ["--db", str(db), "import", *(["--as-new"] if as_new else []), str(deal_file)]
    result = CliRunner().invoke(main, args)

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output
    event("imported" if result.exit_code == 0 else "refused")
    if result.exit_code == 0:
        return
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("warning: ")]
    assert lines and lines[0].startswith("error: "), result.stderr
    for line in lines:
        line = line.removeprefix("error: ")
        assert line.startswith(f"{deal_file}: "), line
        fault = line.removeprefix(f"{deal_file}: ")
        assert fault.startswith("$") or fault.startswith(FILE_FAULTS), fault
    assert settled_bytes(db) == before

"""The coach speaks English and Russian: the catalogs match, and every message the code asks for exists."""

import re
import string
import tomllib
from pathlib import Path

import pytest

from spin_coach.models import JOURNEY_STAGES

ROOT = Path(__file__).resolve().parents[1] / "spin_coach"


def catalog(lang):
    def flat(data, prefix=""):
        out = {}
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else key
            out.update(flat(value, name) if isinstance(value, dict) else {name: value})
        return out

    return flat(tomllib.loads((ROOT / "locale" / lang / "coach.toml").read_text("utf-8")))


def fields(template):
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


EN, RU = catalog("en"), catalog("ru")


def test_russian_and_english_catalogs_have_the_same_messages_with_the_same_placeholders():
    assert set(EN) == set(RU)
    assert {k: fields(v) for k, v in EN.items()} == {k: fields(v) for k, v in RU.items()}


def test_russian_messages_are_in_russian():
    untranslated = [k for k, v in RU.items() if v == EN[k] and not re.fullmatch(r"[\W\d{}a-z_]*", v)]
    assert untranslated == []


def test_every_message_the_code_names_literally_exists():
    used = set()
    for path in (ROOT / "coach").glob("*.py"):
        used |= set(re.findall(r"""msg\(\s*["']([a-z_.]+)["']""", path.read_text("utf-8")))
    assert used, "the pattern found nothing: the test would pass vacuously"
    assert sorted(used - set(EN)) == []


@pytest.mark.parametrize(
    "family",
    [
        [f"journey.{s}" for s in JOURNEY_STAGES],
        [f"strategy.goal.{s}" for s in JOURNEY_STAGES],
        [f"strategy.next.{s}" for s in JOURNEY_STAGES],
        [f"strategy.purchase.{m}" for m in ("economic", "technical", "end_use")],
        [f"purchase_model.{m}" for m in ("economic", "technical", "end_use")],
        [f"tactic.{t}" for t in ("transactional", "integrator", "turnkey")],
        [f"strategy.tactic.measurable_{m}" for m in ("economic", "end_use")],
        [f"progress.{p}" for p in ("stated", "implications", "quantified", "payoff", "explicit_need")],
        [f"period.{p}" for p in ("month", "quarter", "year")],
    ],
)
def test_messages_built_from_a_value_exist_for_every_value(family):
    assert [k for k in family if k not in EN] == []


def test_every_nudge_kind_has_a_message_and_an_action():
    from spin_coach.coach.nudges import KINDS

    for kind in KINDS:
        assert f"nudge.{kind}.message" in EN and f"nudge.{kind}.action" in EN, kind

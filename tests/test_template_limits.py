"""User templates render within hard limits of time and memory; bundled ones stay in process.

The metered sandbox stops ordinary runaway templates with a good message; what it
cannot meter (one C call over a huge value) is stopped by the child process a user
template renders in (:mod:`spin_coach.proposal.isolation`): processor time and
address space limited, the wall clock enforced by the parent.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from spin_coach.banks import load_banks
from spin_coach.demo import build_demo
from spin_coach.models import BankInfo, ServiceCatalog
from spin_coach.proposal import isolation
from spin_coach.proposal.documents import render_plan, render_proposal
from spin_coach.proposal.render import TemplateProblem

DAY = date(2026, 10, 20)
NO_OFFERS = ServiceCatalog(catalog=BankInfo(id="none"), offers=[])
BOUND = 15.0  # seconds, even on a busy machine: the child's wall limit is 10 s

HUGE_LIST = "((range(90000)|list)*10)"  # 900,000 items, built within every per-value limit

PAYLOADS = [
    ("{{ ((9**999)**999)**999 }}", "stopped: a number in the template grew too large"),
    ("{{ ([[0]*1000000]*1000)|sum(start=[]) }}", "stopped: |sum would build"),
    ('{{ (["x"*999990]*1000000)|map("upper")|join }}', "stopped: the |map filter got 1,000,000 items"),
    (f"{{{{ {HUGE_LIST}|sort|first }}}}", "stopped: the |sort filter got 900,000 items"),
    (f"{{{{ {HUGE_LIST}|unique|first }}}}", "stopped: the |unique filter got 900,000 items"),
    (f"{{{{ {HUGE_LIST}|wordcount }}}}", "stopped: the |wordcount filter's input would be longer than"),
    # Past every meter of the sandbox: only the child's limits stop these.
    ('{{ (["ab"*400000]*150000)|map("upper")|join }}', "stopped: the template needed more than 256 MiB of memory"),
    ('{{ (["ab"*400000]*199999)|map("lower")|unique|list|length }}', "stopped: the template "),
]


@pytest.fixture(scope="module")
def banks(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPIN_COACH_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
        return load_banks([])


@pytest.fixture
def demo(tmp_path) -> list[str]:
    """The `spin-coach` command against a database holding the sample deal; the deal's id."""
    command = [sys.executable, "-m", "spin_coach", "--db", str(tmp_path / "data" / "spin-coach.db")]
    made = subprocess.run([*command, "demo"], capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    return [*command, "proposal", made.stdout.strip()]


@pytest.mark.parametrize("source, says", PAYLOADS, ids=[f"payload{i}" for i in range(len(PAYLOADS))])
def test_a_template_that_would_exhaust_the_machine_exits_1_with_a_clear_message_in_bounded_time(demo, tmp_path, source, says):
    template = tmp_path / "mine.md.j2"
    template.write_text(source, encoding="utf-8")
    started = time.perf_counter()
    try:
        result = subprocess.run([*demo, "--template", str(template)], capture_output=True, text=True, timeout=BOUND + 5)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still rendering after {BOUND + 5:g} s")
    elapsed = time.perf_counter() - started
    assert result.returncode == 1, result.stdout[:500] + result.stderr[-2000:]
    assert result.stderr.startswith("error: template mine.md.j2"), result.stderr[-2000:]
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert elapsed < BOUND


def test_processor_time_is_limited_where_the_sandbox_cannot_look(tmp_path, banks):
    # one filter chain that never returns to the sandbox's meters: only RLIMIT_CPU (or the wall clock) ends it
    template = tmp_path / "mine.md.j2"
    template.write_text('{{ (["ab"*400000]*199999)|map("lower")|unique|list|length }}', encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(TemplateProblem) as caught:
        render_proposal(build_demo("en"), banks, fmt="md", lang="en", template=template, catalog=NO_OFFERS, today=DAY)
    assert str(caught.value).startswith("template mine.md.j2: stopped: the template ")
    assert "seconds of processor time" in str(caught.value) or "ran longer than 10 seconds" in str(caught.value)
    assert time.perf_counter() - started < BOUND


def test_the_parent_kills_a_child_past_the_wall_clock(tmp_path, banks, monkeypatch):
    monkeypatch.setattr(isolation, "WALL_SECONDS", 1.0)
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        child = real_popen(*args, **kwargs)
        started.append(child)
        return child

    monkeypatch.setattr(isolation.subprocess, "Popen", popen)
    template = tmp_path / "mine.md.j2"
    template.write_text('{{ (["ab"*400000]*199999)|map("lower")|unique|list|length }}', encoding="utf-8")
    clock = time.perf_counter()
    with pytest.raises(TemplateProblem) as caught:
        render_proposal(build_demo("en"), banks, fmt="md", lang="en", template=template, catalog=NO_OFFERS, today=DAY)
    assert "stopped: the template ran longer than" in str(caught.value)
    assert time.perf_counter() - clock < 5
    [child] = started
    assert child.returncode is not None  # killed and reaped: nothing left running


def test_an_ordinary_user_template_still_renders_in_its_child(tmp_path, banks):
    template = tmp_path / "mine.html.j2"
    template.write_text("<h1>{{ title }}</h1>{% for p in problems %}<p>{{ p.statement }}</p>{% endfor %}", encoding="utf-8")
    html = render_proposal(build_demo("en"), banks, fmt="html", lang="en", template=template, catalog=NO_OFFERS, today=DAY)
    assert html.startswith("<h1>Pre-sell proposal: Northwind Freight</h1><p>")
    with pytest.raises(TemplateProblem) as caught:  # an ordinary mistake keeps its line and variable
        template.write_text("ok\n{{ p.statment }}", encoding="utf-8")
        render_proposal(build_demo("en"), banks, fmt="html", lang="en", template=template, catalog=NO_OFFERS, today=DAY)
    assert (caught.value.template, caught.value.line, caught.value.variable) == ("mine.html.j2", 2, "p")


def _no_children(monkeypatch) -> list[tuple]:
    """Make starting any child process fail the test; returns the list of attempts."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("a bundled template went to a child process")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(isolation.subprocess, "Popen", refuse)
    return attempts


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_bundled_templates_render_in_process(banks, monkeypatch, fmt, lang):
    attempts = _no_children(monkeypatch)
    proposal = render_proposal(build_demo(lang), banks, fmt=fmt, lang=lang, catalog=NO_OFFERS, today=DAY)
    plan = render_plan(build_demo(lang), banks, fmt=fmt, lang=lang, today=DAY)
    assert proposal and plan and attempts == []


def test_a_user_file_named_like_a_bundled_one_makes_it_a_user_template(banks, monkeypatch, isolated_home):
    # the user's proposal.en.md.j2 replaces the bundled one; a _print.css there would change what the bundled HTML includes
    folder = isolated_home / "templates"
    folder.mkdir()
    attempts = _no_children(monkeypatch)
    render_proposal(build_demo("en"), banks, fmt="html", lang="en", catalog=NO_OFFERS, today=DAY)
    (folder / "_print.css").write_text("body { color: red }", encoding="utf-8")
    with pytest.raises(AssertionError):
        render_proposal(build_demo("en"), banks, fmt="html", lang="en", catalog=NO_OFFERS, today=DAY)
    (folder / "_print.css").unlink()
    (folder / "proposal.en.md.j2").write_text("# {{ title }}", encoding="utf-8")
    with pytest.raises(AssertionError):
        render_proposal(build_demo("en"), banks, fmt="md", lang="en", catalog=NO_OFFERS, today=DAY)
    assert len(attempts) == 2


def test_a_cancelled_render_kills_its_child(tmp_path, banks):
    import threading

    template = tmp_path / "mine.md.j2"
    template.write_text('{{ (["ab"*400000]*199999)|map("lower")|unique|list|length }}', encoding="utf-8")
    scope = isolation.RenderScope()
    caught: list[BaseException] = []

    def render() -> None:
        try:
            with scope:
                render_proposal(build_demo("en"), banks, fmt="md", lang="en", template=template, catalog=NO_OFFERS, today=DAY)
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            caught.append(exc)

    thread = threading.Thread(target=render)
    thread.start()
    deadline = time.monotonic() + 10
    while not scope.running and time.monotonic() < deadline:
        time.sleep(0.02)
    pids = scope.pids
    assert scope.running and pids
    started = time.monotonic()
    scope.cancel()
    thread.join(5)
    assert not thread.is_alive() and time.monotonic() - started < 5
    assert [type(e) for e in caught] == [isolation.RenderCancelled]
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # killed and reaped


def test_the_limits_are_the_documented_ones():
    assert isolation.MEMORY_HEADROOM == 256 * 1024 * 1024
    assert isolation.CPU_SECONDS == 6 and isolation.WALL_SECONDS == 10
    assert Path(isolation.__file__).name == "isolation.py"

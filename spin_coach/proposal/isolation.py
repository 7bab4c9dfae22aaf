"""User templates render in a child process with hard limits of time and memory.

The metered sandbox (:mod:`.sandbox`) stops ordinary runaway templates with a
good message, but some work happens inside one C call it cannot interrupt (a
huge ``**``, ``|sort`` or ``|sum`` of a huge list). So a template that is not a
bundled one renders in a fresh interpreter (``sys.executable -I -c …``, never a
fork of this possibly threaded process) that, before rendering:

* limits its address space to what it holds after start-up plus
  :data:`MEMORY_HEADROOM` (``RLIMIT_AS``, or ``RLIMIT_DATA`` where that is all
  there is);
* limits its processor time to what start-up took plus :data:`CPU_SECONDS`
  (``RLIMIT_CPU``: the kernel stops it, whatever it is doing);

and the parent kills it once :data:`WALL_SECONDS` have passed since it started.
The context goes in as JSON on stdin; the text (or the problem) comes back as
JSON on stdout. Every failure becomes a :class:`~.render.TemplateProblem`
naming the template and the limit, never a traceback.

A :class:`RenderScope` lets another thread cancel a render: the TUI enters one
in its preview worker and calls :meth:`RenderScope.cancel` on escape, which
kills the child; the render then raises :class:`RenderCancelled`.
"""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
import threading
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from .render import TemplateProblem
from .sandbox import MAX_SECONDS

MEMORY_HEADROOM = 256 * 1024 * 1024  # bytes of address space over the child's size after start-up
CPU_SECONDS = MAX_SECONDS + 1  # processor seconds over what start-up used (the sandbox's own deadline is 5 s)
WALL_SECONDS = 10.0  # from starting the child to its answer, start-up included

_MEMORY_EXIT = 3  # the child ran out of memory where it could not say so in JSON
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding spin_coach/
_BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from spin_coach.proposal.isolation import child_main; child_main()"

MEMORY_MESSAGE = f"stopped: the template needed more than {MEMORY_HEADROOM // (1024 * 1024)} MiB of memory"
CPU_MESSAGE = f"stopped: the template used more than {CPU_SECONDS:g} seconds of processor time"
WALL_MESSAGE = f"stopped: the template ran longer than {WALL_SECONDS:g} seconds"


class RenderCancelled(TemplateProblem):
    """The render was cancelled (the seller pressed escape); its child process is gone."""

    def __init__(self, template: str):
        super().__init__(template, "cancelled")


class RenderScope:
    """Children started by renders in a ``with scope:`` block, so another thread can cancel them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._children: set[subprocess.Popen] = set()
        self.cancelled = False

    def __enter__(self) -> RenderScope:
        self._token = _scope.set(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        _scope.reset(self._token)

    @property
    def running(self) -> bool:
        """True while a child process of this scope is rendering."""
        with self._lock:
            return any(child.poll() is None for child in self._children)

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return [child.pid for child in self._children]

    def cancel(self) -> None:
        """Kill every child of this scope now; renders in it raise :class:`RenderCancelled`."""
        with self._lock:
            self.cancelled = True
            children = list(self._children)
        for child in children:
            _kill(child)

    def _attach(self, child: subprocess.Popen) -> None:
        with self._lock:
            self._children.add(child)
            cancelled = self.cancelled
        if cancelled:
            _kill(child)

    def _detach(self, child: subprocess.Popen) -> None:
        with self._lock:
            self._children.discard(child)


_scope: ContextVar[RenderScope | None] = ContextVar("spin_coach_render_scope", default=None)


def _kill(child: subprocess.Popen) -> None:
    try:
        child.kill()
    except OSError:  # already gone
        pass


# ---------------------------------------------------------------- the parent


def render_isolated(name: str, folders: tuple[str, ...], context: dict[str, Any], *, autoescape: bool) -> str:
    """Render template ``name`` in a child process with hard limits; :class:`TemplateProblem` on any fault."""
    scope = _scope.get()
    if scope is not None and scope.cancelled:
        raise RenderCancelled(name)
    try:
        payload = json.dumps(
            {"name": name, "folders": list(folders), "context": context, "autoescape": autoescape},
            ensure_ascii=False,
        ).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError) as exc:
        raise TemplateProblem(name, f"the document's data could not be passed to the template: {exc}") from None
    if not sys.executable:
        raise TemplateProblem(name, "cannot render a user template: no Python interpreter to run it in")
    try:
        child = subprocess.Popen(
            [sys.executable, "-I", "-c", _BOOT, _PACKAGE_ROOT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            close_fds=True,
        )
    except OSError as exc:
        raise TemplateProblem(name, f"cannot start the process that renders user templates: {exc}") from None
    if scope is not None:
        scope._attach(child)
    timed_out = False
    try:
        try:
            out, err = child.communicate(payload, timeout=WALL_SECONDS)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill(child)
            out, err = child.communicate()
    finally:
        if child.poll() is None:  # an interrupt (ctrl+c) in the parent: never leave the child behind
            _kill(child)
            child.wait()
        if scope is not None:
            scope._detach(child)
    if scope is not None and scope.cancelled:
        raise RenderCancelled(name)
    if timed_out:
        raise TemplateProblem(name, WALL_MESSAGE)
    return _answer(name, child.returncode, out, err)


def _answer(name: str, code: int, out: bytes, err: bytes) -> str:
    if code == 0:
        try:
            reply = json.loads(out.decode("utf-8", "surrogatepass"))
        except (UnicodeDecodeError, ValueError):
            reply = None
        if isinstance(reply, dict) and isinstance(reply.get("text"), str):
            return reply["text"]
        if isinstance(reply, dict) and isinstance(reply.get("problem"), dict):
            p = reply["problem"]
            raise TemplateProblem(
                str(p.get("template") or name),
                str(p.get("message") or "the template could not be rendered"),
                line=p.get("line") if isinstance(p.get("line"), int) else None,
                variable=p.get("variable") if isinstance(p.get("variable"), str) else None,
                source_line=p.get("source_line") if isinstance(p.get("source_line"), str) else None,
            )
    if code == _MEMORY_EXIT:
        raise TemplateProblem(name, MEMORY_MESSAGE)
    xcpu, kill = getattr(signal, "SIGXCPU", 24), getattr(signal, "SIGKILL", 9)
    if code in (-xcpu, -kill):
        # SIGXCPU at the soft processor limit, SIGKILL at the hard one (or the system's memory killer)
        raise TemplateProblem(name, CPU_MESSAGE if code == -xcpu else f"{CPU_MESSAGE}, or too much memory")
    if code in (-signal.SIGSEGV, -getattr(signal, "SIGBUS", 7), -signal.SIGABRT):
        raise TemplateProblem(name, MEMORY_MESSAGE)
    last = next((line for line in reversed(err.decode("utf-8", "replace").splitlines()) if line.strip()), "")
    detail = f": {last.strip()[:200]}" if last else ""
    raise TemplateProblem(name, f"the process rendering the template stopped unexpectedly (exit code {code}){detail}")


# ---------------------------------------------------------------- the child


def _limit_resources() -> None:
    """Cap this process's memory and processor time from here on (POSIX; elsewhere only the wall clock applies)."""
    try:
        import resource
    except ImportError:
        return
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a process stopped at a limit leaves no core file
    except (ValueError, OSError):
        pass
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(used.ru_utime + used.ru_stime + CPU_SECONDS)
    _lower(resource, resource.RLIMIT_CPU, cpu, cpu + 1)
    size = _address_space()
    if size is not None and hasattr(resource, "RLIMIT_AS") and _lower(resource, resource.RLIMIT_AS, size + MEMORY_HEADROOM):
        return
    # No address-space limit (macOS): limit the data segment, from the peak resident size as a floor.
    peak = used.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    _lower(resource, resource.RLIMIT_DATA, max(size or 0, peak) + MEMORY_HEADROOM)


def _lower(resource: Any, which: int, soft: int, hard: int | None = None) -> bool:
    """Set a limit to at most ``soft`` (and ``hard``), never above one already set; True if set."""
    old_soft, old_hard = resource.getrlimit(which)
    hard = soft if hard is None else hard
    if old_hard != resource.RLIM_INFINITY:
        hard = min(hard, old_hard)
        soft = min(soft, hard)
    try:
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):
        return False
    return True


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    import os

    return pages * os.sysconf("SC_PAGE_SIZE")


def child_main() -> None:
    """The child's whole life: read the job, limit itself, render, answer in JSON, exit."""
    import os

    job = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogatepass"))
    from .render import render_in_process

    name = job["name"]
    _limit_resources()
    try:
        text = render_in_process(name, tuple(job["folders"]), job["context"], autoescape=bool(job["autoescape"]))
        reply: dict[str, Any] = {"text": text}
    except TemplateProblem as problem:
        message = problem.message
        if isinstance(problem.__context__, MemoryError):
            message = MEMORY_MESSAGE
        reply = {
            "problem": {
                "template": problem.template,
                "message": message,
                "line": problem.line,
                "variable": problem.variable,
                "source_line": problem.source_line,
            }
        }
    except MemoryError:
        os._exit(_MEMORY_EXIT)
    except RecursionError:
        reply = {"problem": {"template": name, "message": "the template calls itself (a macro or an include) too deeply"}}
    except Exception as exc:  # noqa: BLE001 - whatever it was, the parent gets words, not a traceback
        reply = {"problem": {"template": name, "message": f"{type(exc).__name__}: {exc}"}}
    try:
        data = json.dumps(reply, ensure_ascii=False).encode("utf-8", "surrogatepass")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except MemoryError:
        os._exit(_MEMORY_EXIT)
    os._exit(0)

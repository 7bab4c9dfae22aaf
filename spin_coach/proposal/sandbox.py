"""A Jinja2 sandbox that a hostile template cannot use to read Python internals,
exhaust memory or spin forever.

Jinja2's ``ImmutableSandboxedEnvironment`` already refuses ``__class__``,
``|attr('__mro__')`` and mutation of lists and dicts. What it does not limit is
work: a template can multiply strings, double a value in a chain of ``set``
statements, nest loops, or pad a number to a billion characters. Here every
such path is metered against one :class:`Budget` per render:

* every ``{% for %}`` iterable is wrapped (an AST rewrite before code
  generation) so loop steps across the whole render are counted;
* ``~`` concatenation, ``* ** % +``, macro and method calls, the padding and
  joining filters, the filters that sort, sum or map a whole sequence, ``namespace`` assignment, block buffers and every printed
  value are measured before the result is built;
* the output is counted as it streams, and a wall-clock deadline applies.

Exceeding a limit raises :class:`TemplateLimitError`, a ``SecurityError`` that
names the limit. This metering gives good messages for ordinary mistakes; the
hard limits of time and memory that no user template can get past come from
rendering it in a child process (:mod:`.isolation`).
"""

from __future__ import annotations

import re
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Namespace, Undefined, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError, safe_range
from jinja2.visitor import NodeTransformer

MAX_TEXT = 1_000_000  # characters in any one value a template builds
MAX_OUTPUT = 4_000_000  # characters a whole render may produce
MAX_LOOP_STEPS = 200_000  # for-loop iterations across a render
MAX_RANGE_ITEMS = 200_000  # items all range() calls of a render may create
MAX_WIDTH = 10_000  # padding/width arguments (center, indent, zfill, format widths)
MAX_EXPONENT = 1_000
MAX_NUMBER_BITS = 4096  # how large a number a template may compute (about 1,200 digits)
MAX_SECONDS = 5.0

LOOP_GUARD = "_spin_loop_guard"
CONCAT_GUARD = "_spin_concat_guard"


class TemplateLimitError(SecurityError):
    """A template went past one of the render limits (size, loop steps, time)."""


@dataclass
class Budget:
    """What one render has used so far."""

    deadline: float
    loop_steps: int = 0
    range_items: int = 0
    output: int = 0
    checks: int = field(default=0, repr=False)

    def tick(self) -> None:
        self.checks += 1
        if self.checks & 255 == 0 and time.monotonic() > self.deadline:
            raise TemplateLimitError(f"the template ran longer than {MAX_SECONDS:g} seconds")


_budget: ContextVar[Budget | None] = ContextVar("spin_coach_template_budget", default=None)


def start_budget() -> Any:
    """Begin metering a render; returns a token for :func:`end_budget`."""
    return _budget.set(Budget(deadline=time.monotonic() + MAX_SECONDS))


def end_budget(token: Any) -> None:
    _budget.reset(token)


def current_budget() -> Budget:
    budget = _budget.get()
    if budget is None:  # a template rendered outside render.py still gets limits
        budget = Budget(deadline=time.monotonic() + MAX_SECONDS)
        _budget.set(budget)
    return budget


# ---------------------------------------------------------------- measuring


def measure(value: Any, limit: int = MAX_TEXT) -> int:
    """About how many characters ``value`` prints as; stops counting past ``limit``.

    Containers are walked with multiplicity, so a list that holds itself twice
    per level (a few references, 2**40 characters as text) is caught early.
    """
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, Namespace):
            total += 16
        else:
            total += 24
        if total > limit:
            return total
    return total


def check_size(value: Any, what: str) -> Any:
    if measure(value) > MAX_TEXT:
        raise TemplateLimitError(f"{what} would be longer than {MAX_TEXT:,} characters")
    return value


def _check_width(n: Any, what: str) -> None:
    if isinstance(n, int) and not isinstance(n, bool) and abs(n) > MAX_WIDTH:
        raise TemplateLimitError(f"{what}: width {n:,} is over the template limit of {MAX_WIDTH:,}")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*?:[^{}]*?(\d+)(?:\.(\d+))?[^{}]*\}")
_NESTED_SPEC = re.compile(r"\{[^{}]*:[^{}]*\{")


def _check_format(fmt: Any, what: str) -> None:
    """Refuse ``%999999999d``, ``%*d`` and ``{:>999999999}``: padding is memory."""
    if not isinstance(fmt, str):
        return
    for m in _PERCENT_SPEC.finditer(fmt):
        for part in m.groups():
            if part == "*":
                raise TemplateLimitError(f"{what}: '*' widths are not allowed in templates")
            if part and int(part) > MAX_WIDTH:
                raise TemplateLimitError(f"{what}: width {part} is over the template limit of {MAX_WIDTH:,}")
    if _NESTED_SPEC.search(fmt):
        raise TemplateLimitError(f"{what}: widths taken from arguments are not allowed in templates")
    for m in _BRACE_SPEC.finditer(fmt):
        for part in m.groups():
            if part and int(part) > MAX_WIDTH:
                raise TemplateLimitError(f"{what}: width {part} is over the template limit of {MAX_WIDTH:,}")


def _check_replace(text: Any, old: Any, new: Any, what: str) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        hits = text.count(old) if old else len(text) + 1
        if len(text) + hits * (len(new) - len(old)) > MAX_TEXT:
            raise TemplateLimitError(f"{what} would be longer than {MAX_TEXT:,} characters")


# ---------------------------------------------------------------- rewriting loops and ~


class _MeterTemplate(NodeTransformer):
    """Route every loop iterable and every ``~`` through a metering filter."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, LOOP_GUARD, [], [], None, None, lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), CONCAT_GUARD, [], [], None, None, lineno=node.lineno)


class _MeteredCodeGenerator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame=None) -> None:
        node = _MeterTemplate().visit(node)
        node.set_environment(self.environment)
        super().visit_Template(node, frame)


def _metered(items: Iterable[Any]) -> Iterator[Any]:
    budget = current_budget()
    for item in items:
        budget.loop_steps += 1
        if budget.loop_steps > MAX_LOOP_STEPS:
            raise TemplateLimitError(f"the template's loops ran more than {MAX_LOOP_STEPS:,} steps")
        budget.tick()
        yield item


@pass_context  # a context filter is never folded at compile time
def _loop_guard(context, items: Any) -> Any:
    if isinstance(items, Undefined) or not hasattr(items, "__iter__"):
        return items  # let Jinja2 report it as it always does
    return _metered(items)


@pass_context
def _concat_guard(context, parts: list[Any]) -> str:
    check_size(parts, "joining text with ~")
    return markup_join(parts) if context.eval_ctx.autoescape else str_join(parts)


def _guarded_concat(parts: Iterable[str]) -> str:
    """Block buffers (macros, {% set %}…{% endset %}, call blocks) join through here."""
    parts = list(parts)
    if sum(len(p) for p in parts) > MAX_TEXT:
        raise TemplateLimitError(f"a block of the template would be longer than {MAX_TEXT:,} characters")
    return "".join(parts)


def _guarded_range(*args: int) -> range:
    rng = safe_range(*args)
    budget = current_budget()
    budget.range_items += len(rng)
    if budget.range_items > MAX_RANGE_ITEMS:
        raise TemplateLimitError(f"range() calls created more than {MAX_RANGE_ITEMS:,} items")
    return rng


class GuardedNamespace(Namespace):
    """``namespace()`` whose attributes cannot grow past the size limit."""

    def __setitem__(self, name: str, value: Any) -> None:
        check_size(value, f"namespace attribute {name!r}")
        super().__setitem__(name, value)


def measured_value(value: Any) -> Any:
    """Every printed ``{{ value }}`` is measured before it becomes text."""
    current_budget().tick()
    if not isinstance(value, (str, int, float)) or (isinstance(value, str) and len(value) > MAX_TEXT):
        check_size(value, "a printed value")
    return value


_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


class GuardedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox the proposal and call-plan templates render in."""

    code_generator_class = _MeteredCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any):
        options.setdefault("finalize", measured_value)
        super().__init__(**options)
        self.concat = _guarded_concat  # type: ignore[assignment]
        self.globals.pop("lipsum", None)
        self.globals["range"] = _guarded_range
        self.globals["namespace"] = GuardedNamespace
        self.filters[LOOP_GUARD] = _loop_guard
        self.filters[CONCAT_GUARD] = _concat_guard
        self._guard_filters()

    def _guard_filters(self) -> None:
        filters = self.filters

        def wrap(name: str, check) -> None:
            inner = filters.get(name)
            if inner is None:
                return

            injected = getattr(inner, "jinja_pass_arg", None) is not None

            def guarded(*args: Any, **kwargs: Any) -> Any:
                check(name, args[1:] if injected else args, kwargs)
                return inner(*args, **kwargs)

            if injected:  # keep the pass_context / pass_eval_context / pass_environment marker
                guarded.jinja_pass_arg = inner.jinja_pass_arg  # type: ignore[attr-defined]
            filters[name] = guarded

        def sized(name: str, args: tuple, kwargs: dict) -> None:
            check_size([*args, *kwargs.values()], f"the |{name} filter's input")

        def widths(name: str, args: tuple, kwargs: dict) -> None:
            sized(name, args, kwargs)
            for n in [*args[1:], *kwargs.values()]:
                _check_width(n, f"|{name}")

        def formatted(name: str, args: tuple, kwargs: dict) -> None:
            sized(name, args, kwargs)
            if args:
                _check_format(args[0], f"|{name}")

        def replaced(name: str, args: tuple, kwargs: dict) -> None:
            sized(name, args, kwargs)
            if len(args) >= 3:
                _check_replace(str(args[0]), str(args[1]), str(args[2]), f"|{name}")

        for name in ("string", "tojson", "pprint", "e", "escape", "forceescape", "safe", "urlencode", "xmlattr", "join", "urlize"):
            wrap(name, sized)
        # Text filters turn any value into a string first: a huge list becomes megabytes of text.
        for name in ("wordcount", "upper", "lower", "title", "capitalize", "trim", "striptags", "truncate"):
            wrap(name, sized)
        def counted(name: str, args: tuple, kwargs: dict) -> None:
            # These walk or copy a whole sequence in one C call, where no deadline can reach:
            # count the items (cheap) rather than measure them.
            items = args[0] if args else None
            if hasattr(items, "__len__") and not isinstance(items, str) and len(items) > MAX_LOOP_STEPS:
                raise TemplateLimitError(f"the |{name} filter got {len(items):,} items; a template may handle at most {MAX_LOOP_STEPS:,}")
            if name == "sum" and isinstance(items, (list, tuple)):
                start = kwargs.get("start", args[2] if len(args) > 2 else 0)
                if isinstance(start, (str, list, tuple)):
                    total = len(start) + sum(len(x) if isinstance(x, (str, list, tuple)) else 1 for x in items)
                    if total > MAX_TEXT:
                        raise TemplateLimitError(f"|sum would build a value of more than {MAX_TEXT:,} items")

        for name in ("sum", "sort", "unique", "map", "select", "reject", "selectattr", "rejectattr", "groupby", "dictsort", "min", "max", "list", "reverse", "batch", "slice"):
            wrap(name, counted)
        for name in ("center", "indent", "wordwrap", "batch", "slice"):
            wrap(name, widths)
        wrap("format", formatted)
        wrap("replace", replaced)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja2's signature
        current_budget().tick()
        check_size([*args, *kwargs.values()], "the arguments of a call")
        # str.format reaches us wrapped by the sandbox; the string is on the wrapped method
        target = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(target, "__self__", None)
        name = getattr(target, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTH_METHODS:
                for n in [*args, *kwargs.values()]:
                    _check_width(n, f"str.{name}")
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, args[0], args[1], "str.replace")
            elif name in ("format", "format_map"):
                _check_format(owner, f"str.{name}")
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
                raise TemplateLimitError(f"exponent {right} is over the template limit of {MAX_EXPONENT}")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() * max(right, 0) > MAX_NUMBER_BITS:
                raise TemplateLimitError("a number in the template grew too large")
        elif operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    if len(seq) * max(times, 0) > MAX_TEXT:
                        raise TemplateLimitError(f"repeating a value {times:,} times would pass {MAX_TEXT:,} characters")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_NUMBER_BITS:
                raise TemplateLimitError("a number in the template grew too large")
        elif operator == "%":
            if isinstance(left, str):
                _check_format(left, "the % operator")
                check_size(right, "the % operator's values")
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                if len(left) + len(right) > MAX_TEXT:
                    raise TemplateLimitError(f"adding two values would pass {MAX_TEXT:,} characters")
        return super().call_binop(context, operator, left, right)

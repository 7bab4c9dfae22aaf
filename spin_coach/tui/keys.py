"""Key bindings in the app's language — the one module that touches Textual's binding internals.

Bindings are declared with a message key as their description
(``Binding("n", "new_deal", "tui.key.new_deal", id="home.new_deal")``), and a
binding group with a message key as its description too; a screen or widget
calls ``localize_bindings(self)`` in ``__init__`` so the footer, the help screen
and the command palette show the words in the seller's language. Ids stay
English: they are what ``[keymap]`` in config.toml refers to.

Textual keeps a node's bindings in the private ``_bindings``; reading
(:func:`bindings_of`) and rewriting (:func:`localize_bindings`) them happens
here only, so a Textual upgrade that changes them is one edit.
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from .. import i18n


def bindings_of(node: DOMNode) -> Iterator[tuple[str, Binding]]:
    """Every (key, binding) a node declares, as the footer and the help screen list them."""
    yield from node._bindings


def localize_bindings(node: DOMNode, lang: str | None = None) -> None:
    """Replace ``node``'s binding descriptions and group names (message keys) with their text."""
    if lang is None:
        from textual.app import App

        lang = getattr(node if isinstance(node, App) else node.app, "lang", "en")
    node._bindings = BindingsMap.from_keys(
        {
            key: [_localized(binding, lang) for binding in bindings]
            for key, bindings in node._bindings.key_to_bindings.items()
        }
    )


def _localized(binding: Binding, lang: str) -> Binding:
    changes: dict = {}
    if "." in binding.description:
        tooltip = i18n.t(binding.description + "_tip", lang)
        changes["description"] = i18n.t(binding.description, lang)
        changes["tooltip"] = binding.tooltip or ("" if tooltip.endswith("_tip") else tooltip)
    group = binding.group
    if group is not None and "." in group.description:
        changes["group"] = Binding.Group(i18n.t(group.description, lang), group.compact)
    return dataclasses.replace(binding, **changes) if changes else binding

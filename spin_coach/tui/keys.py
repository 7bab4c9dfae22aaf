"""Key bindings in the app's language.

Bindings are declared with a message key as their description
(``Binding("n", "new_deal", "tui.key.new_deal", id="home.new_deal")``); a screen or
widget calls ``localize_bindings(self)`` in ``__init__`` so the footer, the help
screen and the command palette show the words in the seller's language. Ids stay
English: they are what ``[keymap]`` in config.toml refers to.
"""

from __future__ import annotations

import dataclasses

from textual.binding import BindingsMap
from textual.dom import DOMNode

from .. import i18n


def localize_bindings(node: DOMNode, lang: str | None = None) -> None:
    """Replace ``node``'s binding descriptions (message keys) with their text."""
    if lang is None:
        from textual.app import App

        lang = getattr(node if isinstance(node, App) else node.app, "lang", "en")
    node._bindings = BindingsMap.from_keys(
        {
            key: [_localized(binding, lang) for binding in bindings]
            for key, bindings in node._bindings.key_to_bindings.items()
        }
    )


def _localized(binding, lang: str):
    if "." not in binding.description:
        return binding
    text = i18n.t(binding.description, lang)
    tooltip = i18n.t(binding.description + "_tip", lang)
    return dataclasses.replace(binding, description=text, tooltip=binding.tooltip or ("" if tooltip.endswith("_tip") else tooltip))

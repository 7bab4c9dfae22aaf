"""The command palette's view of the current screen: every action its keys can do, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from .keys import bindings_of


class ScreenCommands(Provider):
    """Offers the actions of the screen the palette was opened over (and of its focused panel)."""

    def _commands(self) -> list[tuple[str, str, DOMNode, str]]:
        screen = self.screen
        nodes: list[DOMNode] = []
        if screen.focused is not None:
            nodes += [n for n in screen.focused.ancestors_with_self if n is not screen and n is not self.app]
        nodes.append(screen)
        seen: set[str] = set()
        found = []
        for node in nodes:
            for key, binding in bindings_of(node):
                if not binding.description or binding.system or binding.action in seen:
                    continue
                action_name = binding.action.partition("(")[0]
                if node.check_action(action_name, ()) is False:
                    continue
                seen.add(binding.action)
                found.append((binding.description, self.app.get_key_display(binding), node, binding.action))
        return found

    def _run(self, node: DOMNode, action: str) -> None:
        self.app.call_later(self.app.run_action, action, node)

    async def discover(self) -> Hits:
        for name, key, node, action in self._commands():
            yield DiscoveryHit(name, partial(self._run, node, action), help=key)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, key, node, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, node, action), help=key)

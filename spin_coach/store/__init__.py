"""Local storage of deals in SQLite (sqlite-utils): schema, migrations, queries, search.

The names below load on first use, so ``spin_coach.store.peek`` stays light.
"""

from importlib import import_module

_EXPORTS = {
    "DealNotFound": ".repo",
    "Store": ".repo",
    "StoreError": ".db",
    "open_database": ".db",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

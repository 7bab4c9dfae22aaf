"""Local storage of deals in SQLite (sqlite-utils): schema, migrations, queries, search."""

from .db import StoreError, open_database
from .repo import DealNotFound, Store

__all__ = ["DealNotFound", "Store", "StoreError", "open_database"]

"""Django's database cache with an increment that holds when several workers count at once, and a cheap
`add` of a key that is already there.

The stock `incr` is a read and then a `set`: two workers can both read 4 and both write 5, and the `set`
gives the entry the default timeout, so a counter with a one-hour window would vanish five minutes after
its last increment. Here the row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
transactions lock the database), the value is rewritten in place and the entry keeps its expiry.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction

_MISSING = object()


class DatabaseCache(DjangoDatabaseCache):
    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        """Add only when absent; a live entry is found with one SELECT.

        Every rate-limited request adds its counter before incrementing it. The stock `add` counts the
        whole table (for culling) and opens a write transaction even when the counter is already there,
        which it is for every request but the first of a window."""
        if self.has_key(key, version=version):
            return False
        return super().add(key, value, timeout, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        db_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)  # type: ignore[attr-defined]
        column = quote_name("cache_key")
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} = %s{lock}", [db_key])  # noqa: S608
            value = self.get(key, _MISSING, version=version)  # also honours the expiry
            if value is _MISSING:
                raise ValueError(f"Key '{db_key}' not found")
            new_value = value + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote_name('value')} = %s WHERE {column} = %s",  # noqa: S608
                [encoded, db_key],
            )
        return new_value

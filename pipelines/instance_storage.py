"""Dagster's SQLite instance storage, with the event log's database engines kept between events.

Dagster's `SqliteEventLogStorage` opens a new SQLAlchemy engine, and so a new SQLite connection
and an empty statement cache, for every write: storing one event costs about 20 ms, and a run of
the asset graph stores about 150. This storage keeps an engine for each of the few databases in
use (the index and the latest runs' logs), so statements are compiled once and connections are
reused: the same run stores its events in about a third of the time. Its files and tables are
Dagster's own, so an instance can switch to or from it at any time.

Connections run with `synchronous=NORMAL`, SQLite's advice for WAL databases (the mode Dagster
creates them in): a commit no longer waits for the disk. A power cut can lose the last events
written, never the consistency of the database; the run history is a log, not the published data.

`pipelines/dagster.yaml` selects it as the instance's storage (`storage: custom:`).
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME, SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine

MAX_ENGINES = 8  # the index and the run logs used last; a UI that reads many runs keeps no more


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` with one engine per database, kept for the `MAX_ENGINES` used last."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._engines_lock = threading.Lock()  # `_db_lock` is held while a connection is in use
        super().__init__(base_dir, inst_data)
        _storages.add(self)

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: dict
    ) -> PooledSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        """The kept engine of a database, made now if it is not kept."""
        with self._engines_lock:
            engine = self._engines.pop(shard, None)
            if engine is None:
                engine = sa.create_engine(self.conn_string_for_shard(shard),
                                          connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
                sa.event.listen(engine, "connect", _set_synchronous_normal)
                if len(self._engines) >= MAX_ENGINES:
                    self._engines.popitem(last=False)[1].dispose()
            self._engines[shard] = engine
            return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def has_table(self, table_name: str) -> bool:
        engine = self._engine(INDEX_SHARD_NAME)
        with engine.connect() as conn:
            return bool(engine.dialect.has_table(conn, table_name))

    def dispose(self) -> None:
        super().dispose()
        self._drop_engines(close=True)

    def _drop_engines(self, close: bool) -> None:
        with self._engines_lock:
            for engine in self._engines.values():
                engine.dispose(close=close)
            self._engines.clear()


class PooledSqliteStorage(DagsterSqliteStorage):
    """Dagster's default SQLite storage (same `base_dir` layout) with `PooledSqliteEventLogStorage`."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        super().__init__(base_dir, inst_data)
        self._event_log_storage = PooledSqliteEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData, config_value: dict) -> PooledSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)


def _set_synchronous_normal(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_storages: weakref.WeakSet[PooledSqliteEventLogStorage] = weakref.WeakSet()


def _forget_engines_in_child() -> None:
    """A forked child must not share its parent's SQLite connections: it opens its own."""
    for storage in list(_storages):
        storage._engines_lock = threading.Lock()  # a thread of the parent may have held it
        storage._drop_engines(close=False)


os.register_at_fork(after_in_child=_forget_engines_in_child)

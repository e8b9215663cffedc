"""The SQLite registry of entries.

One file, ``<home>/registry.db``, in WAL mode so readers never block writers. The schema
version is SQLite's ``user_version``; :data:`MIGRATIONS` brings an older file up to date.
Every change is one ``BEGIN IMMEDIATE`` transaction, so any number of envmgr processes
may write at once: each waits its turn (``busy_timeout``) and nothing is half-written.
A file that is not an envmgr registry, or one written by a newer envmgr, is refused
before anything is written to it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from envmgr.errors import RegistryError
from envmgr.store.entry import Entry, now_iso

TYPE_CHECKING = False  # not `from typing`: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Registry", "SCHEMA_VERSION"]

SCHEMA_VERSION = 1

MIGRATIONS: dict[int, list[str]] = {
    # version reached -> statements that reach it from the one before
    1: [
        """CREATE TABLE entries (
            uid TEXT PRIMARY KEY,
            soft TEXT NOT NULL,
            version TEXT NOT NULL,
            source TEXT NOT NULL,
            prefix TEXT NOT NULL,
            stale INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX entries_soft ON entries(soft)",
        """CREATE TABLE tags (
            uid TEXT NOT NULL REFERENCES entries(uid) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (tag, uid)
        ) WITHOUT ROWID""",
        "CREATE INDEX tags_uid ON tags(uid)",
    ],
}


class Registry:
    """Entries kept in ``path``; open with :meth:`open`, use as a context manager."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    # -- opening -------------------------------------------------------------------
    def open(self) -> Registry:
        if self._db is not None:
            return self
        try:
            if not os.path.exists(self.path):
                os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
            db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise RegistryError(
                f"cannot open the registry {self.path}: {reason}",
                "check ENVMGR_HOME or --home: it must be a directory envmgr can write",
            ) from exc
        try:
            db.execute("PRAGMA busy_timeout = 60000")
            version = self._check_version(db)
            if version != SCHEMA_VERSION:
                db.execute("PRAGMA journal_mode = WAL")
                self._migrate(db, version)
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            db.close()
            raise
        self._db = db
        return self

    def _check_version(self, db: sqlite3.Connection) -> int:
        try:
            # one read transaction: both answers from the same snapshot, even while another
            # process is creating the registry
            db.execute("BEGIN")
            try:
                version = int(db.execute("PRAGMA user_version").fetchone()[0])
                tables = {r[0] for r in db.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'")}
            finally:
                db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise RegistryError(
                f"the registry {self.path} is not a readable envmgr database ({exc})",
                "move it aside, or point ENVMGR_HOME at another directory; it was left untouched",
            ) from exc
        if version > SCHEMA_VERSION:
            raise RegistryError(
                f"the registry {self.path} has schema version {version}, newer than this "
                f"envmgr understands ({SCHEMA_VERSION})",
                "upgrade envmgr; the registry was left untouched",
            )
        if version == 0 and tables:
            raise RegistryError(
                f"{self.path} is an SQLite database but not an envmgr registry",
                "move it aside, or point ENVMGR_HOME at another directory; it was left untouched",
            )
        return version

    def _migrate(self, db: sqlite3.Connection, current: int) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            # another process may have migrated while we waited for the lock
            current = int(db.execute("PRAGMA user_version").fetchone()[0])
            for target in range(current + 1, SCHEMA_VERSION + 1):
                for stmt in MIGRATIONS[target]:
                    db.execute(stmt)
                db.execute(f"PRAGMA user_version = {target}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Registry:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self.open()
        assert self._db is not None
        return self._db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back whole on any error."""
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:  # "database is locked" past busy_timeout
            raise RegistryError(
                f"the registry {self.path} stayed busy: {exc}",
                "another envmgr is writing to it; try again",
            ) from exc
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise RegistryError(f"could not write the registry {self.path}: {exc}") from exc

    # -- writing -------------------------------------------------------------------
    def upsert(self, entries: Iterable[Entry], stale: Iterable[str] = ()) -> list[Entry]:
        """Add or update entries by uid, and mark the ``stale`` uids, in one transaction;
        keeps ``created`` of entries already there."""
        stamp = now_iso()
        saved: list[Entry] = []
        with self.transaction() as db:
            for entry in entries:
                row = db.execute(
                    "SELECT created FROM entries WHERE uid = ?", (entry.uid,)
                ).fetchone()
                entry.created = row[0] if row else (entry.created or stamp)
                entry.updated = stamp
                entry.tags = _norm_tags(entry.tags)
                _write(db, entry)
                saved.append(entry)
            self._mark(db, stale, True, stamp)
        return saved

    def mark_stale(self, uids: Iterable[str], stale: bool = True) -> int:
        with self.transaction() as db:
            return self._mark(db, uids, stale, now_iso())

    @staticmethod
    def _mark(db: sqlite3.Connection, uids: Iterable[str], stale: bool, stamp: str) -> int:
        n = 0
        for uid in uids:
            row = db.execute("SELECT data FROM entries WHERE uid = ?", (uid,)).fetchone()
            if not row:
                continue
            entry = Entry.from_json(json.loads(row[0]))
            if entry.stale == stale:
                continue
            entry.stale = stale
            entry.updated = stamp
            _write(db, entry)
            n += 1
        return n

    def remove(self, uids: Iterable[str]) -> int:
        n = 0
        with self.transaction() as db:
            for uid in uids:
                n += db.execute("DELETE FROM entries WHERE uid = ?", (uid,)).rowcount
        return n

    # -- reading -------------------------------------------------------------------
    def get(self, uid: str) -> Entry | None:
        row = self.db.execute("SELECT data FROM entries WHERE uid = ?", (uid,)).fetchone()
        return Entry.from_json(json.loads(row[0])) if row else None

    def find_uid_prefix(self, prefix: str) -> list[Entry]:
        rows = self.db.execute(
            "SELECT data FROM entries WHERE uid >= ? AND uid < ? ORDER BY uid",
            (prefix, prefix + "\uffff"),
        ).fetchall()
        return [Entry.from_json(json.loads(r[0])) for r in rows]

    def find(
        self,
        tags: Sequence[str] = (),
        soft: str | None = None,
        include_stale: bool = True,
        softs: Sequence[str] | None = None,
    ) -> list[Entry]:
        """Entries carrying every tag in ``tags`` (AND), optionally of one soft or of
        ``softs``."""
        sql = "SELECT data FROM entries e"
        args: list[Any] = []
        where: list[str] = []
        norm = _norm_tags(tags)
        if norm:
            marks = ",".join("?" * len(norm))
            where.append(
                f"e.uid IN (SELECT uid FROM tags WHERE tag IN ({marks}) "
                f"GROUP BY uid HAVING COUNT(*) = {len(norm)})"
            )
            args.extend(norm)
        if soft:
            where.append("e.soft = ?")
            args.append(soft)
        if softs is not None:
            where.append(f"e.soft IN ({','.join('?' * len(softs))})")
            args.extend(softs)
        if not include_stale:
            where.append("e.stale = 0")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.soft, e.uid"
        return [Entry.from_json(json.loads(r[0])) for r in self.db.execute(sql, args)]

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    def all_tags(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT tag FROM tags ORDER BY tag")]


def _norm_tags(tags: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(t.strip().lower() for t in tags if t and t.strip()))


def _write(db: sqlite3.Connection, entry: Entry) -> None:
    db.execute(
        "INSERT OR REPLACE INTO entries (uid, soft, version, source, prefix, stale, created, "
        "updated, data) VALUES (?,?,?,?,?,?,?,?,?)",
        (
            entry.uid,
            entry.soft,
            entry.version,
            entry.source,
            entry.prefix,
            int(entry.stale),
            entry.created,
            entry.updated,
            json.dumps(entry.to_json(), sort_keys=True),
        ),
    )
    db.execute("DELETE FROM tags WHERE uid = ?", (entry.uid,))
    db.executemany(
        "INSERT OR IGNORE INTO tags (uid, tag) VALUES (?, ?)", [(entry.uid, t) for t in entry.tags]
    )

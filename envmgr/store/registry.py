"""The SQLite registry of entries.

One file, ``<home>/registry.db``, in WAL mode so readers never block writers. The schema
version is SQLite's ``user_version``; :data:`MIGRATIONS` brings an older file up to date.
Every change is one ``BEGIN IMMEDIATE`` transaction, so any number of envmgr processes
may write at once: each waits its turn (``busy_timeout``) and nothing is half-written.
A file that is not an envmgr registry (not SQLite, foreign tables, a missing table or
column, an impossible schema version), or one written by a newer envmgr, is refused
before anything is written to it.

A registry that this process may not write (a read-only home, file or mount) is opened
read-only: reading works, and a change is refused with one clear error. A row whose data
cannot be read back is reported once (naming its uid) and skipped; :meth:`Registry.bad_rows`
lists such rows and :meth:`Registry.remove_bad` deletes them (``envmgr gc``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from envmgr.errors import RegistryError, UsageError
from envmgr.store.entry import Entry, checked_entry, now_iso

TYPE_CHECKING = False  # not `from typing`: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Registry", "BadRow", "SCHEMA_VERSION"]

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

# the columns each table has at SCHEMA_VERSION: anything else is not a registry we wrote
_COLUMNS = {
    "entries": ["uid", "soft", "version", "source", "prefix", "stale", "created", "updated",
                "data"],
    "tags": ["uid", "tag"],
}
# what every read selects: the indexed columns are checked against the data they index
_ROW = "e.rowid, e.uid, e.soft, e.version, e.source, e.prefix, e.stale, e.data"

_NOT_OURS = "move it aside, or point ENVMGR_HOME at another directory; it was left untouched"


class BadRow:
    """A registry row whose entry cannot be read back: where it is and what is wrong."""

    def __init__(self, rowid: int, uid: object, soft: object, reason: str) -> None:
        self.rowid = rowid
        self.uid = uid
        self.soft = soft
        self.reason = reason

    @property
    def name(self) -> str:
        """The uid as a message can show it (escaped; a row may hold any bytes)."""
        if isinstance(self.uid, str) and self.uid:
            return _printable(self.uid)
        return f"(row {self.rowid}, no uid)"

    def placeholder(self) -> Entry:
        """A stand-in entry, so that ``gc`` can report the row like any removed entry."""
        soft = _printable(self.soft) if isinstance(self.soft, str) and self.soft else "?"
        return Entry(uid=self.name, soft=soft, category="", version="?", tags=[],
                     source="unreadable", prefix=f"unreadable row: {self.reason}",
                     attrs={"unreadable": self.reason})


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def _stderr_warning(message: str) -> None:
    print(f"envmgr: warning: {message}", file=sys.stderr)


class Registry:
    """Entries kept in ``path``; open with :meth:`open`, use as a context manager.

    ``readonly=True`` opens the file read-only even where it could be written (for a
    command that only reads); one that cannot be written is opened read-only anyway.
    ``warn`` receives the one-line report of each unreadable row (default: stderr).
    """

    def __init__(self, path: str, readonly: bool = False,
                 warn: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.readonly = readonly
        self._db: sqlite3.Connection | None = None
        self._why_readonly = "it was opened read-only"
        self._warn = warn or _stderr_warning
        self._reported: set[object] = set()

    # -- opening -------------------------------------------------------------------
    def open(self) -> Registry:
        if self._db is not None:
            return self
        exists = os.path.exists(self.path)
        if exists and not os.path.isfile(self.path):  # a FIFO would block the first read
            raise RegistryError(f"the registry {self.path} is not a regular file", _NOT_OURS)
        why = self._not_writable(exists)
        if why:
            self.readonly = True
            self._why_readonly = why
        if not exists and self.readonly:
            self._db = self._empty()  # nothing recorded yet, and nowhere to record it
            return self
        db = self._connect()
        db.text_factory = _text
        try:
            db.execute("PRAGMA busy_timeout = 60000")
            version = self._check_version(db)
            if version != SCHEMA_VERSION:
                if self.readonly:
                    db.close()
                    db = self._needs_migration(version)
                else:
                    db.execute("PRAGMA journal_mode = WAL")
                    self._migrate(db, version)
                    self._check_version(db)
            db.execute("PRAGMA foreign_keys = ON")
            if not self.readonly:
                db.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            db.close()
            raise
        self._db = db
        return self

    def _not_writable(self, exists: bool) -> str:
        """Why this process cannot write the registry ("" when it can)."""
        folder = os.path.dirname(os.path.abspath(self.path))
        if exists:
            # WAL needs the folder too: -wal and -shm are made next to the file
            if not os.access(self.path, os.W_OK):
                return "the file is not writable"
            if not os.access(folder, os.W_OK):
                return f"its folder {folder} is not writable"
            return ""
        while not os.path.isdir(folder):  # the nearest folder that exists must take new files
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        if not os.access(folder, os.W_OK):
            return f"{folder} is not writable"
        return ""

    def _connect(self) -> sqlite3.Connection:
        try:
            if not self.readonly:
                if not os.path.exists(self.path):
                    os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
                return sqlite3.connect(self.path, timeout=60, isolation_level=None)
            return self._connect_readonly()
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise RegistryError(
                f"cannot open the registry {self.path}: {reason}",
                "check ENVMGR_HOME or --home: it must be a directory envmgr can read",
            ) from exc

    def _connect_readonly(self) -> sqlite3.Connection:
        uri = "file://" + "".join({"%": "%25", "?": "%3f", "#": "%23"}.get(c, c)
                                  for c in os.path.abspath(self.path))
        wal, shm = self.path + "-wal", self.path + "-shm"
        if not os.path.exists(wal) and not os.path.exists(shm):
            # No -wal: nothing is waiting to be checkpointed and no writer is attached, so
            # the main file is all there is. immutable=1 reads it without creating -shm,
            # which a read-only folder does not allow (and which would be left behind).
            return sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, timeout=60,
                                   isolation_level=None)
        db = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=60, isolation_level=None)
        try:
            db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            return db
        except sqlite3.OperationalError:
            db.close()
        if os.path.exists(wal) and os.path.getsize(wal) > 0:
            raise RegistryError(
                f"cannot read the registry {self.path}: recent changes wait in {wal}, and "
                f"reading them needs write access ({self._why_readonly})",
                "run envmgr once where the home is writable, or ask its owner to",
            )
        return sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, timeout=60,
                               isolation_level=None)

    def _empty(self) -> sqlite3.Connection:
        db = sqlite3.connect(":memory:", isolation_level=None)
        for target in range(1, SCHEMA_VERSION + 1):
            for stmt in MIGRATIONS[target]:
                db.execute(stmt)
        return db

    def _needs_migration(self, version: int) -> sqlite3.Connection:
        if version == 0:  # an empty file: a registry not yet begun
            return self._empty()
        raise RegistryError(
            f"the registry {self.path} has schema version {version} and must be brought up "
            f"to version {SCHEMA_VERSION}, which needs write access ({self._why_readonly})",
            "run envmgr once where the home is writable",
        )

    def _check_version(self, db: sqlite3.Connection) -> int:
        try:
            # one read transaction: every answer from the same snapshot, even while another
            # process is creating the registry
            db.execute("BEGIN")
            try:
                version = int(db.execute("PRAGMA user_version").fetchone()[0])
                objects = {r[0]: r[1] for r in db.execute(
                    "SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}
                columns = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")]
                           for t in _COLUMNS if objects.get(t) == "table"}
            finally:
                db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise RegistryError(
                f"the registry {self.path} is not a readable envmgr database ({exc})",
                _NOT_OURS,
            ) from exc
        if version > SCHEMA_VERSION:
            raise RegistryError(
                f"the registry {self.path} has schema version {version}, newer than this "
                f"envmgr understands ({SCHEMA_VERSION})",
                "upgrade envmgr; the registry was left untouched",
            )
        problem = ""
        if version < 0:
            problem = f"schema version {version}"
        elif version == 0 and objects:
            problem = "its tables are not envmgr's"
        elif version > 0:
            for table, want in _COLUMNS.items():
                if objects.get(table) != "table":
                    problem = f"schema version {version} but no '{table}' table"
                elif columns[table] != want:
                    problem = (f"its '{table}' table has columns {', '.join(columns[table])}, "
                               f"not {', '.join(want)}")
                if problem:
                    break
        if problem:
            raise RegistryError(
                f"{self.path} is an SQLite database but not an envmgr registry ({problem})",
                _NOT_OURS,
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

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from exc

    def _damaged(self, exc: sqlite3.Error) -> RegistryError:
        return RegistryError(f"the registry {self.path} is damaged: {exc}",
                             "move it aside and detect again; it was not changed")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back whole on any error."""
        if self.readonly:
            raise RegistryError(
                f"cannot change the registry {self.path}: {self._why_readonly}",
                "recording, removing and collecting entries needs write access (reading "
                "works without it); check ENVMGR_HOME or --home",
            )
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_readonly(exc):
                raise self._cannot_write(exc) from exc
            # "database is locked" past busy_timeout
            raise RegistryError(
                f"the registry {self.path} stayed busy: {exc}",
                "another envmgr is writing to it; try again",
            ) from exc
        try:
            yield db
        except sqlite3.DatabaseError as exc:
            _rollback(db)
            raise (self._cannot_write(exc) if _is_readonly(exc) else self._damaged(exc)) from exc
        except BaseException:
            _rollback(db)
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(db)
            raise RegistryError(f"could not write the registry {self.path}: {exc}") from exc

    def _cannot_write(self, exc: sqlite3.Error) -> RegistryError:
        return RegistryError(f"cannot change the registry {self.path}: {exc}",
                             "check that the home and its registry.db are writable")

    # -- reading rows back ---------------------------------------------------------------
    def _entry(self, row: Sequence[Any], warn: bool = True) -> Entry | None:
        """The entry of a row selected as ``_ROW``; None (reported once) when unreadable."""
        bad = _check_row(row)
        if isinstance(bad, Entry):
            return bad
        if warn and bad.rowid not in self._reported:
            self._reported.add(bad.rowid)
            self._warn(f"the registry entry {bad.name} cannot be read ({bad.reason}); "
                       "skipped, and 'envmgr gc' removes it")
        return None

    def _entries(self, rows: Iterable[Sequence[Any]], warn: bool = True) -> list[Entry]:
        out = []
        for row in rows:
            entry = self._entry(row, warn)
            if entry is not None:
                out.append(entry)
        return out

    # -- writing -------------------------------------------------------------------
    def upsert(self, entries: Iterable[Entry], stale: Iterable[str] = ()) -> list[Entry]:
        """Add or update entries by uid, and mark the ``stale`` uids, in one transaction;
        keeps ``created`` of entries already there (an unreadable row is replaced)."""
        stamp = now_iso()
        saved: list[Entry] = []
        with self.transaction() as db:
            for entry in entries:
                row = db.execute(
                    "SELECT created FROM entries WHERE uid = ?", (entry.uid,)
                ).fetchone()
                kept = row[0] if row and isinstance(row[0], str) and row[0] else None
                entry.created = kept or entry.created or stamp
                entry.updated = stamp
                entry.tags = _norm_tags(entry.tags)
                _write(db, entry)
                saved.append(entry)
            self._mark(db, stale, True, stamp)
        return saved

    def mark_stale(self, uids: Iterable[str], stale: bool = True) -> int:
        with self.transaction() as db:
            return self._mark(db, uids, stale, now_iso())

    def _mark(self, db: sqlite3.Connection, uids: Iterable[str], stale: bool,
              stamp: str) -> int:
        n = 0
        for uid in uids:
            row = db.execute(f"SELECT {_ROW} FROM entries e WHERE e.uid = ?", (uid,)).fetchone()
            entry = self._entry(row) if row else None
            if entry is None or entry.stale == stale:
                continue
            entry.stale = stale
            entry.updated = stamp
            _write(db, entry)
            n += 1
        return n

    def remove(self, uids: Iterable[str]) -> int:
        """Delete the rows of these uids, readable or not; returns how many went."""
        n = 0
        with self.transaction() as db:
            for uid in uids:
                n += db.execute("DELETE FROM entries WHERE uid = ?", (uid,)).rowcount
        return n

    def remove_unreferenced(self, uids: Iterable[str]) -> list[Entry]:
        """Delete the rows of these uids unless an entry outside them depends on one; the
        check and the delete are one transaction, so no entry can start depending on them
        in between. Returns those dependents (and then nothing was deleted)."""
        wanted = set(uids)
        with self.transaction() as db:
            rows = db.execute(f"SELECT {_ROW} FROM entries e ORDER BY e.soft, e.uid")
            users = [e for e in self._entries(rows.fetchall(), warn=False)
                     if e.uid not in wanted and wanted & set(e.deps)]
            if not users:
                for uid in wanted:
                    db.execute("DELETE FROM entries WHERE uid = ?", (uid,))
        return users

    def bad_rows(self) -> list[BadRow]:
        """Every row whose entry cannot be read back (without reporting them)."""
        rows = self._rows(f"SELECT {_ROW} FROM entries e ORDER BY e.rowid")
        return [bad for bad in map(_check_row, rows) if isinstance(bad, BadRow)]

    def remove_bad(self, rows: Iterable[BadRow]) -> list[BadRow]:
        """Delete these unreadable rows (by rowid, so a row without a usable uid goes too),
        each only if it is still unreadable; returns the ones deleted."""
        gone = []
        with self.transaction() as db:
            for bad in rows:
                row = db.execute(f"SELECT {_ROW} FROM entries e WHERE e.rowid = ?",
                                 (bad.rowid,)).fetchone()
                if row is None or isinstance(_check_row(row), Entry):
                    continue  # gone already, or rewritten whole by a detect meanwhile
                db.execute("DELETE FROM entries WHERE rowid = ?", (bad.rowid,))
                if isinstance(row[1], str):
                    db.execute("DELETE FROM tags WHERE uid = ?", (row[1],))
                gone.append(bad)
        return gone

    # -- reading -------------------------------------------------------------------
    def get(self, uid: str, skip_unreadable: bool = False) -> Entry | None:
        """The entry with this uid, or None. An unreadable row is a RegistryError, or with
        ``skip_unreadable`` reported (once) and None."""
        rows = self._rows(f"SELECT {_ROW} FROM entries e WHERE e.uid = ?", (uid,))
        if not rows:
            return None
        if skip_unreadable:
            return self._entry(rows[0])
        checked = _check_row(rows[0])
        if isinstance(checked, BadRow):
            raise RegistryError(
                f"the registry entry {checked.name} cannot be read ({checked.reason})",
                "run 'envmgr gc' to remove it, then 'envmgr detect' to record it again",
            )
        return checked

    def find_uid_prefix(self, prefix: str) -> list[Entry]:
        """Entries whose uid starts with ``prefix`` (which must not be blank)."""
        if not isinstance(prefix, str) or not prefix.strip():
            raise UsageError("an empty uid matches nothing", "give a uid, see 'envmgr list'")
        rows = self._rows(
            f"SELECT {_ROW} FROM entries e WHERE e.uid >= ? AND e.uid < ? ORDER BY e.uid",
            (prefix, prefix + "\U0010ffff"),
        )
        return self._entries(rows)

    def find(
        self,
        tags: Sequence[str] = (),
        soft: str | None = None,
        include_stale: bool = True,
        softs: Sequence[str] | None = None,
        warn_bad: bool = True,
    ) -> list[Entry]:
        """Entries carrying every tag in ``tags`` (AND), optionally of one soft or of
        ``softs``; no tags means every entry, but a blank tag is an error (it must never
        widen a query to everything). Unreadable rows are reported and skipped."""
        sql = f"SELECT {_ROW} FROM entries e"
        args: list[Any] = []
        where: list[str] = []
        tags = [tags] if isinstance(tags, str) else list(tags)  # a generator is read once
        if any(not isinstance(t, str) or not t.strip() for t in tags):
            raise UsageError(f"a registry query got an empty tag ({list(tags)!r})",
                             "give tags such as 'python' or 'v3.11'")
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
        return self._entries(self._rows(sql, args), warn_bad)

    def count(self) -> int:
        return int(self._rows("SELECT COUNT(*) FROM entries")[0][0])

    def all_tags(self) -> list[str]:
        rows = self._rows("SELECT DISTINCT tag FROM tags ORDER BY tag")
        return [r[0] for r in rows if isinstance(r[0], str)]


def _check_row(row: Sequence[Any]) -> Entry | BadRow:
    """A row selected as ``_ROW``: its entry, or what makes it unreadable."""
    rowid, uid, soft, version, source, prefix, stale, data = row

    def bad(reason: str) -> BadRow:
        return BadRow(rowid, uid, soft, reason)

    if not isinstance(data, str):
        return bad("its data is missing" if data is None else "its data is not text")
    try:
        entry = checked_entry(json.loads(data))
    except ValueError as exc:  # json.JSONDecodeError is a ValueError too
        reason = "its data is not valid JSON" if isinstance(exc, json.JSONDecodeError) else (
            f"its data is not an entry: {exc}")
        return bad(reason)
    except RecursionError:
        return bad("its data is nested too deeply")
    for column, value, indexed in (("uid", uid, entry.uid), ("soft", soft, entry.soft),
                                   ("version", version, entry.version),
                                   ("source", source, entry.source),
                                   ("prefix", prefix, entry.prefix),
                                   ("stale", stale, int(entry.stale))):
        if value != indexed:
            return bad(f"its '{column}' column disagrees with its data")
    return entry


def _text(raw: bytes) -> str | bytes:
    """TEXT as str; bytes that are not UTF-8 stay bytes (sqlite3 would raise on them and
    fail the whole query), so that the one row holding them is reported as unreadable."""
    try:
        return raw.decode()
    except UnicodeDecodeError:
        return raw


def _is_readonly(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_READONLY") or "readonly database" in str(exc)


def _rollback(db: sqlite3.Connection) -> None:
    try:
        db.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # SQLite rolled back already (an I/O or full-disk error ends the transaction)


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

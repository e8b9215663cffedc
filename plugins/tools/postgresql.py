"""psql, the PostgreSQL interactive client."""

import glob
import os
import re
from collections.abc import Callable

from envmgr.soft import Soft


class Psql(Soft):
    name = "psql"
    aliases = ["postgresql", "postgresql-client"]
    category = "tool"
    tags = ["database", "sql"]
    summary = "psql, the PostgreSQL interactive terminal client"
    executables = [r"psql"]
    search_dirs = [
        "/usr/lib/postgresql/*/bin",  # Debian, Ubuntu
        "/usr/pgsql-*/bin",  # PGDG packages on RHEL and Fedora
        "/opt/homebrew/opt/postgresql@*/bin",
        "/usr/local/opt/postgresql@*/bin",
    ]
    companions = ["pg_dump", "pg_dumpall", "pg_restore", "pg_isready", "createdb", "dropdb"]
    # Several can live side by side (/usr/lib/postgresql/*/bin), but only one could be had here to
    # capture: no side-by-side case yet.
    side_by_side = "only one installation could be captured"
    # "psql (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", "psql (PostgreSQL) 17beta1"
    version_regex = r"^psql \(PostgreSQL\) (?P<version>\d+(?:\.\d+)*(?:(?:beta|rc)\d+|devel)?)"

    @classmethod
    def resolve(cls, path: str, resolve: Callable[[str], str]) -> str:
        """Debian's /usr/bin/psql is a link to pg_wrapper, a Perl dispatcher that runs the
        newest /usr/lib/postgresql/N/bin/psql when no cluster says otherwise: resolve it to
        that file, so that both paths are one installation."""
        real = resolve(path)
        if os.path.basename(real) != "pg_wrapper":
            return real
        found = [
            p for p in glob.glob(f"/usr/lib/postgresql/*/bin/{os.path.basename(path)}")
            if re.fullmatch(r"\d+(?:\.\d+)?", p.split("/")[4]) and os.access(p, os.X_OK)
        ]
        if not found:
            return real
        newest = max(found, key=lambda p: [int(x) for x in p.split("/")[4].split(".")])
        return resolve(newest)

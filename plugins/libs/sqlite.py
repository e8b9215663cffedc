"""SQLite, by its shell, its pkg-config file and its header."""

from envmgr.soft import Soft


class SQLite(Soft):
    name = "sqlite"
    aliases = ["sqlite3", "libsqlite3"]
    category = "lib"
    tags = ["database"]
    summary = "SQLite embedded SQL database (sqlite3 shell, pkg-config, header)"
    executables = [r"sqlite3"]
    # "3.40.1 2022-12-28 14:03:47 df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd45ae7b9c5e82ad8197f3alt1"
    # and, since 3.45, "3.45.1 2024-01-30 16:01:20 e876e51a... (64-bit)".
    version_regex = r"^(?P<version>3\.\d+\.\d+(?:\.\d+)?) \d{4}-\d\d-\d\d"
    pkgconfig = "sqlite3"
    headers = ["sqlite3.h"]
    version_macros = ["SQLITE_VERSION"]  # #define SQLITE_VERSION        "3.40.1"
    side_by_side = "one sqlite3 per prefix, and only Debian's could be had here"

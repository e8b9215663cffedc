"""PyPy, the Python implementation with a JIT (pypy3, pypy)."""

from envmgr.soft import Soft


class PyPy(Soft):
    name = "pypy"
    aliases = ["pypy3"]
    category = "lang"
    tags = ["lang-python"]
    summary = "PyPy, a fast Python implementation with a JIT compiler"
    # pypy, pypy3, pypy3.9 (the names PyPy's tarballs and distros install side by side)
    executables = [r"pypy(?:\d+(?:\.\d+)?)?"]
    search_dirs = ["/opt/pypy*/bin", "~/.pyenv/versions/pypy*/bin"]
    # "Python 3.9.16 (7.3.11+dfsg-2+deb12u3, Feb 23 2023, ...)" then "[PyPy 7.3.11 with GCC
    # 12.2.0]": the version is PyPy's own; the language level it implements is an attr. A
    # CPython of that name says no "[PyPy" and is rejected.
    version_regex = r"^\[PyPy (?P<version>\d+\.\d+\.\d+[\w.\-]*)"
    attrs_regex = {"python": r"^Python (\d+\.\d+\.\d+)"}
    rejects = "no real CPython posing as pypy could be captured"
    side_by_side = "Debian packages one PyPy 3: no second could be had to capture"


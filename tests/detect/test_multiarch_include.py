"""A search dir shaped like include/<multiarch> is an include dir, as the standard
/usr/include/x86_64-linux-gnu is: Debian's curl/curlver.h and qt5/QtCore/qconfig.h
live there, and `--search-path` or a recorded case names it as a dir of its own."""

from __future__ import annotations

from pathlib import Path

from envmgr.detect.engine import detect
from envmgr.detect.explain import Explain
from envmgr.detect.probecache import ProbeCache
from envmgr.detect.soft import Soft


class CurlVer(Soft):
    name = "curlver-test"
    category = "lib"
    headers = ["curl/curlver.h"]
    version_macros = ["LIBCURL_VERSION"]


def test_a_header_in_a_multiarch_include_dir_is_found(tmp_path: Path) -> None:
    inc = tmp_path / "usr" / "include" / "x86_64-linux-gnu"
    (inc / "curl").mkdir(parents=True)
    (inc / "curl" / "curlver.h").write_text('#define LIBCURL_VERSION "7.88.1"\n')
    result = detect([CurlVer], [(str(inc), "case")], ProbeCache(None), Explain(True),
                    soft_dirs=False)
    assert [(f.version, f.prefix) for f in result.found] == [("7.88.1", str(tmp_path / "usr"))]


def test_a_multiarch_dir_elsewhere_is_not_an_include_dir(tmp_path: Path) -> None:
    d = tmp_path / "share" / "x86_64-linux-gnu"
    (d / "curl").mkdir(parents=True)
    (d / "curl" / "curlver.h").write_text('#define LIBCURL_VERSION "7.88.1"\n')
    result = detect([CurlVer], [(str(d), "case")], ProbeCache(None), Explain(True),
                    soft_dirs=False)
    assert result.found == []

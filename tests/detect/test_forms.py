"""The declarative forms besides "executable + --version": a library file, a header macro,
a pkg-config file, a Python distribution, marker files in a data dir.

Layouts are built from real content: the captured cases beside the builtin plugins, and,
where present on this machine, the real system files themselves (each such test says
which package provides them and is skipped without it).
"""

from __future__ import annotations

import glob
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import ROOT

from envmgr.authoring.cases import capture, check, load_cases, replay, write_layout
from envmgr.catalog import builtin as catalog
from envmgr.detect.engine import detect
from envmgr.detect.explain import Explain
from envmgr.detect.probecache import ProbeCache
from envmgr.detect.searchspace import literal_prefix
from envmgr.detect.soft import Soft, header_macros, parse_pc, prefix_of_dir

MULTIARCH = sysconfig.get_config_var("MULTIARCH") or "x86_64-linux-gnu"
SYS_LIBDIR = f"/usr/lib/{MULTIARCH}"


def _case_text(module: str, suffix: str) -> str:
    """The real captured content of a file recorded in a builtin plugin's cases."""
    path = ROOT / "plugins" / (module.replace(".", "/") + ".cases.json")
    for case in load_cases(path):
        for rel, spec in case["layout"].items():
            if rel.endswith(suffix) and "text" in spec:
                return spec["text"]
    raise LookupError(f"no captured {suffix} in {path}")


def _soft(name: str):
    plugin = catalog.load_index()["softs"][name]
    module = importlib.import_module(catalog.load_index()["modules"][plugin]["module"])
    return next(s for s in catalog.module_softs(module) if s.name == name)


def _run(softs, dirs, system=False, cache=None, explain=None):
    """The real engine; ``system=False`` searches ``dirs`` (and what lies under them) alone."""
    dirs = [(str(d), "test") for d in dirs]
    return detect(list(softs), dirs, cache or ProbeCache(None), explain or Explain(True),
                  soft_dirs=system)


def _all_dirs(root: Path) -> list[str]:
    return [d for d, _, _ in os.walk(root)]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} is not on this machine")
    return path


# -- declared test softs ------------------------------------------------------------------


class ZlibLib(Soft):
    name = "test-zlib-lib"
    category = "lib"
    libraries = [r"libz\.so(?:\.(?P<version>\d[\d.]*))?"]


class ZlibAll(Soft):
    name = "test-zlib-all"
    category = "lib"
    pkgconfig = "zlib"
    headers = ["zlib.h"]
    libraries = [r"libz\.so\.(?P<version>\d[\d.]*)"]
    version_macros = ["ZLIB_VERSION"]


class OpenSSLMacros(Soft):
    name = "test-openssl-macros"
    category = "lib"
    headers = ["openssl/opensslv.h"]
    version_macros = ["OPENSSL_VERSION_MAJOR", "OPENSSL_VERSION_MINOR", "OPENSSL_VERSION_PATCH"]


class MarkerGlob(Soft):
    name = "test-imagenet-glob"
    category = "dataset"
    markers = ["ILSVRC2012_val_0000000[1-9].JPEG", "ILSVRC2012_val_00050000.JPEG"]
    version = "2012"
    env = {"IMAGENET_VAL": "{prefix}", "NOPE": "{libdir}"}


class VersionFile(Soft):
    name = "test-versioned-data"
    category = "dataset"
    markers = ["train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz"]
    version_file = "VERSION.txt"
    version_regex = r"mnist (\S+)"


# -- pure helpers -------------------------------------------------------------------------


@pytest.mark.parametrize("pattern, prefix", [
    (r"cmake\d?", "cmake"), (r"libz\.so\.(?P<version>\d[\d.]*)", "libz.so."),
    (r"python(?:\d(?:\.\d+t?)?)?", "python"), (r"javac?", "java"), (r"ab+", "ab"),
    (r"c?make", ""), (r"gcc|cc", ""), (r"[gc]make", ""), (r"(?i)foo", ""),
])
def test_literal_prefix(pattern, prefix):
    assert literal_prefix(pattern) == prefix


@pytest.mark.parametrize("d, prefix", [
    ("/usr/lib/x86_64-linux-gnu", "/usr"), ("/usr/lib/aarch64-linux-gnu", "/usr"),
    ("/opt/x/lib64", "/opt/x"), ("/usr/include", "/usr"), ("/usr/share/pkgconfig", "/usr"),
    ("/usr/lib/x86_64-linux-gnu/pkgconfig", "/usr"), ("/opt/x/lib/pkgconfig", "/opt/x"),
    ("/usr/include/x86_64-linux-gnu", "/usr"), ("/data/imagenet/val", "/data/imagenet/val"),
])
def test_prefix_of_dir(d, prefix):
    assert prefix_of_dir(d) == prefix


def test_header_macros_of_the_real_zlib_header():
    # the recorded case keeps only the ZLIB_VERSION line; the whole header is the system's
    text = Path(_real("/usr/include/zlib.h", "zlib1g-dev")).read_text()
    macros = header_macros(text)
    assert macros["ZLIB_VERSION"] == re.search(r'ZLIB_VERSION "([^"]+)"', text).group(1)
    joined = ".".join(macros[m] for m in ("ZLIB_VER_MAJOR", "ZLIB_VER_MINOR", "ZLIB_VER_REVISION"))
    assert joined == macros["ZLIB_VERSION"]


def test_parse_pc_of_the_captured_openssl_pc():
    variables, fields = parse_pc(_case_text("libs.openssl", "openssl.pc"))
    assert variables["prefix"] == "/usr"
    assert variables["libdir"].startswith("${exec_prefix}/lib")
    assert fields["Name"] == "OpenSSL"
    assert re.fullmatch(r"\d+\.\d+\.\d+\w*", fields["Version"])


def test_forms_are_declared_in_search_order():
    assert ZlibAll.forms() == ["pkgconfig", "header", "library"]
    assert _soft("cmake").forms() == ["executable"]
    assert _soft("dataset-imagenet-val").forms() == ["directory"]


# -- library ------------------------------------------------------------------------------


def test_library_version_comes_from_the_most_specific_name(tmp_path):
    # the real names and links of Debian's zlib1g
    lib = tmp_path / "usr/lib" / MULTIARCH
    write_layout(tmp_path, {
        f"usr/lib/{MULTIARCH}/libz.so.1.2.13": {"text": ""},
        f"usr/lib/{MULTIARCH}/libz.so.1": {"symlink": "libz.so.1.2.13"},
        f"usr/lib/{MULTIARCH}/libz.so": {"symlink": "libz.so.1"},
    })
    result = _run([ZlibLib], [tmp_path / "usr/bin"] + _all_dirs(tmp_path))
    [found] = result.found
    assert found.version == "1.2.13"
    assert found.candidate.kind == "library"
    assert found.candidate.path == str(lib / "libz.so.1.2.13")
    assert sorted(map(os.path.basename, found.candidate.also)) == ["libz.so", "libz.so.1"]
    assert found.prefix == str(tmp_path / "usr")
    assert found.paths["lib"] == [str(lib)]
    assert found.attrs == {"path": str(lib / "libz.so.1.2.13"),
                           "realpath": str(lib / "libz.so.1.2.13")}
    assert found.commands == {} and "executable" not in found.attrs


def test_library_version_from_the_symlink_target_outside_the_search(tmp_path):
    write_layout(tmp_path, {
        "store/zlib-1.2.13/libz.so.1.2.13": {"text": ""},
        "opt/zlib/lib/libz.so.1": {"symlink": "../../../store/zlib-1.2.13/libz.so.1.2.13"},
    })
    [found] = _run([ZlibLib], [tmp_path / "opt/zlib/lib"]).found
    assert found.version == "1.2.13"
    assert found.prefix == str(tmp_path / "opt/zlib")


def test_real_zlib_library_is_found_with_its_real_version():
    """zlib1g gives /usr/lib/<multiarch>/libz.so.1.<version>."""
    real = [p for p in glob.glob(f"{SYS_LIBDIR}/libz.so.*")
            if re.fullmatch(r"libz\.so\.\d+\.\d+[\d.]*", os.path.basename(p))]
    if not real:
        pytest.skip(f"no {SYS_LIBDIR}/libz.so.X.Y.Z (apt-get install zlib1g)")
    want = os.path.basename(real[0])[len("libz.so."):]
    result = _run([ZlibLib], [], system=True)
    mine = [f for f in result.found if f.candidate.realpath == os.path.realpath(real[0])]
    assert mine, result.explain.lines
    assert mine[0].version == want
    assert mine[0].prefix == "/usr"
    assert mine[0].candidate.path.startswith(SYS_LIBDIR + "/libz.so.")


def test_real_libxml2_matches_xml2_config():
    """libxml2 + libxml2-dev: the library file's version is what xml2-config says."""
    xml2_config = _tool("xml2-config")
    want = subprocess.run([xml2_config, "--version"], capture_output=True, text=True).stdout
    found = _run([_soft("libxml2")], [], system=True).found
    assert want.strip() in {f.version for f in found}


# -- header -------------------------------------------------------------------------------


def test_header_from_the_captured_zlib_header(tmp_path):
    (tmp_path / "opt/zlib/include").mkdir(parents=True)
    text = _case_text("libs.zlib", "zlib.h")
    (tmp_path / "opt/zlib/include/zlib.h").write_text(text)
    (tmp_path / "opt/zlib/lib").mkdir()
    [found] = _run([_soft("zlib")], [tmp_path / "opt/zlib/bin"]).found
    assert found.version == header_macros(text)["ZLIB_VERSION"]
    assert found.candidate.kind == "header"
    assert found.prefix == str(tmp_path / "opt/zlib")
    assert found.paths["include"] == [str(tmp_path / "opt/zlib/include")]
    assert found.paths["lib"] == [str(tmp_path / "opt/zlib/lib")]


def test_header_without_the_macro_is_rejected(tmp_path):
    (tmp_path / "include").mkdir()
    (tmp_path / "include/zlib.h").write_text("/* not zlib */\n#define ZLIB_H\n")
    explain = Explain(True)
    assert _run([_soft("zlib")], [tmp_path / "include"], explain=explain).found == []
    assert any("has no macros ZLIB_VERSION" in line for line in explain.lines)


def test_real_zlib_header():
    """zlib1g-dev gives /usr/include/zlib.h (and zlib.pc, which must agree)."""
    if not os.path.exists("/usr/include/zlib.h"):
        pytest.skip("no /usr/include/zlib.h (apt-get install zlib1g-dev)")
    with open("/usr/include/zlib.h") as f:
        want = re.search(r'#define ZLIB_VERSION "([^"]+)"', f.read()).group(1)
    found = [f for f in _run([_soft("zlib")], [], system=True).found if f.prefix == "/usr"]
    assert [f.version for f in found] == [want]
    assert found[0].attrs["path"] == "/usr/include/zlib.h"
    if shutil.which("pkg-config"):
        pc = subprocess.run(["pkg-config", "--modversion", "zlib"], capture_output=True, text=True)
        if pc.returncode == 0:
            assert pc.stdout.strip() == want


def test_real_header_major_minor_patch_macros():
    """libssl-dev's opensslv.h: MAJOR.MINOR.PATCH macros give OPENSSL_VERSION_STR."""
    path = "/usr/include/openssl/opensslv.h"
    if not os.path.exists(path):
        pytest.skip(f"no {path} (apt-get install libssl-dev)")
    macros = header_macros(Path(path).read_text())
    if "OPENSSL_VERSION_MAJOR" not in macros:
        pytest.skip("OpenSSL before 3.0 has no OPENSSL_VERSION_MAJOR")
    found = [f for f in _run([OpenSSLMacros], [], system=True).found
             if f.candidate.path == path]
    assert [f.version for f in found] == [macros["OPENSSL_VERSION_STR"]]
    assert found[0].candidate.dir == "/usr/include"  # the include dir, not include/openssl
    assert found[0].prefix == "/usr"


# -- pkg-config ---------------------------------------------------------------------------


def test_pkgconfig_relocated_like_define_prefix(tmp_path):
    """The captured openssl.pc says prefix=/usr; copied elsewhere, it follows its place."""
    pcdir = tmp_path / "opt/ssl/lib/pkgconfig"
    pcdir.mkdir(parents=True)
    text = _case_text("libs.openssl", "openssl.pc")
    (pcdir / "openssl.pc").write_text(text)
    [found] = _run([_soft("openssl")], [tmp_path / "opt/ssl/bin"]).found
    prefix = str(tmp_path / "opt/ssl")
    assert found.version == parse_pc(text)[1]["Version"]
    assert found.candidate.kind == "pkgconfig"
    assert found.prefix == prefix
    libdir = re.sub(r"\$\{(exec_)?prefix\}", prefix, parse_pc(text)[0]["libdir"])
    assert found.paths["lib"] == [libdir]
    assert found.paths["include"] == [f"{prefix}/include"]
    assert found.paths["pkgconfig"] == [str(pcdir)]
    assert found.attrs["pkgconfig"] == "openssl"


def test_pkgconfig_prefix_is_trusted_where_the_file_lies_under_it(tmp_path):
    pcdir = tmp_path / "prefix/share/pkgconfig"
    pcdir.mkdir(parents=True)
    text = _case_text("libs.openssl", "openssl.pc").replace("prefix=/usr", f"prefix={tmp_path}")
    (pcdir / "openssl.pc").write_text(text)
    [found] = _run([_soft("openssl")], [pcdir]).found
    assert found.prefix == str(tmp_path)
    assert found.paths["include"] == [f"{tmp_path}/include"]


def test_real_openssl_pc_matches_pkg_config():
    """libssl-dev gives openssl.pc; envmgr reads it, pkg-config (pkg-config) agrees."""
    path = f"{SYS_LIBDIR}/pkgconfig/openssl.pc"
    if not os.path.exists(path):
        pytest.skip(f"no {path} (apt-get install libssl-dev)")
    pkg_config = _tool("pkg-config")
    want = subprocess.run([pkg_config, "--modversion", "openssl"], capture_output=True,
                          text=True).stdout.strip()
    found = [f for f in _run([_soft("openssl")], [], system=True).found
             if f.attrs["path"] == path]
    assert [f.version for f in found] == [want]
    assert found[0].prefix == "/usr"
    libdir = subprocess.run([pkg_config, "--variable=libdir", "openssl"], capture_output=True,
                            text=True).stdout.strip()
    assert found[0].paths["lib"] == [libdir]


# -- several forms, one installation -----------------------------------------------------


def test_forms_finding_one_installation_make_one_entry(tmp_path):
    zlib_pc = f"{SYS_LIBDIR}/pkgconfig/zlib.pc"
    if not os.path.exists(zlib_pc):
        pytest.skip(f"no {zlib_pc} (apt-get install zlib1g-dev)")
    prefix = tmp_path / "opt/zlib"
    write_layout(tmp_path, {
        f"opt/zlib/lib/{MULTIARCH}/pkgconfig/zlib.pc": {"text": Path(zlib_pc).read_text()},
        "opt/zlib/include/zlib.h": {"text": _case_text("libs.zlib", "zlib.h")},
    })
    version = parse_pc(Path(zlib_pc).read_text())[1]["Version"]
    write_layout(tmp_path, {f"opt/zlib/lib/{MULTIARCH}/libz.so.{version}": {"text": ""}})
    if header_macros(_case_text("libs.zlib", "zlib.h"))["ZLIB_VERSION"] != version:
        pytest.skip("the captured zlib.h is of another version than this machine's zlib.pc")
    [found] = _run([ZlibAll], [prefix / "bin"]).found
    assert found.version == version
    assert found.candidate.kind == "pkgconfig"  # the richest form comes first
    assert found.paths["lib"] == [str(prefix / "lib" / MULTIARCH)]
    assert found.paths["include"] == [str(prefix / "include")]
    assert found.paths["pkgconfig"] == [str(prefix / "lib" / MULTIARCH / "pkgconfig")]


# -- python distributions ---------------------------------------------------------------


def _purelib() -> str:
    return sysconfig.get_paths()["purelib"]


@pytest.mark.parametrize("soft, dist", [("py-pip", "pip"), ("py-numpy", "numpy"),
                                        ("py-setuptools", "setuptools")])
def test_real_distribution_of_the_running_python(soft, dist):
    """pip, numpy, setuptools as installed in the Python running the tests."""
    from importlib import metadata

    try:
        want = metadata.version(dist)
        where = str(metadata.distribution(dist).locate_file(""))
    except metadata.PackageNotFoundError:
        pytest.skip(f"{dist} is not installed in {sys.prefix} (pip install {dist})")
    found = _run([_soft(soft)], [where]).found
    mine = [f for f in found if os.path.realpath(f.prefix) == os.path.realpath(where)]
    assert [f.version for f in mine] == [want]
    short = f"{sys.version_info[0]}.{sys.version_info[1]}"
    entry = mine[0]
    assert entry.candidate.kind == "python-dist"
    assert entry.attrs["python"] == short
    assert entry.attrs["depends"][0]["soft"] == "python"
    assert f"py{short}" in entry.tags and "py3" in entry.tags
    if where == _purelib():
        assert entry.attrs["python_prefix"] == os.path.realpath(sys.prefix)


def test_real_egg_info_of_debian_setuptools():
    """python3-setuptools on Debian 12 is an .egg-info dir in /usr/lib/python3/dist-packages."""
    eggs = glob.glob("/usr/lib/python3/dist-packages/setuptools-*.egg-info")
    if not eggs:
        pytest.skip("no setuptools egg-info in /usr/lib/python3/dist-packages "
                    "(apt-get install python3-setuptools)")
    pkg_info = Path(eggs[0], "PKG-INFO") if os.path.isdir(eggs[0]) else Path(eggs[0])
    want = re.search(r"^Version: (\S+)", pkg_info.read_text(), re.M).group(1)
    found = _run([_soft("py-setuptools")], [], system=True).found
    mine = [f for f in found if f.prefix == "/usr/lib/python3/dist-packages"]
    assert [f.version for f in mine] == [want]
    assert mine[0].attrs["python"] == "3" and "py3" in mine[0].tags


def test_distribution_names_are_normalised(tmp_path):
    site = tmp_path / "lib/python3.11/site-packages"
    text = _case_text("python.py_numpy", "METADATA")
    version = re.search(r"^Version: (\S+)", text, re.M).group(1)
    write_layout(tmp_path, {f"lib/python3.11/site-packages/numpy-{version}.dist-info/METADATA":
                            {"text": text}})

    class NumPyCased(Soft):
        name = "test-numpy"
        python_dist = "NumPy"

    [found] = _run([NumPyCased], [tmp_path / "bin"]).found
    assert found.version == version
    assert found.prefix == str(site)
    assert found.attrs["python_prefix"] == str(tmp_path)


# -- marker dirs ------------------------------------------------------------------------


def test_markers_with_globs_and_env_templates(tmp_path):
    names = ["ILSVRC2012_val_00000001.JPEG", "ILSVRC2012_val_00050000.JPEG"]
    val = tmp_path / "datasets/imagenet/val"
    write_layout(tmp_path, {f"datasets/imagenet/val/{n}": {"text": ""} for n in names})
    write_layout(tmp_path, {f"datasets/partial/{names[0]}": {"text": ""}})
    [found] = _run([MarkerGlob], _all_dirs(tmp_path)).found
    assert found.candidate.kind == "directory"
    assert found.prefix == found.attrs["path"] == str(val)
    assert found.version == "2012"
    assert found.env == {"IMAGENET_VAL": str(val)}  # {libdir}: none, so NOPE is left out
    assert found.paths == {"bin": [], "lib": [], "include": []}


def test_marker_dirs_from_data_dirs_globs(tmp_path, monkeypatch):
    data = tmp_path / "data"
    write_layout(data, {"imagenet/val/ILSVRC2012_val_00000001.JPEG": {"text": ""},
                        "imagenet/val/ILSVRC2012_val_00050000.JPEG": {"text": ""}})
    monkeypatch.setenv("ENVMGR_DATA", str(data))
    found = _run([_soft("dataset-imagenet-val")], [], system=True).found
    assert [f.prefix for f in found] == [str(data / "imagenet/val")]
    assert found[0].env == {"IMAGENET_VAL": str(data / "imagenet/val")}


def test_marker_version_from_a_file(tmp_path):
    write_layout(tmp_path, {
        "mnist/train-images-idx3-ubyte.gz": {"text": ""},
        "mnist/t10k-images-idx3-ubyte.gz": {"text": ""},
        "mnist/VERSION.txt": {"text": "mnist 1998\n"},
        "other/train-images-idx3-ubyte.gz": {"text": ""},
    })
    [found] = _run([VersionFile], _all_dirs(tmp_path)).found
    assert (found.version, found.prefix) == ("1998", str(tmp_path / "mnist"))


class MarkerAlternatives(Soft):
    name = "t-model-alt"
    category = "model"
    markers = ["resnet50_v1.onnx|resnet50_v1.pb|resnet50-*.pth"]
    version = "1.5"


def test_marker_alternatives_any_one_of_them(tmp_path):
    # a model dir holds one of its published files; '|' separates the names (and globs)
    write_layout(tmp_path, {
        "onnx/resnet50_v1.onnx": {"text": ""},
        "torch/resnet50-19c8e357.pth": {"text": ""},
        "other/resnet50_v2.onnx": {"text": ""},
    })
    found = _run([MarkerAlternatives], _all_dirs(tmp_path)).found
    assert sorted(f.prefix for f in found) == [str(tmp_path / "onnx"), str(tmp_path / "torch")]


class MarkerPlainAlternatives(Soft):
    name = "t-model-plain-alt"
    category = "model"
    markers = ["resnet50_v1.onnx|resnet50_v1.pb"]
    version = "1.5"


def test_marker_alternatives_of_plain_names_are_looked_up_in_the_index(tmp_path):
    # the search space's own dirs are indexed by file name: each alternative is looked up
    write_layout(tmp_path, {
        "onnx/resnet50_v1.onnx": {"text": ""},
        "tf/resnet50_v1.pb": {"text": ""},
        "other/resnet50_v1.tflite": {"text": ""},
    })
    found = _run([MarkerPlainAlternatives], _all_dirs(tmp_path)).found
    assert sorted(f.prefix for f in found) == [str(tmp_path / "onnx"), str(tmp_path / "tf")]


# -- the engine around the forms ----------------------------------------------------------


def test_probe_results_of_files_are_cached(tmp_path):
    (tmp_path / "include").mkdir()
    (tmp_path / "include/zlib.h").write_text(_case_text("libs.zlib", "zlib.h"))
    cache = ProbeCache(str(tmp_path / "probes.json"))
    _run([_soft("zlib")], [tmp_path / "include"], cache=cache)
    explain = Explain(True)
    [found] = _run([_soft("zlib")], [tmp_path / "include"],
                   cache=ProbeCache(str(tmp_path / "probes.json")), explain=explain).found
    assert any(line.endswith("(cached)") and "zlib" in line for line in explain.lines)
    assert found.version == header_macros(_case_text("libs.zlib", "zlib.h"))["ZLIB_VERSION"]


def test_isolated_search_does_not_see_the_system(tmp_path):
    # replayed cases must not find /usr/include/zlib.h or the real site-packages
    softs = [_soft("zlib"), _soft("openssl"), _soft("py-pip"), _soft("libxml2")]
    assert _run(softs, [tmp_path]).found == []


def test_explain_names_the_form_dirs_and_patterns(tmp_path):
    explain = Explain(True)
    (tmp_path / "include").mkdir()
    _run([_soft("zlib"), _soft("openssl")], [tmp_path / "include"], explain=explain)
    text = "\n".join(explain.lines)
    assert f"search header dir {tmp_path / 'include'}" in text
    assert "zlib: no candidates (headers: zlib.h)" in text
    assert "openssl: no candidates (pkgconfig: openssl)" in text


def test_stale_when_the_file_is_gone_and_gc_removes_it(tmp_path, monkeypatch):
    from envmgr.api import Envmgr

    monkeypatch.setenv("ENVMGR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ENVMGR_CONFIG_DIR", str(tmp_path / "config"))
    pc = tmp_path / "opt/ssl/lib/pkgconfig/openssl.pc"
    write_layout(tmp_path, {"opt/ssl/lib/pkgconfig/openssl.pc":
                            {"text": _case_text("libs.openssl", "openssl.pc")}})
    with Envmgr() as em:
        report = em.detect(["openssl"], search_paths=[str(tmp_path / "opt/ssl")],
                           default_paths=False)
        [entry] = report.entries
        assert entry.attrs["path"] == str(pc) and entry.prefix == str(tmp_path / "opt/ssl")
        pc.unlink()
        assert em.detect(["openssl"], search_paths=[str(tmp_path / "opt/ssl")],
                         default_paths=False).stale == [entry.uid]
        assert [e.uid for e in em.gc()] == [entry.uid]


# -- capture: real files into cases, replayed ------------------------------------------


def _real(path: str, package: str) -> str:
    if not os.path.exists(path):
        pytest.skip(f"no {path} (apt-get install {package})")
    return path


def _libxml2() -> str:
    libs = sorted(glob.glob(f"{SYS_LIBDIR}/libxml2.so.2.*"))
    if not libs:
        pytest.skip(f"no {SYS_LIBDIR}/libxml2.so.2.* (apt-get install libxml2)")
    return libs[0]


@pytest.mark.parametrize("soft, path", [
    ("zlib", lambda: _real("/usr/include/zlib.h", "zlib1g-dev")),
    ("openssl", lambda: _real(f"{SYS_LIBDIR}/pkgconfig/openssl.pc", "libssl-dev")),
    ("libxml2", _libxml2),
    ("py-setuptools", lambda: (glob.glob("/usr/lib/python3/dist-packages/setuptools-*.egg-info")
                               or pytest.skip("no python3-setuptools egg-info"))[0]),
])
def test_capture_real_files_then_replay(soft, path, tmp_path):
    cls = _soft(soft)
    case = capture(cls, path())
    json.dumps(case)  # a cases file holds it
    assert case["captured"].startswith(path())
    for spec in case["layout"].values():
        assert set(spec) <= {"text", "symlink"}
    assert check(case, replay(case, tmp_path, cls), tmp_path) == []


def test_capture_of_a_distribution_of_the_running_python(tmp_path):
    from importlib import metadata

    dist = metadata.distribution("pip") if _has("pip") else pytest.skip("pip not installed")
    info = [p for p in glob.glob(os.path.join(str(dist.locate_file("")), "pip-*.dist-info"))]
    if not info:
        pytest.skip("pip is not installed as a .dist-info")
    case = capture(_soft("py-pip"), info[0])
    [meta] = [rel for rel in case["layout"] if rel.endswith("/METADATA")]
    real = Path(info[0], "METADATA").read_bytes().decode("utf-8", "replace")
    kept = case["layout"][meta]["text"].splitlines(keepends=True)
    # only the fields the probe reads, each line as it is (CRLF stays CRLF), in order
    assert [ln.split(":")[0] for ln in kept] == ["Metadata-Version", "Name", "Version"]
    lines = real.splitlines(keepends=True)
    assert [lines.index(ln) for ln in kept] == sorted(lines.index(ln) for ln in kept)
    assert case["expect"][0]["version"] == dist.version
    assert check(case, replay(case, tmp_path, _soft("py-pip")), tmp_path) == []


def test_capture_of_a_data_dir_records_marker_names(tmp_path):
    real = tmp_path / "real/val"
    names = ["ILSVRC2012_val_00000001.JPEG", "ILSVRC2012_val_00050000.JPEG"]
    write_layout(tmp_path / "real", {f"val/{n}": {"text": ""} for n in names})
    case = capture(_soft("dataset-imagenet-val"), str(real), rel="datasets/imagenet/val")
    assert sorted(case["layout"]) == [f"datasets/imagenet/val/{n}" for n in names]
    assert case["expect"][0]["version"] == "2012"
    replay_root = tmp_path / "replay"
    found = replay(case, replay_root, _soft("dataset-imagenet-val"))
    assert check(case, found, replay_root) == []


def _has(dist: str) -> bool:
    from importlib import metadata

    try:
        metadata.distribution(dist)
    except metadata.PackageNotFoundError:
        return False
    return True


# -- the reference stays true -----------------------------------------------------------

DOC = ROOT / "docs" / "declarations.md"


def test_declarations_doc_includes_each_form_plugin_verbatim():
    text = DOC.read_text()
    blocks = re.findall(r"<!-- file: (\S+) -->\n```python\n(.*?)```\n", text, re.S)
    assert {path for path, _ in blocks} >= {
        "plugins/tools/cmake.py", "plugins/libs/libxml2.py", "plugins/libs/zlib.py",
        "plugins/libs/openssl.py", "plugins/python/py_numpy.py",
        "plugins/datasets/dataset_imagenet_val.py",
    }
    for path, code in blocks:
        assert (ROOT / path).read_text() == code, f"{DOC.name}: the copy of {path} is stale"


def test_declarations_doc_names_every_attribute_and_classmethod():
    text = DOC.read_text()
    public = [k for k in vars(Soft) if not k.startswith("_")]
    missing = [k for k in public if f"`{k}`" not in text and f"`{k}(" not in text]
    assert not missing, f"{DOC.name} does not document {missing}"


def test_capture_of_a_path_no_form_finds_is_a_clear_error(tmp_path):
    from envmgr.errors import UsageError

    (tmp_path / "libz.so.1").write_text("")
    with pytest.raises(UsageError, match=r"none of what zlib is found by \(header\)"):
        capture(_soft("zlib"), str(tmp_path / "libz.so.1"))
    with pytest.raises(UsageError, match="does not exist; give a numpy-VERSION.dist-info dir"):
        capture(_soft("py-numpy"), str(tmp_path / "nope"))

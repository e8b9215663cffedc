"""Detection against the real tools of this machine (CI installs them with apt-get).

Each test compares envmgr's answer with what the tool itself says. Where .ci/run
installs a tool, its absence in CI is a failure, not a skip.
"""

import glob
import os
import re
import shutil
import subprocess

import pytest

IN_CI = bool(os.environ.get("CI"))


def need(path_or_cmd, installed_by_ci=False):
    found = os.path.exists(path_or_cmd) or shutil.which(path_or_cmd)
    if not found:
        if installed_by_ci and IN_CI:
            pytest.fail(f"{path_or_cmd} should have been installed by .ci/run")
        pytest.skip(f"{path_or_cmd} is not on this machine")


def output(*argv, env=None):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, **(env or {})))
    return p.stdout + p.stderr


def detected(cli, soft, *args):
    r = cli("detect", soft, "--json", *args)
    assert r.rc == 0, r.err
    return r.json()


def test_llvm_versions_side_by_side(cli):
    need("/usr/bin/clang-14", installed_by_ci=True)
    need("/usr/bin/clang-16", installed_by_ci=True)
    entries = {e["prefix"]: e for e in detected(cli, "llvm")}
    assert entries["/usr/lib/llvm-14"]["version"].startswith("14.")
    assert entries["/usr/lib/llvm-16"]["version"].startswith("16.")
    assert "/usr/lib/llvm-16/bin" in entries["/usr/lib/llvm-16"]["paths"]["bin"]
    r = cli("shell", "--tags=llvm,v14", "--", "clang", "--version")
    assert r.rc == 0 and re.search(r"clang version 14\.", r.out), r.out
    r = cli("shell", "--tags=clang,v16", "--", "clang", "--version")
    assert re.search(r"clang version 16\.", r.out), r.out
    # the newest wins without a version tag (clang-19 and others may sit beside 14 and 16)
    newest = max(entries.values(), key=lambda e: tuple(map(int, e["version"].split(".")[:3])))
    out = cli("shell", "--tags=llvm", "--", "clang", "--version").out
    assert f"clang version {newest['version']}" in out, out
    # one installation, one entry, however many names lead to it
    again = detected(cli, "clang")
    assert sorted(e["uid"] for e in again) == sorted(e["uid"] for e in entries.values())


def test_every_pyenv_python(cli):
    pyenv = glob.glob(os.path.expanduser("~/.pyenv/versions/*"))
    versions = sorted(os.path.basename(d) for d in pyenv
                      if os.path.exists(os.path.join(d, "bin", "python")))
    if not versions:
        pytest.skip("no pyenv versions")
    entries = detected(cli, "python")
    by_prefix = {e["prefix"]: e for e in entries}
    for v in versions:
        prefix = os.path.realpath(os.path.expanduser(f"~/.pyenv/versions/{v}"))
        assert prefix in by_prefix, f"pyenv {v} not detected"
        assert by_prefix[prefix]["version"] == v
    assert not any("/shims" in e["attrs"]["executable"] for e in entries)
    target = versions[0]
    uid = by_prefix[os.path.realpath(os.path.expanduser(f"~/.pyenv/versions/{target}"))]["uid"]
    r = cli("shell", f"--tags={uid}", "--", "python", "--version")
    assert r.rc == 0 and target in (r.out + r.err)


def test_venv_given_by_search_path(cli, tmp_path):
    need("/usr/bin/python3")
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip", str(venv)], check=True)
    entries = detected(cli, "python", "--search-path", str(venv))
    [e] = [e for e in entries if e["prefix"] == str(venv)]
    assert "venv" in e["tags"]
    base_version = output("/usr/bin/python3", "--version").split()[1]
    assert e["version"] == base_version
    r = cli("shell", f"--tags={e['uid']}", "--", "python", "-c", "import sys; print(sys.prefix)")
    assert r.out.strip() == str(venv)


def test_cuda_wrapper_resolves_to_the_toolkit(cli):
    need("/usr/local/bin/nvcc")
    [e] = detected(cli, "cuda")
    real = os.path.realpath(os.path.dirname(os.path.dirname(
        re.search(r"exec\s+(\S+)", open("/usr/local/bin/nvcc").read()).group(1))))
    assert e["prefix"] == real
    assert e["env"]["CUDA_HOME"] == real
    assert re.search(r"V" + re.escape(e["version"]), output("/usr/local/bin/nvcc", "--version"))


def test_every_jdk(cli):
    javas = {os.path.realpath(p) for p in glob.glob("/usr/lib/jvm/*/bin/java")}
    if not javas:
        pytest.skip("no JDK under /usr/lib/jvm")
    found = {e["attrs"]["realpath"]: e for e in detected(cli, "java")}
    for java in javas:
        assert java in found, f"{java} not detected"
        assert found[java]["version"] in output(java, "-version")
        assert found[java]["env"]["JAVA_HOME"] == os.path.dirname(os.path.dirname(java))


def test_every_rustup_toolchain(cli):
    rustcs = glob.glob(os.path.expanduser("~/.rustup/toolchains/*/bin/rustc"))
    if not rustcs:
        pytest.skip("no rustup toolchains")
    found = detected(cli, "rust")
    # each rustup toolchain is its own entry (a Debian rustc beside them is one more)
    toolchains = [e for e in found if "/.rustup/toolchains/" in e["attrs"]["realpath"]]
    assert len(toolchains) == len(rustcs)
    assert not any("/.cargo/bin" in e["attrs"]["executable"] for e in found)
    for e in found:
        assert e["version"] in output(e["attrs"]["executable"], "--version")


def test_gcc_and_its_companions(cli):
    need("gcc")
    entries = detected(cli, "gcc")
    full = output("gcc", "-dumpfullversion").strip()
    [e] = [e for e in entries if e["version"] == full]
    assert e["env"]["CC"] and os.path.basename(e["env"]["CXX"]).startswith("g++")
    r = cli("shell", f"--tags=gcc,v{full}", "--", "g++", "-dumpfullversion")
    assert r.out.strip() == full


SIMPLE = [
    ("cmake", "cmake", "--version"),
    ("make", "make", "--version"),
    ("ninja", "ninja", "--version"),
    ("git", "git", "--version"),
    ("perl", "perl", "--version"),
    ("node", "node", "--version"),
    ("npm", "npm", "--version"),
    ("gdb", "gdb", "--version"),
    ("valgrind", "valgrind", "--version"),
    ("pkg-config", "pkg-config", "--version"),
    ("binutils", "ld", "--version"),
    ("curl", "curl", "--version"),
    ("wget", "wget", "--version"),
    ("psql", "psql", "--version"),
    ("docker", "docker", "--version"),
    ("maven", "mvn", "--version"),
    ("easybuild", "eb", "--version"),
    ("spack", "spack", "--version"),
    ("gfortran", "gfortran", "--version"),
    ("openmpi", "ompi_info", "--version"),
    ("lmod", "/usr/share/lmod/lmod/libexec/lmod", "--version"),
    ("autoconf", "autoconf", "--version"),
    ("automake", "automake", "--version"),
    ("libtool", "libtoolize", "--version"),
    ("ccache", "ccache", "--version"),
    ("swig", "swig", "-version"),
    ("doxygen", "doxygen", "--version"),
    ("go", "go", "version"),
]


@pytest.mark.parametrize("soft, exe, flag", SIMPLE, ids=[s[0] for s in SIMPLE])
def test_tool_version_matches_its_own_output(cli, soft, exe, flag):
    need(exe)
    entries = detected(cli, soft)
    assert entries, f"{soft} not detected although {shutil.which(exe)} exists"
    # the tool as a user runs it with the entry active (EasyBuild's eb needs EB_PYTHON)
    real = os.path.realpath(shutil.which(exe))
    e = next((e for e in entries if e["attrs"].get("realpath") == real), entries[0])
    own = output(e["attrs"]["executable"], flag, env=e["env"])
    assert e["version"] in own, (own[:200], e["version"])


#: what .ci/run installs with apt-get, for the softs below: soft, the tool run for the
#: truth, its version flag (the version must be in what the tool itself prints)
CI_TOOLS = [
    ("meson", "meson", "--version"), ("bison", "bison", "--version"),
    ("flex", "flex", "--version"), ("ruby", "ruby", "--version"),
    ("lua", "lua5.4", "-v"), ("php", "php", "--version"), ("jq", "jq", "--version"),
    ("nasm", "nasm", "-v"), ("yasm", "yasm", "--version"), ("gperf", "gperf", "--version"),
    ("patchelf", "patchelf", "--version"), ("cppcheck", "cppcheck", "--version"),
    ("m4", "m4", "--version"), ("graphviz", "dot", "-V"), ("strace", "strace", "-V"),
    ("scons", "scons", "--version"), ("texinfo", "makeinfo", "--version"),
    ("lcov", "lcov", "--version"), ("parallel", "parallel", "--version"),
    ("protoc", "protoc", "--version"), ("mpich", "mpichversion", ""),
    ("openmpi", "ompi_info", "--version"),
]


@pytest.mark.parametrize("soft, exe, flag", CI_TOOLS, ids=[s[0] for s in CI_TOOLS])
def test_a_tool_ci_installs_is_found_with_its_own_version(cli, soft, exe, flag):
    need(exe, installed_by_ci=True)
    entries = detected(cli, soft)
    own = output(*[a for a in (shutil.which(exe), flag) if a])
    assert any(e["version"] in own for e in entries), (
        soft, [e["version"] for e in entries], own[:200])


def deb_upstream(package):
    """The upstream release of an installed Debian package: no epoch, no Debian revision,
    no +dfsg-like suffix; a ``+really`` version is the one it really is."""
    v = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package],
                       capture_output=True, text=True).stdout.strip()
    v = re.sub(r"^\d+:", "", v)
    v = v.split("+really", 1)[-1]
    return re.split(r"[-~+]", v)[0]


#: libraries .ci/run installs: soft and the -dev package whose release the entry must be
CI_LIBS = [
    ("zstd", "libzstd-dev"), ("libpng", "libpng-dev"), ("gmp", "libgmp-dev"),
    ("mpfr", "libmpfr-dev"), ("fftw", "libfftw3-dev"), ("gsl", "libgsl-dev"),
    ("openblas", "libopenblas-dev"), ("sqlite", "libsqlite3-dev"),
    ("yaml-cpp", "libyaml-cpp-dev"), ("fmt", "libfmt-dev"),
    ("nlohmann-json", "nlohmann-json3-dev"), ("eigen", "libeigen3-dev"),
    ("hdf5", "libhdf5-dev"), ("protobuf", "libprotobuf-dev"), ("libtiff", "libtiff-dev"),
    ("libjpeg", "libjpeg62-turbo-dev"),
]


@pytest.mark.parametrize("soft, package", CI_LIBS, ids=[s[0] for s in CI_LIBS])
def test_a_library_ci_installs_is_found_with_its_release(cli, soft, package):
    if not shutil.which("dpkg-query"):
        pytest.skip("not a Debian machine")
    release = deb_upstream(package)
    if not release:
        if IN_CI:
            pytest.fail(f"{package} should have been installed by .ci/run")
        pytest.skip(f"{package} is not installed")
    versions = [e["version"] for e in detected(cli, soft)]
    assert release in versions, (soft, package, release, versions)


@pytest.mark.slow
def test_detect_all_records_everything_without_warnings(cli):
    r = cli("detect", "--all", "--json")
    assert r.rc == 0
    entries = r.json()
    assert len(entries) >= 5
    assert "warning" not in r.err, r.err
    assert len({e["uid"] for e in entries}) == len(entries)
    again = cli("detect", "--all", "--json").json()
    assert sorted(e["uid"] for e in again) == sorted(e["uid"] for e in entries)


def test_debian_renamed_h5py_is_found_by_what_it_installs(cli):
    # python3-h5py's dist-info is h5py._debian_h5py_serial-3.7.0.dist-info (issue 16)
    need("/usr/lib/python3/dist-packages/h5py", installed_by_ci=True)
    (info,) = glob.glob("/usr/lib/python3/dist-packages/h5py*.dist-info")
    version = re.search(r"^Version: (\S+)", open(os.path.join(info, "METADATA")).read(),
                        re.M).group(1)
    got = {(e["version"], e["prefix"]) for e in detected(cli, "py-h5py")}
    assert (version, "/usr/lib/python3/dist-packages") in got


def test_ant_version_is_read_from_its_jar_as_ant_prints_it(cli):
    need("/usr/share/ant/bin/ant", installed_by_ci=True)
    said = re.search(r"version (\d+(?:\.\d+)+)", output("ant", "-version")).group(1)
    (entry,) = [e for e in detected(cli, "ant") if e["prefix"] == "/usr/share/ant"]
    assert entry["version"] == said
    assert entry["attrs"]["release_file"] == "lib/ant.jar!org/apache/tools/ant/version.txt"

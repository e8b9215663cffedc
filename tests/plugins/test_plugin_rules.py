"""Rules of builtin plugins that their cases cannot show: Python builds, EasyBuild's Python."""

from __future__ import annotations

from conftest import run_detect, write_tool

from envmgr.detect.soft import Candidate

# -- 4. a free-threaded python is its own installation -------------------------------


def test_free_threaded_python_beside_the_default_build(tmp_path):
    from plugins.languages.python import Python

    prefix = tmp_path / "py"
    for name, abi in (("python3.13", "cpython-313-x86_64-linux-gnu"),
                      ("python3.13t", "cpython-313t-x86_64-linux-gnu")):
        write_tool(prefix / "bin" / name,
                   f"printf 'envmgr-python\\n3.13.0\\n{prefix}\\n{prefix}\\n{abi}\\nCPython\\n'\n")
    result = run_detect([Python], prefix / "bin")
    got = sorted((f.candidate.name, f.prefix, f.attrs.get("variant")) for f in result.found)
    assert got == [("python3.13", str(prefix), None), ("python3.13t", str(prefix), "t")]


def test_python_variant_from_the_abi_tag():
    from plugins.languages.python import _variant

    assert _variant("cpython-313t-x86_64-linux-gnu") == "t"
    assert _variant("cp313t-win_amd64") == "t"
    assert _variant("cpython-311d-x86_64-linux-gnu") == "d"
    assert _variant("cpython-37m-x86_64-linux-gnu") == ""  # pymalloc: the default build
    assert _variant("cp27") == ""
    assert _variant("pypy310-pp73-x86_64-linux-gnu") == ""


# -- 11. EasyBuild's EB_PYTHON only from a dir of its own ---------------------------------


def test_easybuild_python_only_from_its_own_prefix(tmp_path):
    from plugins.package_managers.easybuild import EasyBuild

    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    python = write_tool(venv / "bin" / "python3", "exit 0\n")
    write_tool(venv / "bin" / "eb",
               'echo "This is EasyBuild 5.4.1 (framework: 5.4.1, easyblocks: 5.4.1) on host x."\n'
               'echo "EB_PYTHON=$EB_PYTHON"\n')
    [found] = run_detect([EasyBuild], venv / "bin").found
    assert found.env["EB_PYTHON"] == str(python)
    assert EasyBuild.own_python(Candidate(str(venv / "bin" / "eb"), str(venv / "bin" / "eb"))) \
        == str(python)
    for shared in ("/usr/bin/eb", "/usr/local/bin/eb", "/bin/eb"):
        assert EasyBuild.own_python(Candidate(shared, shared)) is None


def test_pip_is_read_from_its_distribution_not_run(tmp_path):
    """A venv's real pip: the version comes from the pip-*.dist-info of the Python its
    script names, and agrees with what `pip --version` prints; a pip shadowed by the user
    site, or a script without such a head, is asked instead."""
    import re
    import subprocess
    import sys

    from plugins.package_managers.pip import _from_dist_info

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = str(venv / "bin" / "pip")
    said = subprocess.run([pip, "--version"], capture_output=True, text=True, timeout=120,
                          env={"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PATH": "/usr/bin:/bin"})
    m = re.match(r"pip (\S+) from .* \(python (\d+\.\d+)\)", said.stdout)
    assert m, said.stdout + said.stderr
    assert _from_dist_info(pip) == {"version": m.group(1), "attrs": {"python": m.group(2)}}
    other = tmp_path / "pip-script"
    other.write_text("#!/usr/bin/env python3\nprint('pip 1.0 from x (python 3.11)')\n")
    assert _from_dist_info(str(other)) is None

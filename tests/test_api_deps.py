"""A Python package entry depends on its interpreter: activating one activates both."""

import subprocess

import pytest


@pytest.mark.slow
def test_package_brings_its_python(cli, tmp_path):
    base = "/usr/bin/python3"
    import os

    if not os.path.exists(base):
        pytest.skip("no /usr/bin/python3")
    venv = tmp_path / "venv"
    subprocess.run([base, "-m", "venv", str(venv)], check=True, capture_output=True)
    pip_version = subprocess.run([str(venv / "bin/python"), "-m", "pip", "--version"],
                                 capture_output=True, text=True).stdout.split()[1]
    r = cli("detect", "py-pip", "--no-default-paths", "--search-path", str(venv), "--json")
    assert r.rc == 0, r.err
    [pkg] = r.json()
    assert pkg["version"] == pip_version
    [python] = cli("list", "--tags=python,venv", "--json").json()
    assert python["prefix"] == str(venv)
    assert pkg["deps"] == [python["uid"]]
    out = cli("shell", "--tags=py-pip", "--", "python", "-c",
              "import sys, pip; print(sys.prefix, pip.__version__)").out.split()
    assert out == [str(venv), pip_version]

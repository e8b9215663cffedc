"""A config.toml that cannot be used is one line naming the file, with what to do."""

import os

import pytest

CASES = [
    (b"disabled_plugins = [\"\xff\xfe\"]\n", "not UTF-8"),
    (b"\xef\xbb\xbf\x80", "not UTF-8"),
    (b"disabled_plugins = [\n", "not valid TOML"),
    (b"= 1", "not valid TOML"),
    (b"a = 1\na = 2\n", "not valid TOML"),
    (b"disabled_plugins = \"tools.cmake\"\n", "must be a list of strings"),
    (b"plugin_paths = [1, 2]\n", "must be a list of strings"),
    (b"search_paths = [[\"/a\"]]\n", "must be a list of strings"),
    (b"search_paths = {a = 1}\n", "must be a list of strings"),
    (b"plugin_paths = [\"\"]\n", "which is not a path"),
    (b"search_paths = [\"  \"]\n", "which is not a path"),
    (b"plugin_paths = [\"/a\\u0000b\"]\n", "which is not a path"),
    (b"disabled_plugins = [\"\"]\n", "which is not a plugin name"),
    (b"x = " + b"[" * 3000 + b"]" * 3000 + b"\n", "config file"),
]


@pytest.mark.parametrize("content,says", CASES)
def test_bad_config_is_one_line_naming_the_file(cli, home, tmp_path, content, says):
    cfg = tmp_path / "config"
    cfg.mkdir()
    (cfg / "config.toml").write_bytes(content)
    for args in (["list"], ["shell", "--tags=x", "--", "true"], ["detect", "cmake"]):
        r = cli(*args)
        assert r.rc == 2, (args, r.err)
        lines = r.err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in r.err, r.err
        assert str(cfg / "config.toml") in lines[0] and says in lines[0], lines[0]
        assert "; " in lines[0]  # a suggestion follows


def test_a_config_that_is_not_a_file_is_refused_without_blocking(cli, tmp_path):
    cfg = tmp_path / "config"
    cfg.mkdir()
    os.mkfifo(cfg / "config.toml")  # opening it would wait for a writer forever
    r = cli("list", timeout=20)
    assert r.rc == 2 and "is not a regular file" in r.err
    os.unlink(cfg / "config.toml")
    (cfg / "config.toml").mkdir()
    r = cli("list")
    assert r.rc == 2 and "is not a regular file" in r.err


def test_an_unreadable_config_says_why(cli, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    cfg = tmp_path / "config"
    cfg.mkdir()
    (cfg / "config.toml").write_text("")
    (cfg / "config.toml").chmod(0)
    r = cli("list")
    assert r.rc == 2 and "Permission denied" in r.err


def test_default_dirs_follow_xdg_without_platformdirs(monkeypatch, tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path),
               XDG_CONFIG_HOME="relative/ignored", PYTHONPATH=str(ROOT))
    env.pop("ENVMGR_HOME", None)
    env.pop("ENVMGR_CONFIG_DIR", None)
    code = ("import sys; from envmgr.config import default_home, default_config_dir; "
            "print(default_home()); print(default_config_dir()); "
            "print('platformdirs' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True).stdout.split()
    assert out == [str(tmp_path / "data/envmgr"), str(tmp_path / ".config/envmgr"), "False"]

"""The command line as a user meets it: help, JSON, and one clear line for bad input."""

import pytest

COMMANDS = ["platform", "detect", "list", "show", "rm", "gc", "shell", "activate",
            "deactivate", "search", "plugin", "install", "uninstall", "lock", "restore", "diff",
            "verify", "fetch", "mirror", "recipe", "export", "init", "add", "remove", "sync",
            "run", "status"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(cli, command):
    r = cli(command, "--help")
    assert r.rc == 0
    assert "examples:" in r.out and f"envmgr {command}" in r.out


def test_version(cli):
    r = cli("--version")
    assert r.rc == 0 and r.out.startswith("envmgr ")


def test_platform_json(cli):
    info = cli("platform", "--json").json()
    for key in ("os", "distro", "kernel", "arch", "libc", "cpu", "memory", "gpus"):
        assert key in info
    assert info["cpu"]["logical_cores"] >= 1 and info["cpu"]["model"]
    assert info["memory"]["total_bytes"] > 0
    assert isinstance(info["gpus"], list)
    human = cli("platform")
    assert human.rc == 0 and "cpu" in human.out and "memory" in human.out


def test_search_json_has_the_documented_keys(cli):
    items = cli("search", "--json").json()
    names = {i["name"] for i in items}
    assert {"llvm", "gcc", "python", "cuda", "cmake"} <= names
    for item in items:
        assert {"name", "kind", "category", "tags", "summary"} <= set(item)
        assert item["kind"] in ("soft", "recipe")
    kinds = [i["kind"] for i in items]
    assert kinds == sorted(kinds, key=lambda k: k != "soft")  # softs first, then recipes
    # clang-format and clang-tidy match "clang" too: llvm is found under its alias
    clang = [i for i in cli("search", "clang", "--json").json() if i["name"] == "llvm"]
    assert [(i["name"], i["kind"]) for i in clang] == [("llvm", "soft"), ("llvm", "recipe")]
    llvm = clang[1]
    assert "7.0.0" in llvm["versions"] and llvm["default_version"] == "15.0.6"
    torch = cli("search", "torch", "--kind", "recipe", "--json").json()
    py_torch = next(i for i in torch if i["name"] == "py-torch")
    assert py_torch["variants"] == {"build": {"values": ["cpu", "cuda"], "default": "cpu"}}
    assert {i["kind"] for i in torch} == {"recipe"}
    compilers = cli("search", "--tags=compiler", "--json").json()
    assert "gcc" in {i["name"] for i in compilers} and "cmake" not in {i["name"] for i in compilers}


def test_plugin_list_json(cli):
    rows = cli("plugin", "list", "--json").json()
    cmake = next(r for r in rows if r["name"] == "tools.cmake")
    assert cmake["origin"] == "builtin" and cmake["softs"] == ["cmake"]


@pytest.mark.parametrize(
    "args, code, text",
    [
        (["detect"], 2, "name what to detect, or give --all"),
        (["detect", "llvn"], 3, "no soft 'llvn'; did you mean 'llvm'?"),
        (["list", "--version", ">=abc"], 2, "has no number"),
        (["show", "nosuch-123"], 3, "no entry with uid 'nosuch-123'"),
        (["show"], 2, "give a uid or --tags"),
        (["rm", "nosuch-123"], 3, "no entry with uid"),
        (["-p", "docker", "list"], 2, "write -p no:NAME"),
        (["deactivate"], 1, "no envmgr activation is in effect"),
        (["plugin", "info", "tools.cmak"], 3, "no plugin 'tools.cmak'; did you mean 'tools.cmake'"),
    ],
)
def test_bad_input_is_one_line(cli, args, code, text):
    r = cli(*args)
    assert r.rc == code, r.err
    assert text in r.err
    assert "Traceback" not in r.err
    assert r.err.strip().count("\n") == 0


def test_unknown_command_and_option(cli):
    r = cli("frobnicate")
    assert r.rc == 2 and "invalid choice" in r.err
    r = cli("list", "--nope")
    assert r.rc == 2 and "unrecognized arguments" in r.err


def test_list_show_rm_roundtrip(cli, tmp_path):
    tool = tmp_path / "bin/cmake"
    tool.parent.mkdir()
    tool.write_text("#!/bin/sh\necho 'cmake version 3.99.1'\n")
    tool.chmod(0o755)
    [e] = cli("detect", "cmake", "--no-default-paths", "--search-path", str(tmp_path / "bin"),
              "--json").json()
    assert e["version"] == "3.99.1"
    assert cli("list", "--tags=cmake,v3.99", "--json").json()[0]["uid"] == e["uid"]
    assert cli("list", "--tags=cmake", "--version", "<3", "--json").json() == []
    shown = cli("show", e["uid"][:10], "--json").json()
    assert shown["uid"] == e["uid"]
    assert cli("show", "--tags=cmake", "--json").json()["uid"] == e["uid"]
    text = cli("show", e["uid"]).out
    assert "cmake 3.99.1" in text and "prefix" in text
    r = cli("rm", e["uid"])
    assert r.rc == 0 and "removed" in r.out
    assert cli("list", "--json").json() == []


def _fake_cmake(tmp_path, version="3.99.1"):
    tool = tmp_path / f"cm-{version}/bin/cmake"
    tool.parent.mkdir(parents=True)
    tool.write_text(f"#!/bin/sh\necho 'cmake version {version}'\n")
    tool.chmod(0o755)
    return tool


def test_shell_refuses_an_entry_whose_tool_vanished(cli, tmp_path):
    tool = _fake_cmake(tmp_path)
    [e] = cli("detect", "cmake", "--no-default-paths", "--search-path", str(tool.parent),
              "--json").json()
    tool.unlink()
    r = cli("shell", "--tags=cmake", "--", "cmake", "--version")
    assert r.rc == 3 and "no longer exists" in r.err and "envmgr detect cmake" in r.err
    assert r.out == ""


def test_shell_takes_a_uid_or_its_start(cli, tmp_path):
    tool = _fake_cmake(tmp_path)
    [e] = cli("detect", "cmake", "--no-default-paths", "--search-path", str(tool.parent),
              "--json").json()
    r = cli("shell", f"--tags={e['uid'][:9]}", "--", "cmake", "--version")
    assert r.rc == 0 and r.out == "cmake version 3.99.1\n"


def test_unknown_tag_points_to_search(cli):
    r = cli("shell", "--tags=nosuchthing", "--", "true")
    assert r.rc == 3 and "envmgr search" in r.err


@pytest.mark.parametrize("home_arg", ["/proc/nope", "/etc/passwd"])
def test_unusable_home_is_one_line(cli, home_arg):
    r = cli("--home", home_arg, "list")
    assert r.rc == 4 and "cannot open the registry" in r.err and "Traceback" not in r.err


def test_config_values_are_checked(cli, home, tmp_path):
    cfg = tmp_path / "config"
    cfg.mkdir(exist_ok=True)
    (cfg / "config.toml").write_text('search_paths = "/opt"\n')
    r = cli("list")
    assert r.rc == 2 and "'search_paths' must be a list of strings" in r.err


def test_capture_of_the_wrong_tool_is_a_usage_error(cli):
    r = cli("dev", "capture", "cmake", "/bin/sh")
    assert r.rc == 2 and "is not an installation of cmake" in r.err


def test_plugin_blocks_before_and_after_the_command_add_up(cli):
    rows = cli("-p", "no:tools.git", "plugin", "list", "-p", "no:tools.make", "--json").json()
    disabled = {r["name"] for r in rows if r["disabled"]}
    assert {"tools.git", "tools.make"} <= disabled


COMMAND_PLUGIN = '''
from envmgr import hookimpl


def _setup(parser):
    parser.add_argument("--who", default="world")


def _run(args, app):
    app.out(f"hello {args.who} from {app.em.config.home}")
    return 5


@hookimpl
def envmgr_commands(commands):
    commands.add("hello", "say hello", _setup, _run)
'''


def test_plugins_add_commands(cli, home, tmp_path):
    d = tmp_path / "cmdplugins"
    d.mkdir()
    (d / "hello.py").write_text(COMMAND_PLUGIN)
    env = {"ENVMGR_PLUGIN_PATH": str(d)}
    r = cli("hello", "--who", "tests", env=env)
    assert r.rc == 5 and r.out == f"hello tests from {home}\n", r.err
    assert "say hello" in cli("hello", "--help", env=env).out
    r = cli("nosuchcommand", env=env)
    assert r.rc == 2 and "invalid choice: 'nosuchcommand'" in r.err


def test_blocking_a_plugin_that_does_not_exist_warns(cli):
    r = cli("-p", "no:tools.dockr", "list")
    assert r.rc == 0
    assert "-p no:tools.dockr names no plugin; did you mean 'tools.docker'?" in r.err
    assert cli("-p", "no:tools.docker", "list").err == ""


def test_plugin_info_suggests_from_the_short_name_too(cli):
    r = cli("plugin", "info", "cmak")
    assert r.rc == 3 and "did you mean 'tools.cmake'" in r.err

"""The Soft language's helpers: tags, the probe command; the fake executables of cases."""

from __future__ import annotations

import subprocess

from envmgr.authoring import cases
from envmgr.detect import soft
from envmgr.detect.soft import Candidate, Soft, entry_tags

# -- 12. one helper for each thing --------------------------------------------------------




def test_entry_tags():
    class Tool(Soft):
        name = "mytool"
        aliases = ["MyT"]
        category = "tool"
        tags = ["build"]

    tags = entry_tags(Tool, "1.2.3", ["Extra", "build"], "detected")
    assert tags[:8] == ["mytool", "myt", "tool", "build", "v1", "v1.2", "v1.2.3", "detected"]
    assert tags[-1] == "extra" and len(tags) == len(set(tags))
    assert any(t.startswith("os-") for t in tags) and any(t.startswith("arch-") for t in tags)


def test_fake_executable_quotes_for_the_shell(tmp_path):
    out = "it's \"quoted\" $HOME `x` \\n\n"
    path = tmp_path / "fake"
    path.write_text(cases.fake_executable({"--version": out, "-c it's": "other"}))
    path.chmod(0o755)
    assert subprocess.run([str(path), "--version"], capture_output=True, text=True).stdout == out
    assert subprocess.run([str(path), "-c", "it's"], capture_output=True,
                          text=True).stdout == "other"


def test_run_probe_is_the_probe_command():
    seen = []

    class Tool(Soft):
        name = "envtool"
        executables = ["envtool"]
        version_args = ["-V"]
        probe_env = {"X": "1"}
        version_regex = r"(\d+)"
        timeout = 3

    def run(argv, timeout=None, env=None):
        seen.append((argv, timeout, env))
        return soft.RunResult(tuple(argv), "envtool 7", 0)

    assert Tool.probe(Candidate("/x/envtool", "/x/envtool"), run)["version"] == "7"
    assert seen == [(["/x/envtool", "-V"], 3, {"X": "1"})]


def test_a_packed_version_is_spelt_out():
    from envmgr.detect.soft import Soft

    class Packed(Soft):
        name = "packed"
        version_regex = r"#define V (\d+)"
        version_packing = (100000, 100)

    assert Packed.determine_version("#define V 107400") == "1.74.0"
    assert Packed.determine_version("#define V 201009") == "2.10.9"
    assert Packed.unpack_version("1_74") is None  # no integer: no version, not a guess

"""System dirs from the machine: ld.so.conf with its includes, multiarch, shared bin dirs."""

import os
import sys

from envmgr.detect import syspaths


def test_ld_so_conf_includes_are_followed(tmp_path):
    d = tmp_path / "ld.so.conf.d"
    d.mkdir()
    (d / "a.conf").write_text("# comment\n/opt/a/lib\n\n/opt/b/lib  # trailing\n")
    (d / "b.conf").write_text("include nested/*.conf\n")
    (d / "nested").mkdir()
    (d / "nested" / "c.conf").write_text("/opt/c/lib\n")
    (d / "skip.txt").write_text("/opt/never\n")
    conf = tmp_path / "ld.so.conf"
    conf.write_text(f"include {d}/*.conf\n/opt/top/lib\ninclude\tld.so.conf.d/b.conf\n"
                    "include self.conf\n")
    (tmp_path / "self.conf").write_text(f"include {tmp_path}/self.conf\n")  # a loop: bounded
    dirs = syspaths.ld_so_conf_dirs(str(conf))
    assert dirs == ["/opt/a/lib", "/opt/b/lib", "/opt/c/lib", "/opt/top/lib", "/opt/c/lib"]


def test_multiarch_is_this_machines():
    triple = syspaths.multiarch()
    expected = getattr(sys.implementation, "_multiarch", None)
    if expected:
        assert triple == expected
    if triple:
        assert syspaths.looks_multiarch(triple)
        assert f"/usr/lib/{triple}" in syspaths.loader_dirs()


def test_one_rule_for_shared_bin_dirs(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    for d in ("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/usr/local/sbin/",
              "/snap/bin", str(tmp_path / ".local/bin")):
        assert syspaths.shared_bin_dir(d), d
    for d in ("/opt/llvm/bin", "/usr/lib/llvm-16/bin", str(tmp_path / "venv/bin")):
        assert not syspaths.shared_bin_dir(d), d


def test_a_link_into_a_system_lib_dir_is_a_system_dir(tmp_path):
    link = tmp_path / "lib"
    os.symlink("/usr/lib", link)
    assert syspaths.is_system_lib_dir(str(link))
    assert not syspaths.is_system_lib_dir(str(tmp_path))

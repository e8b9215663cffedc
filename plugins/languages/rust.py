"""Rust toolchains (rustc with cargo), from rustup or the system."""

import os
from typing import Any

from envmgr.soft import Candidate, Found, Probed, Reject, Runner, Soft


class Rust(Soft):
    name = "rust"
    aliases = ["rustc"]
    category = "compiler"
    tags = ["lang-rust"]
    summary = "Rust compiler and toolchain (rustc, cargo)"
    executables = [r"rustc"]
    # ~/.cargo/bin holds rustup's proxies, not toolchains: look in the toolchains.
    search_dirs = ["$RUSTUP_HOME/toolchains/*/bin", "~/.rustup/toolchains/*/bin"]
    companions = ["cargo", "rustdoc", "rustfmt", "cargo-clippy", "clippy-driver", "rust-gdb"]
    compilers = {"rust": "rustc"}
    version_args = ["-vV"]
    rejects = True  # a rustup proxy: a negative case records it
    side_by_side = True  # the stable and nightly toolchains: a case has them in one layout
    # "rustc 1.97.0-nightly (e50aa6fba 2026-05-19)": version 1.97.0, channel nightly.
    version_regex = r"^rustc (?P<version>\d+\.\d+\.\d+)"
    attrs_regex = {
        "release": r"^release: (\S+)",
        "host": r"^host: (\S+)",
        "commit_date": r"^commit-date: (\S+)",
        "llvm": r"^LLVM version: (\S+)",
        "channel": r"^rustc \d+\.\d+\.\d+-(nightly|beta|dev)",  # else stable (determine_attrs)
    }

    @classmethod
    def probe(cls, candidate: Candidate, run: Runner) -> Probed:
        if os.path.basename(candidate.realpath).startswith("rustup"):
            raise Reject("a rustup proxy, not a toolchain")
        return super().probe(candidate, run)

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        attrs = super().determine_attrs(output)
        attrs.setdefault("channel", "stable")  # a release prints no channel
        return attrs

    @classmethod
    def extra_tags(cls, found: Found) -> list[str]:
        return [str(found.attrs.get("channel", "stable"))]

"""Cargo, Rust's package manager and build tool, one per toolchain."""

from envmgr.soft import Soft


class Cargo(Soft):
    name = "cargo"
    category = "package-manager"
    tags = ["rust-tools", "build"]
    summary = "Cargo, the package manager and build tool of Rust"
    # ~/.cargo/bin/cargo is a rustup proxy (skipped); the real ones are in each toolchain.
    executables = [r"cargo"]
    search_dirs = ["~/.rustup/toolchains/*/bin", "$RUSTUP_HOME/toolchains/*/bin"]
    # "cargo 1.95.0 (f2d3ce0bd 2026-03-21)" (rustup), "cargo 1.65.0" (Debian)
    version_regex = r"^cargo (?P<version>\d+\.\d+\.\d+(?:-(?:beta|nightly)(?:\.\d+)?)?)"
    attrs_regex = {"commit": r"^cargo \S+ \((\w+) \d{4}-\d\d-\d\d\)"}
    side_by_side = True  # Debian's cargo beside rustup's toolchain: a case has both

"""uv, Astral's Python package and project manager."""

from envmgr.soft import Soft


class Uv(Soft):
    name = "uv"
    category = "package-manager"
    tags = ["python-tools"]
    summary = "uv, a fast Python package and project manager"
    executables = [r"uv"]
    search_dirs = ["~/.local/bin", "~/.cargo/bin", "$UV_INSTALL_DIR"]
    companions = ["uvx"]
    # "uv 0.13.9 (x86_64-unknown-linux-gnu)", a release build "uv 0.4.30 (61ed2a236
    # 2024-11-04)".
    version_regex = (r"^uv (?P<version>\d+\.\d+\.\d+(?:-?(?:a|b|rc|alpha|beta)\.?\d+)?)"
                     r"(?:\+\d+)?(?: |$)")
    attrs_regex = {"target": r"^uv \S+ \(([\w-]+-linux-[\w-]+|[\w-]+-apple-darwin)\)"}

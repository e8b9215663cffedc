"""DLPack, the in-memory tensor exchange header, found by its dlpack.h."""

from __future__ import annotations

from envmgr.soft import Soft, header_macros


class DLPack(Soft):
    name = "dlpack"
    aliases = ["libdlpack"]
    category = "lib"
    tags = ["ml", "tensor", "header-only"]
    summary = "DLPack open in-memory tensor structure (header)"
    # dlpack.h: 1.0+ has DLPACK_MAJOR_VERSION / DLPACK_MINOR_VERSION; 0.x only the encoded
    # DLPACK_VERSION (60 is 0.6, 80 is 0.8).
    headers = ["dlpack/dlpack.h"]
    version_macros = ["DLPACK_MAJOR_VERSION", "DLPACK_MINOR_VERSION"]

    @classmethod
    def version_from_macros(cls, text: str) -> str | None:
        """``major.minor``, or the 0.x encoded ``DLPACK_VERSION`` decoded."""
        version = super().version_from_macros(text)
        if version:
            return version
        code = header_macros(text).get("DLPACK_VERSION", "")
        if not code.isdigit():
            return None
        n = int(code)
        return f"{n // 100}.{(n % 100) // 10}"

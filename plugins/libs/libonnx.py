"""ONNX's C++ library (the model format and its checker), found by its version header."""

from envmgr.soft import Soft


class LibONNX(Soft):
    name = "libonnx"
    aliases = ["lib-onnx"]
    category = "lib"
    tags = ["ml", "onnx"]
    summary = "ONNX C++ library: the model format, checker and shape inference (headers)"
    # onnx/common/version.h: constexpr const char* LAST_RELEASE_VERSION = "1.12.0" (a
    # release's own version; a source tree between releases names the last one). The
    # soname libonnx.so.1 holds only the major. "onnx" is py-onnx's alias.
    headers = ["onnx/common/version.h"]
    version_regex = r'LAST_RELEASE_VERSION\s*=\s*"(?P<version>\d+(?:\.\d+)+)"'

"""LibTorch, PyTorch's C++ library, found by its version header."""

from __future__ import annotations

from envmgr.soft import Candidate, Probed, Reject, Soft, read_text

_FORWARD = "torch/headeronly/version.h"


class LibTorch(Soft):
    name = "libtorch"
    aliases = ["torch-cpp", "lib-torch"]
    category = "lib"
    tags = ["ml", "dnn"]
    summary = "LibTorch, the C++ API and libraries of PyTorch (headers)"
    # torch/csrc/api/include/torch/version.h holds TORCH_VERSION_* up to 2.x; newer ones
    # (2.14) only include torch/headeronly/version.h, which holds them. The header is the
    # truth: Debian's 1.13.1+dfsg package was built as 1.13.0 (its header,
    # TorchConfigVersion.cmake and libtorch.so.1.13.0 all say so); a wheel's header
    # drops the "+cu130" local tag of torch.__version__.
    headers = [_FORWARD, "torch/csrc/api/include/torch/version.h"]
    version_macros = ["TORCH_VERSION_MAJOR", "TORCH_VERSION_MINOR", "TORCH_VERSION_PATCH"]
    # a torch wheel: site-packages/torch/{include,lib}
    search_dirs = ["$VIRTUAL_ENV/lib/python3*/site-packages/torch",
                   "$CONDA_PREFIX/lib/python3*/site-packages/torch",
                   "~/.local/lib/python3*/site-packages/torch",
                   "~/.pyenv/versions/*/lib/python3*/site-packages/torch",
                   "/usr/local/lib/python3*/dist-packages/torch",
                   "/usr/lib/python3/dist-packages/torch", "/opt/libtorch", "$LIBTORCH"]
    side_by_side = True  # Debian's 1.13.0 beside a wheel's 2.14.1: a case has both
    rejects = True  # a version.h that only forwards to the headeronly one: a negative case
    env = {"Torch_DIR": "{prefix}/share/cmake/Torch"}

    @classmethod
    def probe_header(cls, candidate: Candidate) -> Probed:
        """The macros' version; a header that only includes the headeronly one is that
        one's candidate, so it is turned down here."""
        try:
            return super().probe_header(candidate)
        except Reject:
            if _FORWARD in read_text(candidate.realpath):
                raise Reject(f"{candidate.path} only includes {_FORWARD}") from None
            raise

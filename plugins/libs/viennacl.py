"""ViennaCL, the header-only GPU linear algebra library, found by its version.hpp."""

from envmgr.soft import Soft


class ViennaCL(Soft):
    name = "viennacl"
    aliases = ["libviennacl"]
    category = "lib"
    tags = ["blas", "math", "opencl", "gpu", "header-only"]
    summary = "ViennaCL linear algebra for GPUs and many-core CPUs (headers)"
    # viennacl/version.hpp is the only version an installation holds, and the truth of
    # what the code says: the 1.7.1 release (Debian's 1.7.1+dfsg1) left it at 1.7.0, so
    # 1.7.1 cannot be told from 1.7.0 by any file; a case records that release.
    headers = ["viennacl/version.hpp"]
    version_macros = ["VIENNACL_MAJOR_VERSION", "VIENNACL_MINOR_VERSION",
                      "VIENNACL_PATCH_VERSION"]

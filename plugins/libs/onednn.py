"""oneDNN (formerly MKL-DNN, DNNL), Intel's deep-learning primitives, found by its header."""

from envmgr.soft import Soft


class OneDNN(Soft):
    name = "onednn"
    aliases = ["dnnl", "mkl-dnn", "libdnnl", "mkldnn", "lib-dnnl"]
    category = "lib"
    tags = ["dnn", "ml"]
    summary = "oneDNN deep neural network primitives (headers)"
    # oneapi/dnnl/dnnl_version.h holds the whole version (2.6.3); the soname
    # libdnnl.so.2.6 only major.minor, so the library form is not declared.
    headers = ["oneapi/dnnl/dnnl_version.h"]
    version_macros = ["DNNL_VERSION_MAJOR", "DNNL_VERSION_MINOR", "DNNL_VERSION_PATCH"]
    attrs_regex = {"hash": r'^#define\s+DNNL_VERSION_HASH\s+"([0-9a-f]{7,40})"'}

"""ocl-icd, the OpenCL ICD loader, found by its pkg-config file."""

from envmgr.soft import Soft


class OclIcd(Soft):
    name = "ocl-icd"
    aliases = ["opencl-icd-loader"]
    category = "lib"
    tags = ["gpu", "compute", "opencl"]
    summary = "ocl-icd OpenCL ICD loader (pkg-config)"
    pkgconfig = "ocl-icd"  # the loader's release (2.3.1); OpenCL.pc says the API (3.0)

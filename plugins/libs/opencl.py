"""OpenCL, the compute API, found by the ICD loader's OpenCL.pc."""

from envmgr.soft import Soft


class OpenCL(Soft):
    name = "opencl"
    aliases = ["lib-opencl", "libopencl"]
    category = "lib"
    tags = ["gpu", "compute"]
    summary = "OpenCL API as the ICD loader provides it (pkg-config: the OpenCL version)"
    # OpenCL.pc's Version is the OpenCL standard the loader speaks (3.0); the loader's
    # own release is ocl-icd.pc's (soft "ocl-icd"), and libOpenCL.so.1.0.0 is neither.
    pkgconfig = "OpenCL"

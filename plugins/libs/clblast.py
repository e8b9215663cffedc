"""CLBlast, the tuned OpenCL BLAS, found by its pkg-config file."""

from envmgr.soft import Soft


class CLBlast(Soft):
    name = "clblast"
    aliases = ["libclblast", "lib-clblast"]
    category = "lib"
    tags = ["blas", "math", "opencl"]
    summary = "CLBlast tuned OpenCL BLAS library (pkg-config)"
    pkgconfig = "clblast"  # clblast.pc and libclblast.so.1.5.3 agree; the .pc says it

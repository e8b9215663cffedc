"""OpenGL's development files as libglvnd ships them, found by gl.pc."""

from envmgr.soft import Soft


class OpenGL(Soft):
    name = "opengl"
    aliases = ["libgl", "gl"]
    category = "lib"
    tags = ["graphics"]
    summary = "OpenGL library libGL (pkg-config: the OpenGL ABI version it declares)"
    # gl.pc says what `pkg-config --modversion gl` says: the OpenGL level of the Linux
    # ABI (libglvnd's is "1.2"). libGL.so.1.7.0's numbers are libglvnd's library ABI and
    # the driver's release is Mesa's dri.pc (soft "mesa"): neither is read here.
    pkgconfig = "gl"

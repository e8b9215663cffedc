"""Mesa, the OpenGL/Vulkan driver stack, found by its dri.pc."""

from envmgr.soft import Soft


class Mesa(Soft):
    name = "mesa"
    aliases = ["mesa3d", "libgl-mesa"]
    category = "lib"
    tags = ["graphics", "opengl"]
    summary = "Mesa 3D graphics drivers (pkg-config dri)"
    # dri.pc (mesa-common-dev / the DRI driver package) carries Mesa's release: 22.3.6.
    # libGLX_mesa.so.0.0.0 and the drivers' file names carry none.
    pkgconfig = "dri"

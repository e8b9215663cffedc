"""GLEW, the OpenGL extension wrangler, found by its pkg-config file."""

from envmgr.soft import Soft


class GLEW(Soft):
    name = "glew"
    aliases = ["libglew"]
    category = "lib"
    tags = ["graphics", "opengl"]
    summary = "GLEW OpenGL extension wrangler library (pkg-config)"
    # GL/glew.h has no release macro (its GLEW_VERSION_* name GL versions); the library
    # is libGLEW.so.2.2.0 with the release, but glew.pc says it too.
    pkgconfig = "glew"
